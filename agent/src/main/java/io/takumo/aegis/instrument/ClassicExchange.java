package io.takumo.aegis.instrument;

import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.scope.RestoreScope;

/**
 * A classic (blocking) provider request between its client method's entry and exit, sent to the
 * gateway or straight to the provider; the same for every client whose method takes the
 * connection's target as an argument (Apache HttpClient 4 and 5).
 *
 * @param <A> the client's API, as the instrumentation reaches it
 */
public final class ClassicExchange<A> implements RoutedExchange {

  /** The app's request object, readdressed to the gateway until it is put back. */
  public interface AppRequest {
    void putBack() throws Throwable;
  }

  public final A api;
  public final String host;
  /** What its response may have restored. */
  public final RestoreScope scope;
  /** The gateway route, or null when the request goes straight to the provider. */
  public final GatewayRoute route;
  private final Object gatewayTarget;
  private final AppRequest appRequest;
  /** The target the app gave, to send the request again straight to the provider; null if none. */
  final Object appTarget;
  /** How to send it again; null if this client cannot. */
  final ClassicResend resend;
  /** Set when the request never reached the gateway and gateway-fallback=local took over. */
  boolean fellBack;

  /** A request that goes straight to the provider. */
  public ClassicExchange(A api, String host, RestoreScope scope) {
    this(api, host, scope, null, null, null);
  }

  public ClassicExchange(A api, String host, RestoreScope scope, GatewayRoute route, Object gatewayTarget,
      AppRequest appRequest) {
    this(api, host, scope, route, gatewayTarget, appRequest, null, null);
  }

  /**
   * A routed request that, should its connection to the gateway fail with gateway-fallback=local,
   * is sent again straight to the provider (see {@link GatewayDrops#classicResent}).
   */
  public ClassicExchange(A api, String host, RestoreScope scope, GatewayRoute route, Object gatewayTarget,
      AppRequest appRequest, Object appTarget, ClassicResend resend) {
    this.api = api;
    this.host = host;
    this.scope = scope;
    this.route = route;
    this.gatewayTarget = gatewayTarget;
    this.appRequest = appRequest;
    this.appTarget = appTarget;
    this.resend = resend;
  }

  @Override
  public Object gatewayTarget() {
    return gatewayTarget;
  }

  @Override
  public void ended() throws Throwable {
    if (appRequest != null) {
      appRequest.putBack();
    }
  }
}
