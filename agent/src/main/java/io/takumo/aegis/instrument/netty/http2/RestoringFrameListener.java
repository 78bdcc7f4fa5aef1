package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.restore.ResponseRestorer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Stands (as a proxied {@code Http2FrameListener}) between an HTTP/2 client connection's decoder
 * and the client's own listener. For the streams of provider requests it restores the response
 * body's DATA frames as they arrive and drops the response's now wrong {@code content-length};
 * every other frame and stream goes to the client's listener untouched.
 */
final class RestoringFrameListener implements InvocationHandler {

  private final Http2Api api;
  private final Engine engine;
  final Object appListener;

  RestoringFrameListener(Http2Api api, Engine engine, Object appListener) {
    this.api = api;
    this.engine = engine;
    this.appListener = appListener;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "onDataRead":
        return onDataRead(method, args);
      case "onHeadersRead":
        onHeadersRead(args[0], (Integer) args[1], args[2]);
        return forward(method, args);
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "TakumoAegisHttp2Listener(" + appListener + ")";
      default:
        return forward(method, args);
    }
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(appListener, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void onHeadersRead(Object ctx, int streamId, Object headers) throws Throwable {
    ClientConnection connection = api.exchangesOf(ctx);
    StreamExchange exchange = connection == null ? null : connection.get(streamId);
    if (exchange == null || exchange.responseStarted()) {
      return;
    }
    String status = api.header(headers, ":status");
    if (status != null && status.length() == 3 && status.charAt(0) == '1' && !status.equals("101")) {
      return; // informational: the final headers follow
    }
    if (exchange.route != null && status != null && status.matches("[1-5][0-9][0-9]")) {
      GatewayAnswers.report(engine, exchange.route, Integer.parseInt(status),
          name -> api.header(headers, name.toLowerCase(Locale.ROOT)));
    }
    ResponseRestorer restorer =
        engine.restorerFor(exchange.host, api.header(headers, "content-type"), api.header(headers, "content-encoding"),
            exchange.scope);
    exchange.startResponse(restorer);
    if (restorer != null) {
      // Restoring changes the length (the decoder checks the frames against it before this point).
      boolean ignored = (Boolean) (Object) api.headerRemove.invokeExact(headers, (Object) "content-length");
    }
  }

  /** onDataRead(ctx, streamId, data, padding, endOfStream): returns the bytes processed, in restored bytes. */
  private Object onDataRead(Method method, Object[] args) throws Throwable {
    ClientConnection connection = api.exchangesOf(args[0]);
    StreamExchange exchange = connection == null ? null : connection.get((Integer) args[1]);
    ResponseRestorer restorer = exchange == null ? null : exchange.restorer();
    if (restorer == null) {
      return forward(method, args);
    }
    Object data = args[2];
    int padding = (Integer) args[3];
    boolean last = (Boolean) args[4];
    int received = api.readable(data) + padding;
    byte[] restored;
    try {
      byte[] chunk = api.bytesOf(data);
      restored = restorer.update(chunk, 0, chunk.length);
      if (last) {
        restored = concat(restored, restorer.finish());
        exchange.stopRestoring();
      }
    } catch (Throwable t) {
      exchange.stopRestoring();
      engine.restoreFailed(exchange.host, t);
      exchange.handedOn(received, received);
      return forward(method, args);
    }
    exchange.handedOn(received, restored.length + padding);
    if (restored.length == 0 && !last) {
      return padding; // a token split across frames: nothing to hand on yet
    }
    Object buf = (Object) api.wrappedBuffer.invokeExact((Object) restored);
    try {
      return forward(method, new Object[] {args[0], args[1], buf, padding, last});
    } finally {
      Object ignored = (Object) api.release.invokeExact(buf);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
