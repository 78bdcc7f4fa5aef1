package io.takumo.aegis.server.http;

/** The codes of the errors the gateway produces (docs/gateway-protocol.md, "Errors"), with their status. */
public enum ErrorCode {
  INVALID_API_KEY(401, "invalid_api_key"),
  /** A routed request's session has passed its {@code expires_in}. */
  SESSION_EXPIRED(401, "session_expired"),
  /** A routed request names no session this gateway holds (never made, dropped, or a restart). */
  SESSION_UNKNOWN(401, "session_unknown"),
  /** A routed request's signature, timestamp, nonce, signed headers or body digest failed the check. */
  BAD_SIGNATURE(401, "bad_signature"),
  /** The agent speaks another protocol version than this gateway's. */
  UNSUPPORTED_PROTOCOL(400, "unsupported_protocol"),
  /** Additive: a version 2 handshake whose body is not one (a field missing or malformed). */
  INVALID_HANDSHAKE(400, "invalid_handshake"),
  MISSING_SCOPE(403, "missing_scope"),
  PLAN_LIMIT(403, "plan_limit"),
  RATE_LIMITED(429, "rate_limited"),
  UPSTREAM_ERROR(502, "upstream_error"),
  UNAVAILABLE(503, "unavailable"),
  /** Additive (the protocol allows new codes): a path or method the gateway does not forward. */
  UNSUPPORTED_ENDPOINT(404, "unsupported_endpoint"),
  /** Additive: a request body over the gateway's limit, which it will not forward unread. */
  BODY_TOO_LARGE(413, "body_too_large"),
  /** Additive: a request body the gateway cannot read to protect (a media type or coding it does not know). */
  UNSUPPORTED_BODY(415, "unsupported_body"),
  /** Additive: a JSON or text request body that does not parse, so its secrets cannot be found. */
  INVALID_BODY(400, "invalid_body");

  private final int status;
  private final String code;

  ErrorCode(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
