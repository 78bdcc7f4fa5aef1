package io.takumo.aegis.server.admin;

import io.vertx.core.json.JsonObject;

/** An admin API error: a status, a code and a one-line message, as {@code {"error":{...}}}. */
public final class AdminError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  public AdminError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static AdminError badRequest(String message) {
    return new AdminError(400, "bad_request", message);
  }

  JsonObject body() {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", getMessage()).put("type", "admin_error"));
  }
}
