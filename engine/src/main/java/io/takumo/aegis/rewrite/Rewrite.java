package io.takumo.aegis.rewrite;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outcome of rewriting one body: the new bytes, how many secrets of each rule it held and the
 * tokens that replaced them.
 */
public final class Rewrite {

  private final byte[] body;
  private final Map<String, Integer> countsByRule;
  private final Set<String> tokens;

  Rewrite(byte[] body, Tally tally) {
    this.body = body;
    this.countsByRule = Collections.unmodifiableMap(new TreeMap<>(tally.countsByRule()));
    this.tokens = Collections.unmodifiableSet(tally.tokens());
  }

  public byte[] body() {
    return body;
  }

  public boolean changed() {
    return !countsByRule.isEmpty();
  }

  public Map<String, Integer> countsByRule() {
    return countsByRule;
  }

  /** The distinct tokens that replaced secrets, in the order they first appeared. */
  public Set<String> tokens() {
    return tokens;
  }

  public int secrets() {
    int n = 0;
    for (int c : countsByRule.values()) {
      n += c;
    }
    return n;
  }
}
