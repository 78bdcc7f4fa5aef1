package io.takumo.aegis.gateway;

import java.io.IOException;

/**
 * The gateway answered the handshake with a client error (401 bad key, 403 scope or plan, 429 rate
 * limit, 400 unsupported protocol, ...). Provider requests then fail with it, unsent, until the
 * back-off ends ({@link GatewaySessions}). The code and message are the gateway's, sanitized
 * ({@link GatewayText}).
 */
public final class GatewayRejectedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String gatewayMessage;
  private final long retryAfterSeconds;

  /** @param code, gatewayMessage as the gateway sent them (sanitized here) */
  GatewayRejectedException(int status, String code, String gatewayMessage, long retryAfterSeconds) {
    super("the gateway refused the handshake: HTTP " + status + (GatewayText.code(code) == null ? "" : " " + GatewayText.code(code))
        + (GatewayText.message(gatewayMessage) == null ? "" : " (\"" + GatewayText.message(gatewayMessage) + "\")"));
    this.status = status;
    this.code = GatewayText.code(code);
    this.gatewayMessage = GatewayText.message(gatewayMessage);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The gateway's {@code Retry-After} in seconds, or -1 without one. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String gatewayMessage() {
    return gatewayMessage;
  }
}
