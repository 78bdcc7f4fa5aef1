package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.ClassicExchange;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.scope.RestoreScope;

/**
 * The agent's entry points for Apache HttpClient 4 and HttpAsyncClient 4.1; one binding to the
 * library per class loader that has one.
 */
public final class Apache4Hook {

  private final Engine engine;
  private final Apache4Classic classic;
  private final ClassValue<Apache4Api> apis =
      new ClassValue<Apache4Api>() {
        @Override
        protected Apache4Api computeValue(Class<?> clientType) {
          return bind(clientType);
        }
      };

  public Apache4Hook(Engine engine) {
    this.engine = engine;
    this.classic = new Apache4Classic(engine);
  }

  /** See {@code AegisBridge.Hooks.apache4ClassicRequest}: null, or the exchange to restore the response of. */
  public Object classicRequest(Object client, Object target, Object request) throws Throwable {
    Apache4Api api = apis.get(client.getClass());
    if (api == null) {
      return null;
    }
    String host = api.host(target, request);
    if (host == null || !engine.isProviderHost(host, api.port(target, request))
        || engine.leavesUntouched(host, api.header(request, "Authorization"))) {
      return null;
    }
    if (GatewayDrops.isResending(request)) {
      // Sent again straight to the provider after the gateway dropped: its body is protected already.
      return new ClassicExchange<Apache4Api>(api, host, GatewayDrops.resendingScope());
    }
    GatewayRoute route = engine.gateway() == null ? null : route(api, target, request);
    RestoreScope scope = engine.scopeFor(api.path(request));
    byte[] sent = classic.protect(api, host, request, scope);
    if (route == null) {
      return new ClassicExchange<Apache4Api>(api, host, scope);
    }
    if (sent == null && api.requestEntity(request) == null) {
      sent = new byte[0];
    }
    return new ClassicExchange<Apache4Api>(api, host, scope, route, Apache4Routing.gatewayHost(api, route),
        Apache4Routing.readdress(api, request, route, sent), target, api.resend);
  }

  /** The gateway route of a provider request, or null to send it straight to the provider. */
  private GatewayRoute route(Apache4Api api, Object target, Object request) throws Throwable {
    if (!api.readdressable(request)) {
      engine.log().debug("an Apache HttpClient 4 request of type " + request.getClass().getName()
          + " cannot be readdressed to the gateway; it goes straight to the provider, tokenized locally");
      return null;
    }
    return engine.route(Apache4Routing.original(api, target, request));
  }

  public void classicResponse(Object exchange, Object response) throws Throwable {
    @SuppressWarnings("unchecked")
    ClassicExchange<Apache4Api> e = (ClassicExchange<Apache4Api>) exchange;
    if (e.route != null) {
      GatewayAnswers.report(engine, e.route, e.api.code(response), name -> e.api.header(response, name));
    }
    classic.restore(e.api, e.host, response, e.scope);
  }

  /**
   * Wraps the producer and consumer of an async exchange with a provider host; null for any other.
   * Returns {@code {producer, consumer}}, or in gateway mode {@code {producer, consumer, routing}}
   * (the {@code RoutedExchange} that puts the app's request back when {@code execute} returns).
   */
  public Object[] asyncExchange(Object client, Object producer, Object consumer) throws Throwable {
    Apache4Api api = apis.get(client.getClass());
    if (api == null || api.requestProducer == null || producer == null || consumer == null || AsyncResend.starting()) {
      // (An exchange the agent sends again comes with its producer wrapped already.)
      return null;
    }
    Object target = api.target(producer);
    if (target == null || !engine.isProviderHost(api.host(target, null), api.port(target, null))) {
      return null;
    }
    String host = api.host(target, null);
    // The request's path is known only once the producer generates it: the producer fills the scope.
    RestoreScope scope = engine.scopeFor(null);
    if (engine.gateway() == null) {
      return new Object[] {
        ProtectingRequestProducer.wrap(api, classic, host, scope, producer, null),
        RestoringResponseConsumer.wrap(api, engine, host, scope, consumer, null)
      };
    }
    AsyncRouting routing = new AsyncRouting(api, engine, target, client);
    return new Object[] {
      ProtectingRequestProducer.wrap(api, classic, host, scope, producer, routing),
      RestoringResponseConsumer.wrap(api, engine, host, scope, consumer, routing),
      routing
    };
  }

  /** See {@code AegisBridge.Hooks#apache4AsyncCallback}. */
  public Object asyncCallback(Object exchange, Object callback) {
    if (!(exchange instanceof AsyncRouting)) {
      return callback;
    }
    AsyncRouting routing = (AsyncRouting) exchange;
    routing.appCallback(callback);
    return GatewayDropCallback.wrap(routing.api(), callback, routing);
  }

  /** See {@code AegisBridge.Hooks#apache4AsyncFuture}. */
  public Object asyncFuture(Object exchange, Object future) {
    return exchange instanceof AsyncRouting && future instanceof java.util.concurrent.Future
        ? new GatewayDropFuture((java.util.concurrent.Future<?>) future, (AsyncRouting) exchange)
        : future;
  }

  private Apache4Api bind(Class<?> clientType) {
    try {
      return new Apache4Api(new LibraryHandles(clientType.getClassLoader()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().warn("this Apache HttpClient 4 is a version the agent does not know (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); requests sent with it are NOT protected");
      return null;
    }
  }
}
