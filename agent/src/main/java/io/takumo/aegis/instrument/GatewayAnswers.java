package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;

/**
 * Hands the gateway's answer to a routed request (status and headers) to the engine's gateway,
 * which logs the troubleshooting page's line for it; the response itself is not touched.
 */
public final class GatewayAnswers {

  /** A response header by name, through the client's own (reflective) API. */
  public interface HeaderLookup {
    /** The header's first value, or null if absent. */
    String get(String name) throws Throwable;
  }

  private GatewayAnswers() {}

  /** A header that cannot be read counts as absent. */
  public static void report(Engine engine, GatewayRoute route, int status, HeaderLookup header) {
    try {
      engine.gateway().onResponse(route, status, name -> {
        try {
          return header.get(name);
        } catch (Throwable t) {
          return null;
        }
      });
    } catch (RuntimeException e) {
      engine.log().warn("could not read the gateway's answer (" + e.getClass().getSimpleName() + ")");
    }
  }
}
