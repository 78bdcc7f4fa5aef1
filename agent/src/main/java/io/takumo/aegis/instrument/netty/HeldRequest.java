package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.scope.RestoreScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one provider request held back by the agent's handler (its {@code HttpRequest},
 * then {@code HttpContent}s or {@code ByteBuf}s up to a {@code LastHttpContent}) with their write
 * promises, until it is written as it was, written with a new body, or failed unsent. Only the
 * last message's promise waits for the real write; the others complete when the message is held.
 */
final class HeldRequest {

  final String host;
  final RestoreScope scope;
  private final NettyApi api;
  private final Object request;
  private final Object headers;
  private final List<Object> messages = new ArrayList<>();
  private final List<Object> promises = new ArrayList<>();
  private final List<Object> contents = new ArrayList<>();
  private long size;

  HeldRequest(NettyApi api, String host, RestoreScope scope, Object request) throws Throwable {
    this.api = api;
    this.host = host;
    this.scope = scope;
    this.request = request;
    this.headers = (Object) api.headers.invokeExact(request);
  }

  /**
   * Holds one more message of the request; returns false (holding it all the same) if its body
   * bytes cannot be read, e.g. a {@code FileRegion}.
   */
  boolean add(Object msg, Object promise, boolean last) throws Throwable {
    messages.add(msg);
    if (last) {
      promises.add(promise);
    } else {
      // Taken in, as a buffering handler does: a client that sends its next chunk only when the
      // previous write completes must not wait for the end of a body it has not finished sending.
      promises.add(null);
      if (!(Boolean) (Object) api.isVoid.invokeExact(promise)) {
        Object ignored = (Object) api.trySuccess.invokeExact(promise, (Object) null);
      }
    }
    Object buf;
    if (api.httpContent.isInstance(msg)) {
      buf = (Object) api.content.invokeExact(msg);
    } else if (api.byteBuf.isInstance(msg)) {
      buf = msg;
    } else {
      return msg == request;
    }
    contents.add(buf);
    size += (Integer) (Object) api.readableBytes.invokeExact(buf);
    return true;
  }

  long size() {
    return size;
  }

  /** Sets a header of the held request, replacing any of that name. */
  void setHeader(String name, String value) throws Throwable {
    Object same = (Object) api.headerSet.invokeExact(headers, (Object) name, (Object) value);
  }

  String method() throws Throwable {
    return (String) (Object) api.methodName.invokeExact((Object) api.method.invokeExact(request));
  }

  String header(String name) throws Throwable {
    return (String) (Object) api.headerGet.invokeExact(headers, (Object) name);
  }

  byte[] body() throws Throwable {
    byte[] body = new byte[(int) size];
    int at = 0;
    for (Object buf : contents) {
      int length = (Integer) (Object) api.readableBytes.invokeExact(buf);
      byte[] part = new byte[length];
      Object ignored = (Object) api.getBytes.invokeExact(buf, (Object) api.readerIndex.invokeExact(buf), (Object) part);
      System.arraycopy(part, 0, body, at, length);
      at += length;
    }
    return body;
  }

  /** Sends the messages as they came, each with its own promise. */
  void writeAsHeld(Object ctx) throws Throwable {
    for (int i = 0; i < messages.size(); i++) {
      Object promise = promises.get(i);
      if (promise == null) {
        promise = (Object) api.newPromise.invokeExact(ctx);
      }
      Object ignored = (Object) api.write.invokeExact(ctx, messages.get(i), promise);
    }
  }

  /**
   * Sends the request once, as a full request with {@code body} and its Content-Length (no longer
   * chunked), and completes every held promise with that write.
   */
  void writeWithBody(Object ctx, byte[] body) throws Throwable {
    Object last = messages.get(messages.size() - 1);
    Object trailers = (Object) api.trailingHeaders.invokeExact(last);
    Object ignored = (Object) api.headerRemove.invokeExact(headers, (Object) "Transfer-Encoding");
    ignored = (Object) api.headerSet.invokeExact(headers, (Object) "Content-Length", (Object) String.valueOf(body.length));
    Object full = (Object) api.newFullRequest.invokeExact(
        (Object) api.protocolVersion.invokeExact(request),
        (Object) api.method.invokeExact(request),
        (Object) api.uri.invokeExact(request),
        (Object) api.wrappedBuffer.invokeExact((Object) body),
        headers,
        trailers);
    Object promise = (Object) api.newPromise.invokeExact(ctx);
    List<Object> waiting = new ArrayList<>();
    for (Object p : promises) {
      if (p != null && !(Boolean) (Object) api.isVoid.invokeExact(p)) {
        waiting.add(p);
      }
    }
    Object[] notified = waiting.toArray((Object[]) java.lang.reflect.Array.newInstance(api.promiseArray.getComponentType(), 0));
    ignored = (Object) api.addListener.invokeExact(promise, (Object) api.newPromiseNotifier.invokeExact((Object) notified));
    release();
    ignored = (Object) api.write.invokeExact(ctx, full, promise);
  }

  /** Releases what is held and fails every promise: nothing of the request is sent. */
  void fail(Throwable reason) throws Throwable {
    release();
    for (Object p : promises) {
      failPromise(api, p, reason);
    }
  }

  void release() throws Throwable {
    for (Object msg : messages) {
      Object ignored = (Object) api.release.invokeExact(msg);
    }
    messages.clear();
  }

  static void failPromise(NettyApi api, Object promise, Throwable reason) throws Throwable {
    if (promise != null && !(Boolean) (Object) api.isVoid.invokeExact(promise)) {
      Object ignored = (Object) api.tryFailure.invokeExact(promise, (Object) reason);
    }
  }
}
