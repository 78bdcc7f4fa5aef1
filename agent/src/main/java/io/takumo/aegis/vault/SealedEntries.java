package io.takumo.aegis.vault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vault's table: token to sealed value, bounded, least recently used out first, and entries
 * idle longer than the expiry forgotten.
 *
 * <p>Deliberately not a cache library: Caffeine, the obvious choice, calls {@code
 * System.getLogger} when its classes initialise, and on JDK 17 that initialises {@code
 * java.util.logging}, fixing the app's {@code LogManager} before an app server or the app itself
 * could install its own; it also costs some 150 ms to load. A few operations per request under one
 * short lock (no I/O inside it, so virtual threads are not pinned for long) need nothing more.
 */
final class SealedEntries {

  private static final class Sealed {
    final byte[] box;
    long lastUsed;

    Sealed(byte[] box, long now) {
      this.box = box;
      this.lastUsed = now;
    }
  }

  private final long idleNanos;
  private final Map<String, Sealed> entries;

  SealedEntries(long maxSize, long idleNanos) {
    this.idleNanos = idleNanos;
    // Access order: iteration starts at the least recently used entry, which goes first.
    this.entries =
        new LinkedHashMap<String, Sealed>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Sealed> eldest) {
            return size() > maxSize;
          }
        };
  }

  /** The sealed value of {@code token}, refreshing its idle clock; null if absent or expired. */
  synchronized byte[] get(String token) {
    Sealed e = entries.get(token);
    if (e == null) {
      return null;
    }
    long now = System.nanoTime();
    if (now - e.lastUsed > idleNanos) {
      entries.remove(token);
      return null;
    }
    e.lastUsed = now;
    return e.box;
  }

  /** Adds {@code token} unless present (then only refreshes it), and drops expired entries. */
  synchronized void putIfAbsent(String token, byte[] box) {
    long now = System.nanoTime();
    Sealed e = entries.get(token);
    if (e != null) {
      e.lastUsed = now;
      return;
    }
    entries.put(token, new Sealed(box, now));
    expireIdle(now);
  }

  synchronized long size() {
    return entries.size();
  }

  /** Least recently used entries come first, so expiry stops at the first one still fresh. */
  private void expireIdle(long now) {
    java.util.Iterator<Sealed> it = entries.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().lastUsed <= idleNanos) {
        return;
      }
      it.remove();
    }
  }
}
