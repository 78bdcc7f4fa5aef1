package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.instrument.Delegation;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

/**
 * Wraps the app's {@code HttpAsyncRequestProducer} for a provider host. When the client asks for
 * the request, its entity is read in full and replaced by the protected bytes (so the head carries
 * their length), and this producer then writes those bytes itself, in place of the app's producer.
 * In gateway mode the client's first call, {@code getTarget()}, already generates and protects the
 * request, so that the target it answers and the request it hands out next are the gateway's (see
 * {@link AsyncRouting}).
 */
final class ProtectingRequestProducer implements InvocationHandler {

  private final Apache4Api api;
  private final Apache4Classic entities;
  private final String host;
  private final RestoreScope scope;
  private final Object delegate;
  /** Gateway mode; null otherwise. */
  private final AsyncRouting routing;
  /** Gateway mode: the target answered, once decided (the gateway's, or the app's). */
  private Object routedTarget;
  /** Gateway mode: the request generated early by {@code getTarget()}, until it is asked for. */
  private Object early;
  /** The protected body, once the request has been generated; null if it has no entity. */
  private byte[] body;
  /** The request, once generated. */
  private volatile Object generatedRequest;
  private boolean generated;
  private int sent;

  private ProtectingRequestProducer(
      Apache4Api api, Apache4Classic entities, String host, RestoreScope scope, Object delegate, AsyncRouting routing) {
    this.api = api;
    this.entities = entities;
    this.host = host;
    this.scope = scope;
    this.delegate = delegate;
    this.routing = routing;
  }

  /** @param routing gateway mode's, or null */
  static Object wrap(
      Apache4Api api, Apache4Classic entities, String host, RestoreScope scope, Object producer, AsyncRouting routing) {
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.requestProducer},
        new ProtectingRequestProducer(api, entities, host, scope, producer, routing));
  }

  /** The restore scope of a producer this class made (the attempt sent again shares the first one's). */
  static RestoreScope scopeOf(Object producer) {
    return ((ProtectingRequestProducer) Proxy.getInvocationHandler(producer)).scope;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (Delegation.isObjectMethod(method)) {
      return Delegation.objectMethod(proxy, method, args, "TakumoAegisRequestProducer");
    }
    switch (method.getName()) {
      case "getTarget":
        if (routing != null) {
          return routedTarget(method);
        }
        break;
      case "generateRequest":
        if (early != null) {
          Object request = early;
          early = null;
          return request;
        }
        return generateRequest(method);
      case "produceContent":
        if (body != null) {
          produce(args[0]);
          return null;
        }
        break;
      case "isRepeatable":
        if (body != null) {
          return true;
        }
        break;
      case "resetRequest":
        sent = 0;
        break;
      case "failed":
        if (routing != null && args != null && args.length == 1 && args[0] instanceof Exception) {
          Exception cause = (Exception) args[0];
          routing.failed(cause);
          if (routing.sendAgain(cause, host, canSendAgain() ? directCopy() : null)) {
            // The attempt that sends it again has the app's producer now.
            return null;
          }
          args[0] = routing.forApp(cause);
        }
        break;
      case "close":
        if (routing != null && routing.resent()) {
          // The attempt that sends it again closes the app's producer when it is done.
          return null;
        }
        break;
      default:
        break;
    }
    return Delegation.forward(delegate, method, args);
  }

  /**
   * Whether the request can be sent again without the app's producer producing its entity again:
   * it has none, or the agent holds its protected bytes.
   */
  private boolean canSendAgain() throws Throwable {
    Object request = generatedRequest;
    return request != null && (body != null || api.requestEntity(request) == null);
  }

  /**
   * A producer that sends the same request again straight to the provider: the app's producer
   * gives the target and the request object, this one's protected bytes the entity.
   */
  private Object directCopy() {
    ProtectingRequestProducer copy = new ProtectingRequestProducer(api, entities, host, scope, delegate, null);
    copy.generated = true;
    copy.body = body;
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.requestProducer}, copy);
  }

  /** The app's request, its entity protected; on a repeat (retry, redirect) the same bytes again. */
  private Object generateRequest(Method method) throws Throwable {
    Object request = Delegation.forward(delegate, method, null);
    generatedRequest = request;
    if (!generated) {
      generated = true;
      try {
        entities.scopePath(api, request, scope);
        body = entities.protect(api, host, request, scope);
      } catch (IOException e) {
        throw BlockedRequests.forApp(e);
      }
    } else if (body != null) {
      Object entity = api.requestEntity(request);
      if (entity != null) {
        api.setRequestEntity(request, api.byteArrayEntity(body, entity));
      }
    }
    sent = 0;
    return request;
  }

  /** Generates and protects the request, then readdresses it to the gateway unless it goes direct. */
  private Object routedTarget(Method getTarget) throws Throwable {
    if (routedTarget == null) {
      Object target = Delegation.forward(delegate, getTarget, null);
      Object request = generateRequest(api.requestProducer.getMethod("generateRequest"));
      Object gateway;
      try {
        gateway = routing.readdress(request, body);
      } catch (IOException e) {
        throw BlockedRequests.forApp(e);
      }
      early = request;
      routedTarget = gateway != null ? gateway : target;
    }
    return routedTarget;
  }

  private void produce(Object encoder) throws Throwable {
    while (sent < body.length) {
      int n = api.write(encoder, ByteBuffer.wrap(body, sent, body.length - sent));
      if (n <= 0) {
        return;
      }
      sent += n;
    }
    api.complete(encoder);
  }
}
