package io.takumo.aegis.server.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an agent session's MAC key for Redis: AES-256-GCM under a key derived from the gateways'
 * shared signing key, bound to the session (its reference, API key hash and end) as associated
 * data, so that what Redis holds is useless without the signing key and cannot be moved to
 * another session. Another gateway needs the MAC key to check the session's signatures.
 */
final class SessionSeal {
  private static final int IV_BYTES = 12;

  private final SecretKeySpec key;
  private final SecureRandom random;

  /** @param key 32 bytes ({@link io.takumo.aegis.server.signing.SigningKey#derive}) */
  SessionSeal(byte[] key, SecureRandom random) {
    this.key = new SecretKeySpec(key, "AES");
    this.random = random;
  }

  String seal(byte[] macKey, String context) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, iv, context, macKey);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
  }

  /** @throws IllegalStateException when the text was not sealed for this context by this key */
  byte[] open(String text, String context) {
    byte[] all = Base64.getDecoder().decode(text);
    byte[] iv = java.util.Arrays.copyOf(all, IV_BYTES);
    return run(Cipher.DECRYPT_MODE, iv, context, java.util.Arrays.copyOfRange(all, IV_BYTES, all.length));
  }

  private byte[] run(int mode, byte[] iv, String context, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a shared session's key does not open: was it sealed by a gateway with another"
          + " signing key? (" + e.getClass().getSimpleName() + ")");
    }
  }
}
