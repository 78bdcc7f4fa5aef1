package io.takumo.aegis.server.http;

/** The codes of the errors the gateway produces (docs/gateway-protocol.md, "Errors"), with their status. */
public enum ErrorCode {
  INVALID_API_KEY(401, "invalid_api_key"),
  MISSING_SCOPE(403, "missing_scope"),
  PLAN_LIMIT(403, "plan_limit"),
  RATE_LIMITED(429, "rate_limited"),
  UPSTREAM_ERROR(502, "upstream_error"),
  UNAVAILABLE(503, "unavailable"),
  /** Additive (the protocol allows new codes): a path or method the gateway does not forward. */
  UNSUPPORTED_ENDPOINT(404, "unsupported_endpoint");

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
