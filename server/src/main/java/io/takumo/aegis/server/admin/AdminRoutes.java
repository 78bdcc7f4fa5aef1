package io.takumo.aegis.server.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * More admin operations for the admin API to serve, for the operator (admin token) only: the
 * coordinator adds its join keys and fleet this way, under the same listener and authentication.
 * Runs on the store's worker threads; throws {@link AdminError} or the store's exceptions.
 */
public interface AdminRoutes {
  AdminRoutes NONE = (method, path, body) -> null;

  record Reply(int status, JsonObject body) {
  }

  /**
   * @param path the path under {@code /admin/v1/}, split on {@code /}
   * @return the reply, or null when the path is none of these operations
   */
  Reply dispatch(HttpMethod method, String[] path, Buffer body);
}
