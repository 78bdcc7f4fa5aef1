package io.takumo.aegis.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A routed request's signature (docs/gateway-protocol.md, "Request signature"): HMAC-SHA256 under
 * the session's MAC key over the canonical request, lines joined by {@code \n}:
 *
 * <pre>
 * TAKUMO-AEGIS-HMAC-SHA256
 * METHOD
 * upstream URL
 * session id
 * timestamp
 * nonce
 * body digest
 * signed header names, lower case, ';'-joined (empty line if none)
 * name:value, one line per signed header, in that order
 * </pre>
 */
public final class CanonicalRequest {

  public static final String ALGORITHM = "TAKUMO-AEGIS-HMAC-SHA256";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  /**
   * The headers a signature covers when the request carries them, in this order: the provider
   * credentials first (a gateway refuses a request carrying one of these unsigned), then the ones
   * that say how to read the body.
   */
  public static final List<String> SIGNED_HEADERS =
      Collections.unmodifiableList(Arrays.asList(
          "authorization", "api-key", "x-api-key", "x-goog-api-key", "content-type", "content-encoding", "content-length"));

  /** The provider-credential headers among {@link #SIGNED_HEADERS}: never on a request unsigned. */
  public static final List<String> CREDENTIAL_HEADERS = SIGNED_HEADERS.subList(0, 4);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalRequest() {}

  /**
   * The {@link #SIGNED_HEADERS} the request carries, in their order, each with its value trimmed.
   *
   * @param header the request's header by name, any case (its first value), or null if absent
   */
  public static Map<String, String> signedHeaders(Function<String, String> header) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : SIGNED_HEADERS) {
      String value = header.apply(name);
      if (value != null) {
        out.put(name, value.trim());
      }
    }
    return out;
  }

  /** The value of {@code X-Takumo-Signed-Headers}: the names, {@code ;}-joined. */
  public static String headerList(Map<String, String> signed) {
    return String.join(";", signed.keySet());
  }

  public static String build(String method, String upstream, String sessionId, String timestamp, String nonce,
      String bodyDigest, Map<String, String> signedHeaders) {
    StringBuilder s = new StringBuilder(256);
    s.append(ALGORITHM).append('\n').append(method.toUpperCase(Locale.ROOT)).append('\n').append(upstream).append('\n')
        .append(sessionId).append('\n').append(timestamp).append('\n').append(nonce).append('\n').append(bodyDigest)
        .append('\n').append(headerList(signedHeaders));
    for (Map.Entry<String, String> h : signedHeaders.entrySet()) {
      s.append('\n').append(h.getKey()).append(':').append(h.getValue());
    }
    return s.toString();
  }

  /** {@code base64url(HMAC-SHA256(macKey, canonical))}, the {@code X-Takumo-Signature} value. */
  public static String sign(byte[] macKey, String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      return SessionCrypto.base64(mac.doFinal(SessionCrypto.utf8(canonical)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Lower-case hex SHA-256 of the body as sent, or {@code UNSIGNED-PAYLOAD} if it was not read. */
  public static String bodyDigest(byte[] body) {
    if (body == null) {
      return UNSIGNED_PAYLOAD;
    }
    return hex(sha256(body));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Lower-case hex, as {@code X-Takumo-Content-SHA256} writes a digest. */
  public static String hex(byte[] digest) {
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
