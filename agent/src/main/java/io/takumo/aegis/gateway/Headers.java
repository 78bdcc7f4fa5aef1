package io.takumo.aegis.gateway;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The protocol's header names (docs/gateway-protocol.md, "Headers"). */
public final class Headers {

  /** On the handshake only. */
  public static final String API_KEY = "X-Takumo-Api-Key";
  public static final String PROTOCOL = "X-Takumo-Protocol";
  public static final String UPSTREAM = "X-Takumo-Upstream";
  public static final String SESSION = "X-Takumo-Session";
  public static final String TIMESTAMP = "X-Takumo-Timestamp";
  public static final String NONCE = "X-Takumo-Nonce";
  public static final String CONTENT_SHA256 = "X-Takumo-Content-SHA256";
  public static final String SIGNED_HEADERS = "X-Takumo-Signed-Headers";
  public static final String SIGNATURE = "X-Takumo-Signature";
  public static final String ERROR = "X-Takumo-Error";
  public static final String ERROR_MESSAGE = "X-Takumo-Error-Message";
  public static final String ERROR_SOURCE = "X-Takumo-Error-Source";
  public static final String RETRY_AFTER = "Retry-After";
  public static final String RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";
  public static final String RATE_LIMIT_LIMIT = "X-RateLimit-Limit";

  /** The headers {@link GatewayRoute#headers} adds to a routed request. */
  public static final List<String> ROUTED_REQUEST =
      Collections.unmodifiableList(
          Arrays.asList(PROTOCOL, UPSTREAM, SESSION, TIMESTAMP, NONCE, CONTENT_SHA256, SIGNED_HEADERS, SIGNATURE));

  /** Whether {@code name} is one of the protocol's own headers ({@code X-Takumo-*}), any case. */
  public static boolean isProtocolHeader(String name) {
    return name.regionMatches(true, 0, "X-Takumo-", 0, 9);
  }

  private Headers() {}
}
