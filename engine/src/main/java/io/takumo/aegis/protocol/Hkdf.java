package io.takumo.aegis.protocol;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), on the JDK's HMAC. */
public final class Hkdf {

  private Hkdf() {}

  public static byte[] extract(byte[] salt, byte[] inputKeyMaterial) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    return mac.doFinal(inputKeyMaterial);
  }

  public static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) i);
      block = mac.doFinal();
      int n = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    return out;
  }
}
