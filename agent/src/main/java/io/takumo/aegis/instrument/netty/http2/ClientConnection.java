package io.takumo.aegis.instrument.netty.http2;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.util.HashMap;
import java.util.Map;

/**
 * The provider exchanges of one HTTP/2 client connection, by stream id, kept as an attribute of
 * its channel. It listens to the connection (as a proxied {@code Http2Connection.Listener}) to
 * forget a stream when it closes, releasing any request body still held. Event loop only.
 */
final class ClientConnection implements InvocationHandler {

  private final Http2Api api;
  private final Map<Integer, StreamExchange> exchanges = new HashMap<>();

  ClientConnection(Http2Api api) {
    this.api = api;
  }

  StreamExchange get(int streamId) {
    return exchanges.isEmpty() ? null : exchanges.get(streamId);
  }

  void put(int streamId, StreamExchange exchange) {
    exchanges.put(streamId, exchange);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "onStreamClosed":
        closed((Object) api.streamId.invokeExact(args[0]));
        return null;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "TakumoAegisHttp2Exchanges";
      default:
        return null; // every other connection event is of no interest
    }
  }

  private void closed(Object streamId) throws Throwable {
    StreamExchange exchange = exchanges.remove((Integer) streamId);
    if (exchange != null && exchange.holding()) {
      exchange.release(api);
      exchange.blocked = new ClosedChannelException();
    }
  }
}
