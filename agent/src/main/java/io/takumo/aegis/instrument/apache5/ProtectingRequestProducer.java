package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.instrument.Delegation;
import io.takumo.aegis.rewrite.BodyKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

/**
 * Wraps the app's {@code AsyncRequestProducer}. When it sends its request head, the head shows the
 * host: for a provider, the body is drawn from the app's producer in full, protected, and sent
 * with its new length in the head; for any other host every call goes straight through.
 */
final class ProtectingRequestProducer implements InvocationHandler {

  /** Most rounds spent drawing a body from a producer that makes no progress, before giving up. */
  private static final int IDLE_ROUNDS = 16;

  private final Apache5Api api;
  private final Engine engine;
  private final Object target;
  private final Object delegate;
  private final AsyncExchange exchange;
  /** Whether the advice took the client's target argument away (gateway mode). */
  private final boolean targetDropped;
  /** Whether this sends again straight to the provider a request protected already ({@link #directCopy}). */
  private final boolean direct;
  /** Whether the request head came without an entity. */
  private volatile boolean noEntity;
  /** The app's request as it built it, while it is readdressed to the gateway. */
  private volatile Apache5Routing.AppRequest appRequest;
  /** The bytes to send in place of the delegate's, or null to let the delegate produce. */
  private volatile byte[] body;
  /** With fail-mode open, a body drawn only in part is sent as it is, then the delegate goes on. */
  private volatile boolean delegateAfterBody;
  private int sent;
  private boolean ended;

  private ProtectingRequestProducer(Apache5Api api, Engine engine, Object target, boolean targetDropped, Object delegate,
      AsyncExchange exchange, boolean direct) {
    this.api = api;
    this.targetDropped = targetDropped;
    this.engine = engine;
    this.target = target;
    this.delegate = delegate;
    this.exchange = exchange;
    this.direct = direct;
    exchange.producer(this);
  }

  static Object wrap(
      Apache5Api api, Engine engine, Object target, boolean targetDropped, Object producer, AsyncExchange exchange) {
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.asyncRequestProducer},
        new ProtectingRequestProducer(api, engine, target, targetDropped, producer, exchange, false));
  }

  Apache5Api api() {
    return api;
  }

  /**
   * Whether the request can be sent again without the app's producer producing its body again:
   * it had none, or the agent holds all of it, protected.
   */
  boolean canSendAgain() {
    return noEntity || (body != null && !delegateAfterBody);
  }

  /**
   * A producer that sends the same request again, straight to the provider: the app's producer
   * gives the head (its request object, put back as the app built it), this one's protected bytes
   * the body, neither routed nor scanned again.
   */
  Object directCopy(AsyncExchange directExchange) {
    ProtectingRequestProducer copy = new ProtectingRequestProducer(api, engine, null, false, delegate, directExchange, true);
    copy.body = body;
    copy.noEntity = noEntity;
    directExchange.scope(exchange.scope());
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.asyncRequestProducer}, copy);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (Delegation.isObjectMethod(method)) {
      return Delegation.objectMethod(proxy, method, args, "TakumoAegisRequestProducer");
    }
    switch (method.getName()) {
      case "sendRequest":
        Object channel = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.requestChannel},
            new HeadChannel(args[0]));
        return Delegation.forward(delegate, method, new Object[] {channel, args[1]});
      case "available":
        if (body != null) {
          int left = body.length - sent;
          if (left == 0 && delegateAfterBody) {
            return Delegation.forward(delegate, method, args);
          }
          // Until the end of the stream is sent, ask to be called, even with no bytes left.
          return left > 0 ? left : ended ? 0 : 1;
        }
        break;
      case "produce":
        if (body != null) {
          produce(args[0], method);
          return null;
        }
        break;
      case "isRepeatable":
        if (body != null && !delegateAfterBody) {
          return true;
        }
        break;
      case "releaseResources":
        // A retry sends the same body again from its start.
        sent = 0;
        ended = false;
        putBackAppRequest();
        if (exchange.isResent()) {
          // The attempt that sends it again releases the app's producer when it is done.
          return null;
        }
        break;
      default:
        break;
    }
    return Delegation.forward(delegate, method, args);
  }

  /** Once the client is done with the exchange, the app's request object is as the app built it. */
  void putBackAppRequest() {
    Apache5Routing.AppRequest app = appRequest;
    appRequest = null;
    if (app != null) {
      try {
        app.putBack();
      } catch (Throwable t) {
        engine.log().warn("could not put an Apache HttpClient 5 request back as the app built it (" + t.getClass().getSimpleName() + ")");
      }
    }
  }

  private void produce(Object channel, Method produce) throws Throwable {
    while (sent < body.length) {
      int n = api.write(channel, ByteBuffer.wrap(body, sent, body.length - sent));
      if (n <= 0) {
        return;
      }
      sent += n;
    }
    if (delegateAfterBody) {
      Delegation.forward(delegate, produce, new Object[] {channel});
    } else if (!ended) {
      ended = true;
      api.endStream(channel);
    }
  }

  /** The {@code RequestChannel} the app's producer sends its head to. */
  private final class HeadChannel implements InvocationHandler {
    private final Object channel;

    HeadChannel(Object channel) {
      this.channel = channel;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (Delegation.isObjectMethod(method)) {
        return Delegation.objectMethod(proxy, method, args, "TakumoAegisRequestChannel");
      }
      if (method.getName().equals("sendRequest")) {
        try {
          args = new Object[] {args[0], head(args[0], args[1]), args[2]};
        } catch (IOException e) {
          throw BlockedRequests.forApp(e);
        }
      }
      return Delegation.forward(channel, method, args);
    }
  }

  /**
   * Returns the entity details to send the head with, drawing and protecting the body first; in
   * gateway mode readdresses the request to the gateway (the client picks the route from it next).
   */
  private Object head(Object request, Object details) throws Throwable {
    if (direct) {
      exchange.providerHost(api.host(null, request));
      return body == null || details == null
          ? details
          : Proxy.newProxyInstance(api.loader, new Class<?>[] {api.entityDetails}, new Length(details, body.length));
    }
    noEntity = details == null;
    if (targetDropped && api.authority(request) == null) {
      // The advice took the target argument away so that the route follows the request's address.
      if (api.requestScheme(request) == null) {
        api.setScheme(request, api.scheme(target, null));
      }
      api.setAuthority(request, api.newAuthority(api.host(target, null), api.port(target, null)));
    }
    String host = api.host(target, request);
    if (host == null || !engine.isProviderHost(host, api.port(target, request))
        || engine.leavesUntouched(host, api.header(request, "Authorization"))) {
      return details;
    }
    exchange.providerHost(host);
    exchange.scope(engine.scopeFor(api.path(request)));
    GatewayRoute route = engine.gateway() == null ? null : engine.route(Apache5Routing.original(api, target, request));
    byte[] sent = new byte[0];
    Object sendDetails = details;
    if (details != null) {
      String type = api.contentType(details);
      if (BodyKind.isOpaque(type)) {
        sent = null;
      } else if (api.contentLength(details) != 0) {
        sent = drawAndProtect(host, type, api.contentEncoding(details));
        if (sent != null) {
          sendDetails = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.entityDetails}, new Length(details, sent.length));
        }
      }
    }
    if (route != null) {
      appRequest = Apache5Routing.readdress(api, request, route, sent);
      exchange.route(route);
    }
    return sendDetails;
  }

  /** Draws the body from the app's producer and protects it; returns it, or null if it could not be drawn whole. */
  private byte[] drawAndProtect(String host, String type, String encoding) throws Throwable {
    BodyCapture capture = new BodyCapture(api, engine.maxBodySize());
    capture.drain(delegate, IDLE_ROUNDS);
    if (!capture.ended()) {
      engine.cannotProtect(host, capture.overMaxSize()
          ? "request body is over max-body-size (" + engine.maxBodySize() + " bytes)"
          : "the request body is produced asynchronously and could not be read ahead");
      body = capture.bytes();
      delegateAfterBody = true;
      return null;
    }
    body = engine.protectRequest(host, type, encoding, capture.bytes(), exchange.scope());
    return body;
  }

  /** Entity details with the length of the protected body. */
  static final class Length implements InvocationHandler {
    private final Object details;
    private final long length;

    Length(Object details, long length) {
      this.details = details;
      this.length = length;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (Delegation.isObjectMethod(method)) {
        return Delegation.objectMethod(proxy, method, args, "TakumoAegisEntityDetails");
      }
      switch (method.getName()) {
        case "getContentLength":
          return length;
        case "isChunked":
          return length < 0;
        default:
          return Delegation.forward(details, method, args);
      }
    }
  }

  /** A {@code DataStreamChannel} that keeps whatever the app's producer writes to it. */
  private static final class BodyCapture implements InvocationHandler {
    private final Apache5Api api;
    private final long maxSize;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean ended;

    BodyCapture(Apache5Api api, long maxSize) {
      this.api = api;
      this.maxSize = maxSize;
    }

    /** Calls {@code produce} until the body ends, or it makes no progress for {@code idleRounds}. */
    void drain(Object producer, int idleRounds) throws Throwable {
      Object channel = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.dataStreamChannel}, this);
      Method produce = api.asyncRequestProducer.getMethod("produce", api.dataStreamChannel);
      int idle = 0;
      while (!ended && idle < idleRounds && !overMaxSize()) {
        int before = out.size();
        Delegation.forward(producer, produce, new Object[] {channel});
        idle = out.size() > before ? 0 : idle + 1;
      }
    }

    boolean ended() {
      return ended;
    }

    boolean overMaxSize() {
      return out.size() > maxSize;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (Delegation.isObjectMethod(method)) {
        return Delegation.objectMethod(proxy, method, args, "TakumoAegisBodyCapture");
      }
      switch (method.getName()) {
        case "write":
          ByteBuffer src = (ByteBuffer) args[0];
          int n = src.remaining();
          byte[] chunk = new byte[n];
          src.get(chunk);
          out.write(chunk, 0, n);
          return n;
        case "endStream":
          ended = true;
          return null;
        case "requestOutput":
          return null;
        default:
          throw new UnsupportedOperationException(method.getName());
      }
    }
  }
}
