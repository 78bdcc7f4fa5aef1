package io.takumo.aegis.server.http;

import io.vertx.core.http.HttpServerResponse;
import io.takumo.aegis.protocol.SessionCrypto;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An error the gateway itself produces, written as docs/gateway-protocol.md says: the JSON body
 * {@code {"error":{"code","message","type":"takumo_error"}}} and the {@code X-Takumo-Error},
 * {@code X-Takumo-Error-Message} and {@code X-Takumo-Error-Source} headers. Messages never hold a
 * key, a secret or a body.
 */
public record TakumoError(ErrorCode code, String message, Map<String, String> headers) {

  public TakumoError(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public String body() {
    JsonObject error = new JsonObject().put("code", code.code()).put("message", message).put("type", "takumo_error");
    if (code == ErrorCode.UNSUPPORTED_PROTOCOL) {
      // docs/gateway-protocol.md, "Versioning": the versions this gateway speaks.
      error.put("supported", new JsonArray().add(SessionCrypto.VERSION));
    }
    return new JsonObject().put("error", error).encode();
  }

  /** Writes the whole response (the caller must not have written anything yet). */
  public void send(HttpServerResponse response) {
    response.setStatusCode(code.status());
    headers.forEach(response::putHeader);
    response.putHeader("Content-Type", "application/json");
    response.putHeader("X-Takumo-Error", code.code());
    response.putHeader("X-Takumo-Error-Message", headerText(message));
    response.putHeader("X-Takumo-Error-Source", "gateway");
    response.end(body());
  }

  /** Printable ASCII, at most 300 characters, as the protocol's header requires. */
  public static String headerText(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
    for (int i = 0; i < text.length() && out.length() < 300; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : ' ');
    }
    return out.toString().trim();
  }
}
