package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import java.util.function.Function;

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

  /**
   * {@code header} as a function, a header that cannot be read counting as absent: also how a
   * routed request's own headers are read for its signature (one left out of it makes the gateway
   * refuse the request, never accept a changed one).
   */
  public static Function<String, String> lenient(HeaderLookup header) {
    return name -> {
      try {
        return header.get(name);
      } catch (Throwable t) {
        return null;
      }
    };
  }

  /** A header that cannot be read counts as absent. */
  public static void report(Engine engine, GatewayRoute route, int status, HeaderLookup header) {
    try {
      engine.gateway().onResponse(route, status, lenient(header));
    } catch (RuntimeException e) {
      engine.log().warn("could not read the gateway's answer (" + e.getClass().getSimpleName() + ")");
    }
  }
}
