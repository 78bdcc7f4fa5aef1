package io.takumo.aegis.server.session;

/**
 * One agent's session: the key that opened it (by its hash, looked up again on every request so
 * that a revoked key stops its sessions at once), the MAC key its requests are signed with, when
 * it ends, and its nonces. Never logged: {@link #toString} names the id only.
 */
public final class Session {
  private final String id;
  private final String keyHash;
  private final byte[] macKey;
  private final long expiresAtMillis;
  private final NonceWindow nonces;

  Session(String id, String keyHash, byte[] macKey, long expiresAtMillis, int nonceCapacity) {
    this(id, keyHash, macKey, expiresAtMillis, new NonceWindow(nonceCapacity));
  }

  private Session(String id, String keyHash, byte[] macKey, long expiresAtMillis, NonceWindow nonces) {
    this.id = id;
    this.keyHash = keyHash;
    this.macKey = macKey;
    this.expiresAtMillis = expiresAtMillis;
    this.nonces = nonces;
  }

  /** A session read back from a shared store, whose nonces that store keeps. */
  public static Session shared(String id, String keyHash, byte[] macKey, long expiresAtMillis) {
    return new Session(id, keyHash, macKey, expiresAtMillis, (NonceWindow) null);
  }

  public String id() {
    return id;
  }

  /** The SHA-256 of the org API key that opened the session, as the store finds keys. */
  public String keyHash() {
    return keyHash;
  }

  /** The key its requests are signed with: a secret, never logged (a shared store keeps it sealed). */
  public byte[] macKey() {
    return macKey;
  }

  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  /** Its nonces in this process's memory; null for a shared store's session. */
  NonceWindow nonces() {
    return nonces;
  }

  @Override
  public String toString() {
    return "Session[" + id + "]";
  }
}
