package io.takumo.aegis.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The gateway's check of a routed request's signature (docs/gateway-protocol.md, "Request
 * signature"), all but the nonce's freshness, which needs the gateway's memory of the nonces it
 * saw for the session in the last {@link #MAX_SKEW_SECONDS} seconds. A gateway that streams the
 * body on as it arrives checks the headers with {@link #headerProblem} first and the body's digest
 * with {@link #bodyProblem} at its end; {@link #problem} is both at once.
 */
public final class RequestCheck {

  /** How far a request's timestamp may be from the gateway's clock. */
  public static final long MAX_SKEW_SECONDS = 300;

  private RequestCheck() {}

  /** The protocol headers of a routed request, as received. */
  public static final class Signed {
    final String upstream;
    final String sessionId;
    final String timestamp;
    final String nonce;
    final String bodyDigest;
    final String headerList;
    final String signature;

    public Signed(String upstream, String sessionId, String timestamp, String nonce, String bodyDigest,
        String headerList, String signature) {
      this.upstream = upstream;
      this.sessionId = sessionId;
      this.timestamp = timestamp;
      this.nonce = nonce;
      this.bodyDigest = bodyDigest;
      this.headerList = headerList;
      this.signature = signature;
    }

    /** Whether the body is not signed ({@code UNSIGNED-PAYLOAD}): there is no digest to check. */
    public boolean unsignedPayload() {
      return CanonicalRequest.UNSIGNED_PAYLOAD.equals(bodyDigest);
    }
  }

  /**
   * Why the request fails the check, or null if it passes.
   *
   * @param header the request's header by name, any case (its value), null if absent
   * @param body the body received
   */
  public static String problem(byte[] macKey, String method, Signed s, Function<String, String> header, byte[] body,
      long nowSeconds) {
    String problem = headerProblem(macKey, method, s, header, nowSeconds);
    if (problem != null) {
      return problem;
    }
    return bodyProblem(s, CanonicalRequest.sha256(body));
  }

  /**
   * Why the body fails the check, or null: {@code sha256} is the SHA-256 of the body received,
   * which a gateway streaming the body computes as it passes. Call it after {@link #headerProblem}.
   */
  public static String bodyProblem(Signed s, byte[] sha256) {
    if (s.unsignedPayload() || s.bodyDigest.equals(CanonicalRequest.hex(sha256))) {
      return null;
    }
    return "the body digest does not match the body received";
  }

  /**
   * Why the request fails the check of everything but its body against the digest it claims (which
   * the signature covers), or null if it passes.
   *
   * @param header the request's header by name, any case (its value), null if absent
   */
  public static String headerProblem(byte[] macKey, String method, Signed s, Function<String, String> header,
      long nowSeconds) {
    if (s.upstream == null || s.sessionId == null || s.timestamp == null || s.nonce == null || s.bodyDigest == null
        || s.headerList == null || s.signature == null) {
      return "a signature header is missing";
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(s.timestamp);
    } catch (NumberFormatException e) {
      return "the timestamp is not a number";
    }
    if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS) {
      return "the timestamp is more than " + MAX_SKEW_SECONDS + " s from the gateway's clock";
    }
    if (!s.nonce.matches("[A-Za-z0-9_-]{16}")) {
      return "the nonce is not 12 bytes of base64url";
    }
    if (!s.unsignedPayload() && !s.bodyDigest.matches("[0-9a-f]{64}")) {
      return "the body digest is not 64 lower-case hex digits";
    }
    Map<String, String> signedHeaders = new LinkedHashMap<>();
    int order = -1;
    for (String name : s.headerList.isEmpty() ? new String[0] : s.headerList.split(";", -1)) {
      int at = CanonicalRequest.SIGNED_HEADERS.indexOf(name);
      if (at <= order) {
        return "the signed header list is not a subset of the canonical list, in its order";
      }
      order = at;
      String value = header.apply(name);
      if (value == null) {
        return "a signed header is missing: " + name;
      }
      signedHeaders.put(name, value.trim());
    }
    for (String name : CanonicalRequest.CREDENTIAL_HEADERS) {
      if (header.apply(name) != null && !signedHeaders.containsKey(name)) {
        return "a credential header is not signed: " + name;
      }
    }
    String expected = CanonicalRequest.sign(macKey, CanonicalRequest.build(
        method, s.upstream, s.sessionId, s.timestamp, s.nonce, s.bodyDigest, signedHeaders));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), s.signature.getBytes(StandardCharsets.US_ASCII))) {
      return "the signature does not match";
    }
    return null;
  }
}
