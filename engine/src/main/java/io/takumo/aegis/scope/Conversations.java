package io.takumo.aegis.scope;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * For {@code restore-scope: conversation}: the tokens each conversation kept on the provider's side
 * (a response id, a conversation id, a thread id) may have restored. Bounded like the vault: at
 * most {@code maxTokens} token references in all (the least recently used conversations are
 * dropped first), and a conversation unused for the vault's idle expiry is forgotten.
 */
final class Conversations {

  private static final class Entry {
    final Set<String> tokens = new HashSet<>();
    long lastUsed;
  }

  private final long maxTokens;
  private final long idleNanos;
  /** In access order: the eldest is the least recently used. Guarded by this. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long tokenCount;

  Conversations(long maxTokens, long idleNanos) {
    this.maxTokens = maxTokens;
    this.idleNanos = idleNanos;
  }

  /** The tokens conversation {@code id} holds, refreshing it; empty if unknown or expired. */
  synchronized Set<String> tokensOf(String id) {
    Entry e = entries.get(id);
    long now = System.nanoTime();
    if (e == null || now - e.lastUsed > idleNanos) {
      if (e != null) {
        remove(id, e);
      }
      return Collections.emptySet();
    }
    e.lastUsed = now;
    return Collections.unmodifiableSet(new HashSet<>(e.tokens));
  }

  /** Adds {@code tokens} to conversation {@code id}, creating it if needed. */
  synchronized void add(String id, Collection<String> tokens) {
    long now = System.nanoTime();
    Entry e = entries.get(id);
    if (e == null) {
      e = new Entry();
      entries.put(id, e);
    }
    e.lastUsed = now;
    for (String token : tokens) {
      if (e.tokens.add(token)) {
        tokenCount++;
      }
    }
    trim(now);
  }

  synchronized int size() {
    return entries.size();
  }

  /** Drops expired conversations, then the least recently used while over the bound. */
  private void trim(long now) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> next = it.next();
      boolean expired = now - next.getValue().lastUsed > idleNanos;
      if (!expired && tokenCount <= maxTokens) {
        break;
      }
      tokenCount -= next.getValue().tokens.size();
      it.remove();
    }
  }

  private void remove(String id, Entry e) {
    entries.remove(id);
    tokenCount -= e.tokens.size();
  }
}
