package io.takumo.aegis.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Maps tokens to the secrets they stand for, for the life of the process.
 *
 * <p>Tokens are derived with HMAC-SHA256 under a key drawn fresh for each vault, so the same
 * secret always gets the same token (multi-turn histories and signed thinking blocks stay
 * consistent) while nothing outside this process can compute or reverse one. Values are kept
 * sealed with AES-GCM under a second per-vault key, so a heap dump shows no secret in the clear.
 * Only tokens this vault issued are ever revealed.
 *
 * <p>The vault is bounded in entries and in bytes: when either bound is reached the least
 * recently used token is forgotten (and counted, see {@link #evictedCount()}), and is then no
 * longer restored.
 */
public final class Vault implements Revealer, Tokenizer {

  private static final int GCM_IV_BYTES = 12;
  private static final int GCM_TAG_BITS = 128;
  private static final int MAX_IDLE_CIPHERS = 8;

  private final SecureRandom random = new SecureRandom();
  private final Mac macPrototype;
  private final SecretKey sealKey;
  private final SealedEntries sealed;
  private final LongAdder revealed = new LongAdder();
  /**
   * Idle ciphers for reuse: a new one costs a provider lookup and an AES key schedule, several
   * times the decryption of a short secret. GCM may be re-initialized with a fresh IV each time.
   */
  private final ConcurrentLinkedQueue<Cipher> idleCiphers = new ConcurrentLinkedQueue<>();

  /** A vault bounded in entries only (a scratch vault, a test). */
  public Vault(long maximumSize, Duration idleExpiry) {
    this(maximumSize, Long.MAX_VALUE, idleExpiry);
  }

  /**
   * @param maximumSize most tokens held
   * @param maximumBytes most bytes of sealed values and tokens held
   */
  public Vault(long maximumSize, long maximumBytes, Duration idleExpiry) {
    try {
      byte[] macKey = new byte[32];
      byte[] aesKey = new byte[32];
      random.nextBytes(macKey);
      random.nextBytes(aesKey);
      macPrototype = Mac.getInstance("HmacSHA256");
      macPrototype.init(new SecretKeySpec(macKey, "HmacSHA256"));
      sealKey = new SecretKeySpec(aesKey, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256 or AES: " + e.getMessage(), e);
    }
    sealed = new SealedEntries(maximumSize, maximumBytes, idleExpiry.toNanos());
  }

  /** Returns the token for {@code secret}, issuing it if this vault has not seen it yet. */
  @Override
  public String tokenize(String secret, String hint) {
    String token = tokenFor(secret, hint);
    // A hit also refreshes the entry's idle clock: a secret still in use stays restorable.
    if (sealed.get(token) == null) {
      sealed.putIfAbsent(token, seal(secret));
    }
    return token;
  }

  /**
   * A tokenizer that gives the tokens this vault gives, but keeps nothing: for mode observe, which
   * reports tokens (their fingerprints) and never restores one.
   */
  public Tokenizer withoutKeeping() {
    return new KeepingNothing(this);
  }

  private static final class KeepingNothing implements Tokenizer {
    private final Vault vault;

    KeepingNothing(Vault vault) {
      this.vault = vault;
    }

    @Override
    public String tokenize(String secret, String hint) {
      return vault.tokenFor(secret, hint);
    }
  }

  private String tokenFor(String secret, String hint) {
    if (!TokenFormat.isValidHint(hint)) {
      throw new IllegalArgumentException("invalid token hint");
    }
    return TokenFormat.PREFIX + hint + '_' + body(hint, secret);
  }

  /** Returns the secret behind {@code token}, or {@code null} if this vault did not issue it. */
  @Override
  public String reveal(CharSequence token) {
    byte[] box = sealed.get(token.toString());
    if (box == null) {
      return null;
    }
    revealed.increment();
    return unseal(box);
  }

  /** Whether this vault issued {@code token} (and still holds it), without revealing it. */
  public boolean issued(CharSequence token) {
    return sealed.get(token.toString()) != null;
  }

  /** How many tokens this vault has revealed (restored in responses) so far. */
  public long revealedCount() {
    return revealed.sum();
  }

  /** Whether no token has been issued (or all have expired): responses then need no restoring. */
  public boolean isEmpty() {
    return sealed.size() == 0;
  }

  public long size() {
    return sealed.size();
  }

  /** The bytes counted against the byte bound: sealed values and tokens. */
  public long bytes() {
    return sealed.bytes();
  }

  /**
   * How many tokens were forgotten to keep within the bounds (not for idleness) since the vault
   * was made: each is no longer restored.
   */
  public long evictedCount() {
    return sealed.evicted();
  }

  private String body(String hint, String secret) {
    byte[] digest;
    try {
      Mac mac = (Mac) macPrototype.clone();
      mac.update(hint.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
    return base32(digest, TokenFormat.BODY_LENGTH);
  }

  /** Encodes the first {@code chars * 5} bits of {@code bytes}. */
  static String base32(byte[] bytes, int chars) {
    StringBuilder out = new StringBuilder(chars);
    int buffer = 0;
    int bits = 0;
    int next = 0;
    while (out.length() < chars) {
      if (bits < 5) {
        buffer = (buffer << 8) | (bytes[next++] & 0xff);
        bits += 8;
      }
      out.append(TokenFormat.BODY_ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
      bits -= 5;
    }
    return out.toString();
  }

  private byte[] seal(String secret) {
    try {
      byte[] iv = new byte[GCM_IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = takeCipher();
      cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(GCM_TAG_BITS, iv));
      byte[] ciphertext = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      giveBack(cipher);
      return ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal a vault entry: " + e.getClass().getSimpleName(), e);
    }
  }

  private String unseal(byte[] box) {
    try {
      Cipher cipher = takeCipher();
      cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(GCM_TAG_BITS, box, 0, GCM_IV_BYTES));
      byte[] plain = cipher.doFinal(box, GCM_IV_BYTES, box.length - GCM_IV_BYTES);
      giveBack(cipher);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not unseal a vault entry: " + e.getClass().getSimpleName(), e);
    }
  }

  private Cipher takeCipher() throws GeneralSecurityException {
    Cipher idle = idleCiphers.poll();
    return idle != null ? idle : Cipher.getInstance("AES/GCM/NoPadding");
  }

  /** Keeps a cipher that completed its operation (a failed one is dropped); a few at most. */
  private void giveBack(Cipher cipher) {
    if (idleCiphers.size() < MAX_IDLE_CIPHERS) {
      idleCiphers.offer(cipher);
    }
  }
}
