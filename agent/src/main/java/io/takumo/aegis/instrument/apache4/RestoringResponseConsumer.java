package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.Delegation;
import io.takumo.aegis.instrument.GuardedRestorer;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

/**
 * Wraps the app's {@code HttpAsyncResponseConsumer} for a provider host. The app's consumer reads
 * the body from a {@code ContentDecoder}; it is handed one that reads the network decoder through
 * a restorer, so whatever the restorer releases is readable at once and an event stream still
 * arrives event by event.
 */
final class RestoringResponseConsumer implements InvocationHandler {

  private final Apache4Api api;
  private final Engine engine;
  private final String host;
  private final RestoreScope scope;
  private final Object delegate;
  /** Gateway mode; null otherwise. */
  private final AsyncRouting routing;
  /** Used on the I/O thread only, as the client calls its consumer there. */
  private RestoringDecoder decoder;

  private RestoringResponseConsumer(
      Apache4Api api, Engine engine, String host, RestoreScope scope, Object delegate, AsyncRouting routing) {
    this.api = api;
    this.engine = engine;
    this.host = host;
    this.scope = scope;
    this.delegate = delegate;
    this.routing = routing;
  }

  /** @param routing gateway mode's, or null */
  static Object wrap(
      Apache4Api api, Engine engine, String host, RestoreScope scope, Object consumer, AsyncRouting routing) {
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.responseConsumer},
        new RestoringResponseConsumer(api, engine, host, scope, consumer, routing));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (Delegation.isObjectMethod(method)) {
      return Delegation.objectMethod(proxy, method, args, "TakumoAegisResponseConsumer");
    }
    switch (method.getName()) {
      case "responseReceived":
        responseReceived(args[0]);
        break;
      case "failed":
        if (routing != null && args != null && args.length == 1 && args[0] instanceof Exception) {
          if (routing.startAgain((Exception) args[0], delegate)) {
            // Sent again straight to the provider: the app's consumer serves that attempt instead.
            return null;
          }
          args[0] = routing.forApp((Exception) args[0]);
        }
        break;
      case "close":
        if (routing != null && routing.resent()) {
          // The attempt that sends it again closes the app's consumer when it is done.
          return null;
        }
        break;
      case "consumeContent":
        if (decoder != null) {
          consumeContent(method, args);
          return null;
        }
        break;
      default:
        break;
    }
    return Delegation.forward(delegate, method, args);
  }

  private void responseReceived(Object response) throws Throwable {
    GatewayRoute route = routing == null ? null : routing.route();
    if (route != null) {
      GatewayAnswers.report(engine, route, api.code(response), name -> api.header(response, name));
    }
    ResponseRestorer restorer =
        engine.restorerFor(host, api.header(response, "Content-Type"), api.header(response, "Content-Encoding"), scope);
    if (restorer == null) {
      return;
    }
    decoder = new RestoringDecoder(api, new GuardedRestorer(restorer, engine, host));
    // The restored body has another length, known only once it has been read.
    api.removeHeaders(response, "Content-Length");
    Object entity = api.responseEntity(response);
    if (entity != null) {
      api.unknownLength(entity);
    }
  }

  /**
   * Lets the app's consumer read through the restoring decoder; calls it again while it leaves
   * restored bytes unread, as no further network read may come to prompt it.
   */
  private void consumeContent(Method method, Object[] args) throws Throwable {
    decoder.network = args[0];
    Object restoring = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.contentDecoder}, decoder);
    Object[] forwarded = {restoring, args[1]};
    long before;
    do {
      before = decoder.delivered;
      Delegation.forward(delegate, method, forwarded);
      // Progress counts what the consumer read, not what is left: one network read can release
      // more restored bytes than the consumer takes in one call, and at the end of the body no
      // further call comes for the rest.
    } while (decoder.held() > 0 && decoder.delivered > before);
  }

  /** A {@code ContentDecoder} over the network's, through a restorer. */
  private static final class RestoringDecoder implements InvocationHandler {
    private static final byte[] NOTHING = new byte[0];

    private final Apache4Api api;
    private final ResponseRestorer restorer;
    private final ByteBuffer chunk = ByteBuffer.allocate(8192);
    Object network;
    private byte[] ready = NOTHING;
    private int readyPos;
    private boolean ended;
    /** Restored bytes the consumer has read so far. */
    long delivered;

    RestoringDecoder(Apache4Api api, ResponseRestorer restorer) {
      this.api = api;
      this.restorer = restorer;
    }

    int held() {
      return ready.length - readyPos;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (Delegation.isObjectMethod(method)) {
        return Delegation.objectMethod(proxy, method, args, "TakumoAegisContentDecoder");
      }
      switch (method.getName()) {
        case "read":
          return read((ByteBuffer) args[0]);
        case "isCompleted":
          return ended && held() == 0;
        default:
          return Delegation.forward(network, method, args);
      }
    }

    /** Reads restored bytes; 0 when the network has nothing more now, -1 at the very end. */
    private int read(ByteBuffer dst) throws Throwable {
      while (held() == 0) {
        if (ended) {
          return -1;
        }
        chunk.clear();
        int n = api.read(network, chunk);
        if (n > 0) {
          ready = restorer.update(chunk.array(), 0, n);
          readyPos = 0;
        }
        if (n < 0 || api.isCompleted(network)) {
          ended = true;
          ready = concat(ready, readyPos, restorer.finish());
          readyPos = 0;
        } else if (n == 0) {
          return 0;
        }
      }
      int n = Math.min(dst.remaining(), held());
      dst.put(ready, readyPos, n);
      readyPos += n;
      delivered += n;
      return n;
    }

    private static byte[] concat(byte[] a, int from, byte[] b) {
      byte[] all = new byte[a.length - from + b.length];
      System.arraycopy(a, from, all, 0, a.length - from);
      System.arraycopy(b, 0, all, a.length - from, b.length);
      return all;
    }
  }
}
