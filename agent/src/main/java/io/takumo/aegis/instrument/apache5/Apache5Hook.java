package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.ClassicExchange;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.scope.RestoreScope;

/**
 * The agent's entry points for Apache HttpClient 5, classic and async; one binding to the library
 * per class loader that has one.
 */
public final class Apache5Hook {

  private final Engine engine;
  private final Apache5Classic classic;
  private final AsyncFailures failures = new AsyncFailures();
  private final ClassValue<Apache5Api> apis =
      new ClassValue<Apache5Api>() {
        @Override
        protected Apache5Api computeValue(Class<?> clientType) {
          return bind(clientType);
        }
      };

  public Apache5Hook(Engine engine) {
    this.engine = engine;
    this.classic = new Apache5Classic(engine);
  }

  /**
   * See {@code AegisBridge.Hooks.apache5ClassicRequest}: null, the exchange to restore the
   * response of (readdressed to the gateway in gateway mode), or the throwable.
   */
  public Object classicRequest(Object client, Object target, Object request) throws Throwable {
    Apache5Api api = apis.get(client.getClass());
    if (api == null) {
      return null;
    }
    String host = classic.providerHost(api, target, request);
    if (host == null) {
      return null;
    }
    if (GatewayDrops.isResending(request)) {
      // Sent again straight to the provider after the gateway dropped: its body is protected already.
      return new ClassicExchange<Apache5Api>(api, host, GatewayDrops.resendingScope());
    }
    GatewayRoute route = engine.gateway() == null ? null : engine.route(Apache5Routing.original(api, target, request));
    RestoreScope scope = engine.scopeFor(api.path(request));
    byte[] sent = classic.protect(api, host, request, scope);
    if (route == null) {
      return new ClassicExchange<Apache5Api>(api, host, scope);
    }
    return new ClassicExchange<Apache5Api>(api, host, scope, route, Apache5Routing.gatewayHost(api, route),
        Apache5Routing.readdress(api, request, route, sent), target, api.resend);
  }

  public void classicResponse(Object exchange, Object response) throws Throwable {
    @SuppressWarnings("unchecked")
    ClassicExchange<Apache5Api> e = (ClassicExchange<Apache5Api>) exchange;
    if (e.route != null) {
      GatewayAnswers.report(engine, e.route, e.api.code(response), name -> e.api.header(response, name));
    }
    classic.restore(e.api, e.host, response, e.scope);
  }

  /**
   * Wraps an async exchange's producer and consumer. With a target given, a non-provider host is
   * left alone here; without one the host is known only once the producer sends the request head.
   * Returns {@code {producer, consumer}}, or in gateway mode {@code {producer, consumer, target}}.
   */
  public Object[] asyncExchange(Object client, Object target, Object producer, Object consumer) throws Throwable {
    Apache5Api api = apis.get(client.getClass());
    if (api == null || producer == null || consumer == null || AsyncResend.starting()) {
      // (An exchange the agent sends again comes with its producer and consumer wrapped already.)
      return null;
    }
    if (target != null && !engine.isProviderHost(api.host(target, null), api.port(target, null))) {
      return null;
    }
    AsyncExchange exchange = new AsyncExchange(engine.gateway() == null ? null : client);
    Object wrappedConsumer = RestoringResponseConsumer.wrap(api, engine, consumer, exchange, failures);
    if (engine.gateway() == null) {
      return new Object[] {ProtectingRequestProducer.wrap(api, engine, target, false, producer, exchange), wrappedConsumer};
    }
    // Gateway mode: the client is to pick the route from the request's address, which the producer
    // readdresses to the gateway, so the target argument is dropped (a null third element).
    return new Object[] {ProtectingRequestProducer.wrap(api, engine, target, target != null, producer, exchange), wrappedConsumer, null};
  }

  /**
   * See {@code AegisBridge.Hooks.apache5FutureFailed}: the exception to fail the future with, or
   * null when the exchange is sent again (the future ends as that attempt ends).
   */
  public Object futureFailed(Object future, Object cause) {
    return cause instanceof Exception ? failures.futureFailed(future, (Exception) cause) : cause;
  }

  private Apache5Api bind(Class<?> clientType) {
    try {
      return new Apache5Api(new LibraryHandles(clientType.getClassLoader()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().warn("this Apache HttpClient 5 is a version the agent does not know (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); requests sent with it are NOT protected");
      return null;
    }
  }
}
