package io.takumo.aegis.engine;

/**
 * Requests whose signature covers the body. AWS Signature Version 4 (Bedrock Runtime and every
 * other AWS API) signs a hash of the body: a rewritten body would be rejected, and a request whose
 * signature no longer matches must never be sent. Such requests are left exactly as they are.
 */
final class SignedRequests {

  /** SigV4 ({@code AWS4-HMAC-SHA256}) and SigV4a ({@code AWS4-ECDSA-P256-SHA256}). */
  private static final String AWS_SIGNATURE_PREFIX = "AWS4-";

  private SignedRequests() {}

  /** @param authorization the request's {@code Authorization} header, or {@code null} */
  static boolean signsBody(String authorization) {
    if (authorization == null) {
      return false;
    }
    int start = 0;
    while (start < authorization.length() && authorization.charAt(start) == ' ') {
      start++;
    }
    return authorization.regionMatches(true, start, AWS_SIGNATURE_PREFIX, 0, AWS_SIGNATURE_PREFIX.length());
  }
}
