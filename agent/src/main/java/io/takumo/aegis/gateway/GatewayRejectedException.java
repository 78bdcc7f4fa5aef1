package io.takumo.aegis.gateway;

import java.io.IOException;

/**
 * The gateway answered the handshake with a client error (401 bad key, 403 scope or plan, 429 rate
 * limit, ...). Provider requests then still go to the gateway, which answers the app with that
 * error itself, unchanged.
 */
public final class GatewayRejectedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String gatewayMessage;

  GatewayRejectedException(int status, String code, String gatewayMessage) {
    super("the gateway refused the handshake: HTTP " + status + (code == null ? "" : " " + code)
        + (gatewayMessage == null ? "" : " (" + gatewayMessage + ")"));
    this.status = status;
    this.code = code;
    this.gatewayMessage = gatewayMessage;
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
