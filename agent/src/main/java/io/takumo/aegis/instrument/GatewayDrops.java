package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import java.io.IOException;

/**
 * A routed request whose connection to the gateway failed after the session's handshake (the
 * gateway stopped, its name stopped resolving, its TLS failed): the same outcome for every client
 * as an unreachable gateway at the handshake. Only failures before anything was sent count
 * (refused, DNS, TLS handshake, connect timeout); a failure later on stays the client's own.
 */
public final class GatewayDrops {

  private GatewayDrops() {}

  /** Whether {@code failure} means the request never reached the gateway. */
  public static boolean isDrop(Throwable failure) {
    return failure != null && GatewayUnavailableException.isConnectFailure(failure);
  }

  /**
   * Tells the gateway (one log line, and with gateway-fallback=local the switch to direct for the
   * fallback period); returns null when the request may go straight to the provider instead, else
   * the one-line IOException the app gets in place of the client's.
   *
   * @param sessionId the session the request was signed with, or null
   */
  public static IOException report(Engine engine, String host, String sessionId, Throwable failure) {
    Gateway gateway = engine.gateway();
    if (gateway.onSendFailed(host, sessionId, failure)) {
      return null;
    }
    return BlockedRequests.forApp(new RequestBlockedException(Gateway.blockedMessage(host, gateway.unavailable(failure))));
  }

  /**
   * A classic exchange (Apache HttpClient 4 and 5) whose client method threw: a routed one that
   * never reached the gateway is reported, and fails with the one-line IOException with
   * gateway-fallback none; with local it keeps the client's exception (the client method cannot
   * be called again from its exit with the app's body), and the app's next requests go direct.
   */
  public static Throwable classicFailed(Engine engine, ClassicExchange<?> exchange, Throwable thrown) {
    if (exchange.route == null || !isDrop(thrown)) {
      return thrown;
    }
    IOException blocked = report(engine, exchange.host, exchange.route.sessionId(), thrown);
    return blocked == null ? thrown : blocked;
  }
}
