package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;

/**
 * A routed request whose connection to the gateway failed after the session's handshake (the
 * gateway stopped, its name stopped resolving, its TLS failed): the same outcome for every client
 * as an unreachable gateway at the handshake. Only failures before anything was sent count
 * (refused, DNS, TLS handshake, connect timeout); a failure later on stays the client's own.
 */
public final class GatewayDrops {

  /** The classic request {@link #classicResent} is sending again on this thread. */
  private static final ThreadLocal<Object> RESENDING = new ThreadLocal<>();
  /** The restore scope of the exchange {@link #classicResent} is sending again on this thread. */
  private static final ThreadLocal<RestoreScope> RESENDING_SCOPE = new ThreadLocal<>();

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
   * gateway-fallback none; with local it keeps the client's exception, which
   * {@link #classicResent} may replace with the provider's response, and the app's next requests
   * go direct.
   */
  public static Throwable classicFailed(Engine engine, ClassicExchange<?> exchange, Throwable thrown) {
    if (exchange.route == null || !isDrop(thrown)) {
      return thrown;
    }
    IOException blocked = report(engine, exchange.host, exchange.route.sessionId(), thrown);
    exchange.fellBack = blocked == null;
    return blocked == null ? thrown : blocked;
  }

  /**
   * After {@link #classicFailed} fell back to local: sends the app's request again, straight to
   * the provider, by the client's own {@code execute(target, request, context)}, if its body can
   * be sent twice (a protected body always can: the agent replaced it with its bytes). By then the
   * app's request is as the app built it, its body already tokenized (the same tokens), so the
   * agent neither routes nor scans it again ({@link #isResending}) and it counts once. Returns the
   * response, the new attempt's failure, or null when it is not sent again.
   */
  public static Object classicResent(Engine engine, ClassicExchange<?> exchange, Object client, Object request, Object context) {
    if (!exchange.fellBack || exchange.resend == null || exchange.appTarget == null) {
      return null;
    }
    exchange.fellBack = false;
    try {
      if (!exchange.resend.replayable(request)) {
        return null;
      }
    } catch (Throwable t) {
      engine.log().debug("could not tell whether a request to " + exchange.host + " can be sent again ("
          + t.getClass().getSimpleName() + "); the app gets the client's exception");
      return null;
    }
    RESENDING.set(request);
    RESENDING_SCOPE.set(exchange.scope);
    try {
      return exchange.resend.execute(client, exchange.appTarget, request, context);
    } catch (Throwable t) {
      // The client's own failure of the direct attempt: the app gets it.
      return t;
    } finally {
      RESENDING.remove();
      RESENDING_SCOPE.remove();
    }
  }

  /** Whether {@code request} is one {@link #classicResent} sends again: protected already, to go direct. */
  public static boolean isResending(Object request) {
    return request != null && RESENDING.get() == request;
  }

  /** The restore scope of the request {@link #isResending}: the first attempt's. */
  public static RestoreScope resendingScope() {
    return RESENDING_SCOPE.get();
  }
}
