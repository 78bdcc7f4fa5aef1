package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import java.net.URI;

/**
 * Gateway mode: where a client may follow a redirect of a routed request (docs/gateway-protocol.md,
 * "Redirects"). Clients copy the request's headers, the route's included, onto the next hop.
 */
public final class GatewayRedirects {

  private GatewayRedirects() {}

  /** Whether a routed request may follow a redirect to {@code target}: only on the gateway's origin. */
  public static boolean follows(Engine engine, URI target) {
    if (engine.gateway().isSameOrigin(target)) {
      return true;
    }
    notFollowed(engine, " to " + target.getHost());
    return false;
  }

  /** Logs that a redirect is not followed; {@code where} is {@code " to host"}, or empty when not known. */
  public static void notFollowed(Engine engine, String where) {
    engine.log().warn("the Takumo gateway answered a routed request with a redirect" + where
        + "; the agent does not follow it (the route's headers would go along): the app receives the redirect");
  }
}
