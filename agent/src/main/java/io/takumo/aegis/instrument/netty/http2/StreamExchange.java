package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.util.ArrayList;
import java.util.List;

/**
 * One provider request on an HTTP/2 connection and its response: the DATA frames of its body held
 * back until the end of the stream, then the response's restorer, and how many received bytes
 * stand for the restored bytes handed on (the flow-control window counts what was received).
 * Used on the connection's event loop only.
 */
final class StreamExchange {

  final String host;
  /** The gateway route of a request readdressed to the gateway, or null. */
  final GatewayRoute route;
  /** What the stream's response may have restored. */
  final RestoreScope scope;
  final String contentType;
  final String contentEncoding;
  /** Whether the request body is still to be held back; false once it went out (or never was). */
  private boolean holding;
  private final List<Object> held = new ArrayList<>();
  private final List<Integer> paddings = new ArrayList<>();
  private long size;
  /** Set when the request was blocked: the rest of its body is dropped. */
  Throwable blocked;

  private boolean responseStarted;
  private ResponseRestorer restorer;
  /** Received bytes (padding included) not yet returned to the window. */
  private long owedReceived;
  /** Restored bytes (padding included) handed on and not yet consumed. */
  private long outstandingRestored;

  StreamExchange(String host, GatewayRoute route, RestoreScope scope, String contentType, String contentEncoding,
      boolean holding) {
    this.host = host;
    this.route = route;
    this.scope = scope;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.holding = holding;
  }

  boolean holding() {
    return holding;
  }

  /** Takes one more DATA frame of the request body; the caller owns {@code data} no longer. */
  void hold(Http2Api api, Object data, int padding) throws Throwable {
    held.add(data);
    paddings.add(padding);
    size += api.readable(data);
  }

  long size() {
    return size;
  }

  /** The whole body held, its buffers released: from now on the stream's frames pass through. */
  byte[] takeBody(Http2Api api) throws Throwable {
    holding = false;
    byte[] body = new byte[(int) size];
    int at = 0;
    try {
      for (Object buf : held) {
        byte[] part = api.bytesOf(buf);
        System.arraycopy(part, 0, body, at, part.length);
        at += part.length;
      }
    } finally {
      release(api);
    }
    return body;
  }

  /** The held frames and their paddings as they came, handed to the caller: from now on frames pass through. */
  List<Object[]> takeFrames() {
    holding = false;
    List<Object[]> frames = new ArrayList<>();
    for (int i = 0; i < held.size(); i++) {
      frames.add(new Object[] {held.get(i), paddings.get(i)});
    }
    held.clear();
    paddings.clear();
    return frames;
  }

  /** Drops whatever is held, unsent. */
  void release(Http2Api api) throws Throwable {
    holding = false;
    for (Object buf : held) {
      Object ignored = (Object) api.release.invokeExact(buf);
    }
    held.clear();
    paddings.clear();
  }

  /** Returns true the first time: the final response's headers (after any 1xx). */
  boolean startResponse(ResponseRestorer restorer) {
    if (responseStarted) {
      return false;
    }
    responseStarted = true;
    this.restorer = restorer;
    return true;
  }

  boolean responseStarted() {
    return responseStarted;
  }

  ResponseRestorer restorer() {
    return restorer;
  }

  void stopRestoring() {
    restorer = null;
  }

  /** A DATA frame of {@code received} bytes was handed on as {@code restored} bytes (padding in both). */
  void handedOn(int received, int restored) {
    owedReceived += received;
    outstandingRestored += restored;
  }

  /**
   * The received bytes to return to the window for {@code consumed} restored bytes: in proportion,
   * and all that is owed once everything handed on was consumed.
   */
  int received(int consumed) {
    if (consumed <= 0 || owedReceived == 0 && outstandingRestored == 0) {
      return consumed;
    }
    long back;
    if (consumed >= outstandingRestored) {
      back = owedReceived;
      outstandingRestored = 0;
    } else {
      back = owedReceived * consumed / outstandingRestored;
      outstandingRestored -= consumed;
    }
    owedReceived -= back;
    return (int) back;
  }
}
