package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.Delegation;
import io.takumo.aegis.instrument.GuardedRestorer;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

/**
 * Wraps the app's {@code AsyncResponseConsumer}: for a provider response, each chunk the client
 * pushes is passed on restored as soon as the restorer releases it, so a consumer reading an event
 * stream still gets it event by event. For any other response every call goes straight through.
 */
final class RestoringResponseConsumer implements InvocationHandler {

  private final Apache5Api api;
  private final Engine engine;
  private final Object delegate;
  private final AsyncExchange exchange;
  private final AsyncFailures failures;
  /** Set when the response head arrives, if the body needs restoring; used on the I/O thread only. */
  private ResponseRestorer restorer;

  private RestoringResponseConsumer(
      Apache5Api api, Engine engine, Object delegate, AsyncExchange exchange, AsyncFailures failures) {
    this.api = api;
    this.engine = engine;
    this.delegate = delegate;
    this.exchange = exchange;
    this.failures = failures;
  }

  static Object wrap(Apache5Api api, Engine engine, Object consumer, AsyncExchange exchange, AsyncFailures failures) {
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.asyncResponseConsumer},
        new RestoringResponseConsumer(api, engine, consumer, exchange, failures));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (Delegation.isObjectMethod(method)) {
      return Delegation.objectMethod(proxy, method, args, "TakumoAegisResponseConsumer");
    }
    switch (method.getName()) {
      case "consumeResponse":
        args[1] = head(args[0], args[1]);
        break;
      case "consume":
        if (restorer != null) {
          ByteBuffer src = (ByteBuffer) args[0];
          byte[] chunk = new byte[src.remaining()];
          src.get(chunk);
          pass(method, restorer.update(chunk, 0, chunk.length));
          return null;
        }
        break;
      case "streamEnd":
        if (restorer != null) {
          ResponseRestorer done = restorer;
          restorer = null;
          pass(api.asyncResponseConsumer.getMethod("consume", ByteBuffer.class), done.finish());
        }
        break;
      case "failed":
        Exception instead = failed((Exception) args[0]);
        if (instead == null) {
          // Sent again straight to the provider: the app's consumer serves that attempt instead.
          return null;
        }
        args[0] = instead;
        break;
      case "releaseResources":
        if (exchange.isResent()) {
          // The attempt that sends it again releases the app's consumer when it is done.
          return null;
        }
        break;
      default:
        break;
    }
    return Delegation.forward(delegate, method, args);
  }

  private void pass(Method consume, byte[] restored) throws Throwable {
    if (restored.length > 0) {
      Delegation.forward(delegate, consume, new Object[] {ByteBuffer.wrap(restored)});
    }
  }

  /**
   * A routed request that never reached the gateway is reported (log line, fallback switch); with
   * gateway-fallback none the app's consumer gets the one-line IOException, and so do the future
   * the client fails next with the same cause, and the app's {@code FutureCallback}. With local
   * the exchange is sent again straight to the provider if it can be ({@link AsyncResend}): null
   * then, and the app's consumer is not told of this failure.
   */
  private Exception failed(Exception cause) {
    GatewayRoute route = exchange.route();
    if (route == null || !GatewayDrops.isDrop(cause)) {
      return cause;
    }
    Exception blocked = GatewayDrops.report(engine, route.host(), route.sessionId(), cause);
    if (blocked != null) {
      failures.replace(cause, blocked);
      return blocked;
    }
    ProtectingRequestProducer producer = exchange.producer();
    if (api.asyncResend == null || exchange.client() == null || producer == null || !producer.canSendAgain()) {
      return cause;
    }
    exchange.resent();
    failures.resend(cause, new AsyncResend(api.asyncResend, engine, exchange, delegate, failures));
    return null;
  }

  /** Picks the restorer for this response; returns the entity details to hand the app's consumer. */
  private Object head(Object response, Object details) throws Throwable {
    String host = exchange.providerHost();
    GatewayRoute route = exchange.route();
    if (route != null) {
      GatewayAnswers.report(engine, route, api.code(response), name -> api.header(response, name));
    }
    if (host == null || details == null) {
      return details;
    }
    String type = api.contentType(details);
    // The coding of the body this consumer gets, as the entity details say (see Apache5Classic).
    RestoreScope scope = exchange.scope();
    ResponseRestorer r = engine.restorerFor(host, type != null ? type : api.header(response, "Content-Type"),
        api.contentEncoding(details), scope != null ? scope : engine.scopeFor(null));
    if (r == null) {
      return details;
    }
    restorer = new GuardedRestorer(r, engine, host);
    // The restored body has another length, known only once it has been read.
    api.removeHeaders(response, "Content-Length");
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.entityDetails},
        new ProtectingRequestProducer.Length(details, -1));
  }
}
