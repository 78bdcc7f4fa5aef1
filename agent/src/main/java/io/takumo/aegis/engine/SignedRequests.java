package io.takumo.aegis.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Requests whose signature covers the body. AWS Signature Version 4 (Bedrock Runtime and every
 * other AWS API) signs a hash of the body: a rewritten body would be rejected, and a request whose
 * signature no longer matches must never be sent. Such requests to AWS are left exactly as they
 * are. The header alone exempts nothing: the app (or anything that can add a header) could
 * otherwise switch protection off for any provider by sending {@code Authorization: AWS4-…}.
 */
final class SignedRequests {

  /** SigV4 ({@code AWS4-HMAC-SHA256}) and SigV4a ({@code AWS4-ECDSA-P256-SHA256}). */
  private static final String AWS_SIGNATURE_PREFIX = "AWS4-";

  /**
   * The DNS suffixes of every AWS partition's endpoints, regular and dual-stack (the AWS SDKs'
   * partitions table): aws and aws-us-gov, aws-cn, aws-eusc, aws-iso, -iso-b, -iso-e, -iso-f.
   * Bedrock answers on {@code bedrock-runtime.{region}.amazonaws.com} and
   * {@code bedrock-mantle.{region}.api.aws}; VPC endpoints are under {@code vpce.amazonaws.com}.
   */
  static final List<String> AWS_DOMAINS = Arrays.asList(
      "amazonaws.com", "api.aws",
      "amazonaws.com.cn", "api.amazonwebservices.com.cn",
      "amazonaws.eu", "api.amazonwebservices.eu",
      "c2s.ic.gov", "api.aws.ic.gov",
      "sc2s.sgov.gov", "api.aws.scloud",
      "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk",
      "csp.hci.ic.gov", "api.aws.hci.ic.gov");

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

  /** Whether {@code host} (any case, a trailing dot allowed) is an AWS endpoint. */
  static boolean isAwsHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String domain : AWS_DOMAINS) {
      if (h.endsWith(domain) && (h.length() == domain.length() || h.charAt(h.length() - domain.length() - 1) == '.')) {
        return true;
      }
    }
    return false;
  }
}
