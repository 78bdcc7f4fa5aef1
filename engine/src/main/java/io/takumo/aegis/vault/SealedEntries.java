package io.takumo.aegis.vault;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vault's table: token to sealed value, bounded both in entries and in bytes (sealed value
 * plus token, what grows with the secrets), least recently used out first, and entries idle longer
 * than the expiry forgotten.
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

  private final long maxSize;
  private final long maxBytes;
  private final long idleNanos;
  /** Access order: iteration starts at the least recently used entry, which goes first. */
  private final LinkedHashMap<String, Sealed> entries = new LinkedHashMap<>(16, 0.75f, true);
  /** What the entries weigh, per {@link #weight}; guarded by this. */
  private long bytes;
  /** Entries dropped to keep within the bounds (not for idleness); guarded by this. */
  private long evicted;

  SealedEntries(long maxSize, long maxBytes, long idleNanos) {
    this.maxSize = maxSize;
    this.maxBytes = maxBytes;
    this.idleNanos = idleNanos;
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
      bytes -= weight(token, e.box);
      return null;
    }
    e.lastUsed = now;
    return e.box;
  }

  /**
   * Adds {@code token} unless present (then only refreshes it), drops expired entries, and then
   * the least recently used ones while either bound is exceeded: an entry heavier than {@code
   * maxBytes} on its own does not stay either, so the bounds always hold.
   */
  synchronized void putIfAbsent(String token, byte[] box) {
    long now = System.nanoTime();
    Sealed e = entries.get(token);
    if (e != null) {
      e.lastUsed = now;
      return;
    }
    entries.put(token, new Sealed(box, now));
    bytes += weight(token, box);
    expireIdle(now);
    Iterator<Map.Entry<String, Sealed>> it = entries.entrySet().iterator();
    while ((entries.size() > maxSize || bytes > maxBytes) && it.hasNext()) {
      Map.Entry<String, Sealed> eldest = it.next();
      it.remove();
      bytes -= weight(eldest.getKey(), eldest.getValue().box);
      evicted++;
    }
  }

  synchronized long size() {
    return entries.size();
  }

  /** The bytes the entries weigh: their sealed values and tokens. */
  synchronized long bytes() {
    return bytes;
  }

  /** How many entries were dropped to keep within the bounds, since the start. */
  synchronized long evicted() {
    return evicted;
  }

  /**
   * What an entry counts against {@code maxBytes}: its sealed value (IV, ciphertext, tag) and its
   * token (ASCII, one byte a character in a compact string). The fixed cost of an entry is bounded
   * by {@code maxSize}.
   */
  static long weight(String token, byte[] box) {
    return (long) box.length + token.length();
  }

  /** Least recently used entries come first, so expiry stops at the first one still fresh. */
  private void expireIdle(long now) {
    Iterator<Map.Entry<String, Sealed>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Sealed> e = it.next();
      if (now - e.getValue().lastUsed <= idleNanos) {
        return;
      }
      it.remove();
      bytes -= weight(e.getKey(), e.getValue().box);
    }
  }
}
