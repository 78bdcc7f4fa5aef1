package io.takumo.aegis.rewrite;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The outcome of rewriting one body: the new bytes and how many secrets of each rule it held. */
public final class Rewrite {

  private final byte[] body;
  private final Map<String, Integer> countsByRule;

  Rewrite(byte[] body, Map<String, Integer> countsByRule) {
    this.body = body;
    this.countsByRule = Collections.unmodifiableMap(new TreeMap<>(countsByRule));
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

  public int secrets() {
    int n = 0;
    for (int c : countsByRule.values()) {
      n += c;
    }
    return n;
  }
}
