package io.takumo.aegis.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for a POST, as the AWS SDKs compute it for Bedrock Runtime: the
 * signature covers the body through {@code x-amz-content-sha256}. Test credentials only.
 */
final class SigV4 {

  static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String AMZ_DATE = "20261127T120000Z";
  private static final String REGION = "us-east-1";
  private static final String SERVICE = "bedrock";

  private SigV4() {}

  /** The {@code Authorization} header value for a POST of {@code body} to {@code host}{@code path}. */
  static String authorization(String host, String path, byte[] body) throws Exception {
    String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
    String canonical = "POST\n" + path + "\n\n"
        + "host:" + host + "\n" + "x-amz-content-sha256:" + sha256Hex(body) + "\n" + "x-amz-date:" + AMZ_DATE + "\n\n"
        + signedHeaders + "\n" + sha256Hex(body);
    String scope = AMZ_DATE.substring(0, 8) + "/" + REGION + "/" + SERVICE + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + AMZ_DATE + "\n" + scope + "\n"
        + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), AMZ_DATE.substring(0, 8));
    key = hmac(key, REGION);
    key = hmac(key, SERVICE);
    key = hmac(key, "aws4_request");
    return "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/" + scope + ", SignedHeaders=" + signedHeaders
        + ", Signature=" + hex(hmac(key, toSign));
  }

  static String sha256Hex(byte[] data) throws Exception {
    return hex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02x", b));
    }
    return s.toString();
  }
}
