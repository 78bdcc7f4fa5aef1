package io.takumo.aegis.instrument.netty.http2;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The Netty HTTP/2 types and public methods the agent uses, found in one class loader's Netty.
 * The agent is not compiled against Netty: every handle is typed with {@code Object}s, so call it
 * with {@code invokeExact}, arguments and result cast to {@code Object} (primitives boxed).
 */
final class Http2Api {

  private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();
  /** Where the agent keeps a connection's exchanges: an attribute of its channel. */
  private static final String ATTRIBUTE = "io.takumo.aegis.http2.exchanges";

  final ClassLoader loader;
  final Class<?> frameListener;
  final Class<?> connectionListener;
  final Class<?> connectionHandler;
  final Class<?> frameCodec;

  final MethodHandle encoderConnection;
  final MethodHandle decoderConnection;
  final MethodHandle isServer;
  final MethodHandle addListener;
  final MethodHandle streamId;
  final MethodHandle writeData;
  final MethodHandle headerGet;
  final MethodHandle headerRemove;
  final MethodHandle headerSet;

  final MethodHandle handler;
  final MethodHandle channel;
  final MethodHandle executor;
  final MethodHandle attr;
  final MethodHandle attributeGet;
  final MethodHandle attributeSetIfAbsent;
  final Object attributeKey;
  final MethodHandle close;
  final MethodHandle newPromise;

  final MethodHandle isVoid;
  final MethodHandle trySuccess;
  final MethodHandle tryFailure;
  final MethodHandle readableBytes;
  final MethodHandle readerIndex;
  final MethodHandle getBytes;
  final MethodHandle wrappedBuffer;
  final MethodHandle release;

  final MethodHandle onError;
  final MethodHandle streamError;
  final Object cancel;

  Http2Api(ClassLoader loader) throws Throwable {
    this.loader = loader;
    frameListener = type("io.netty.handler.codec.http2.Http2FrameListener");
    connectionListener = type("io.netty.handler.codec.http2.Http2Connection$Listener");
    connectionHandler = type("io.netty.handler.codec.http2.Http2ConnectionHandler");
    frameCodec = type("io.netty.handler.codec.http2.Http2FrameCodec");
    Class<?> connection = type("io.netty.handler.codec.http2.Http2Connection");
    Class<?> encoder = type("io.netty.handler.codec.http2.Http2ConnectionEncoder");
    Class<?> decoder = type("io.netty.handler.codec.http2.Http2ConnectionDecoder");
    Class<?> stream = type("io.netty.handler.codec.http2.Http2Stream");
    Class<?> headers = type("io.netty.handler.codec.Headers");
    Class<?> error = type("io.netty.handler.codec.http2.Http2Error");
    Class<?> exception = type("io.netty.handler.codec.http2.Http2Exception");
    Class<?> context = type("io.netty.channel.ChannelHandlerContext");
    Class<?> channelType = type("io.netty.channel.Channel");
    Class<?> channelHandler = type("io.netty.channel.ChannelHandler");
    Class<?> channelFuture = type("io.netty.channel.ChannelFuture");
    Class<?> channelPromise = type("io.netty.channel.ChannelPromise");
    Class<?> eventExecutor = type("io.netty.util.concurrent.EventExecutor");
    Class<?> promise = type("io.netty.util.concurrent.Promise");
    Class<?> attributeMap = type("io.netty.util.AttributeMap");
    Class<?> attribute = type("io.netty.util.Attribute");
    Class<?> key = type("io.netty.util.AttributeKey");
    Class<?> byteBuf = type("io.netty.buffer.ByteBuf");

    encoderConnection = virtual(encoder, "connection", connection);
    decoderConnection = virtual(decoder, "connection", connection);
    isServer = virtual(connection, "isServer", boolean.class);
    addListener = virtual(connection, "addListener", void.class, connectionListener);
    streamId = virtual(stream, "id", int.class);
    writeData = virtual(encoder, "writeData", channelFuture, context, int.class, byteBuf, int.class, boolean.class,
        channelPromise);
    headerGet = virtual(headers, "get", Object.class, Object.class);
    headerRemove = virtual(headers, "remove", boolean.class, Object.class);
    headerSet = virtual(headers, "set", headers, Object.class, Object.class);

    handler = virtual(context, "handler", channelHandler);
    channel = virtual(context, "channel", channelType);
    executor = virtual(context, "executor", eventExecutor);
    attr = virtual(attributeMap, "attr", attribute, key);
    attributeGet = virtual(attribute, "get", Object.class);
    attributeSetIfAbsent = virtual(attribute, "setIfAbsent", Object.class, Object.class);
    attributeKey = PUBLIC.findStatic(key, "valueOf", MethodType.methodType(key, String.class)).invoke(ATTRIBUTE);
    close = virtual(context, "close", channelFuture);
    newPromise = virtual(context, "newPromise", channelPromise);

    isVoid = virtual(channelPromise, "isVoid", boolean.class);
    trySuccess = virtual(promise, "trySuccess", boolean.class, Object.class);
    tryFailure = virtual(promise, "tryFailure", boolean.class, Throwable.class);
    readableBytes = virtual(byteBuf, "readableBytes", int.class);
    readerIndex = virtual(byteBuf, "readerIndex", int.class);
    getBytes = virtual(byteBuf, "getBytes", byteBuf, int.class, byte[].class);
    wrappedBuffer = generic(PUBLIC.findStatic(type("io.netty.buffer.Unpooled"), "wrappedBuffer",
        MethodType.methodType(byteBuf, byte[].class)));
    release = generic(PUBLIC.findStatic(type("io.netty.util.ReferenceCountUtil"), "release",
        MethodType.methodType(boolean.class, Object.class)));

    onError = virtual(connectionHandler, "onError", void.class, context, boolean.class, Throwable.class);
    streamError = generic(PUBLIC.findStatic(exception, "streamError",
        MethodType.methodType(exception, int.class, error, Throwable.class, String.class, Object[].class))
        .asFixedArity());
    cancel = PUBLIC.findStatic(error, "valueOf", MethodType.methodType(error, String.class)).invoke("CANCEL");
  }

  private Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  private static MethodHandle virtual(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    return generic(PUBLIC.findVirtual(owner, name, MethodType.methodType(returns, parameters)));
  }

  private static MethodHandle generic(MethodHandle handle) {
    return handle.asType(handle.type().generic());
  }

  /** The connection's exchanges, or null if none was started on it. */
  ClientConnection exchangesOf(Object ctx) throws Throwable {
    if (ctx == null) {
      return null;
    }
    return (ClientConnection) (Object) attributeGet.invokeExact(attributeOf(ctx));
  }

  /** Stores {@code created} unless the connection has exchanges already; returns the ones in place. */
  ClientConnection exchangesOf(Object ctx, ClientConnection created) throws Throwable {
    Object existing = (Object) attributeSetIfAbsent.invokeExact(attributeOf(ctx), (Object) created);
    return existing == null ? created : (ClientConnection) existing;
  }

  private Object attributeOf(Object ctx) throws Throwable {
    return (Object) attr.invokeExact((Object) channel.invokeExact(ctx), attributeKey);
  }

  int readable(Object buf) throws Throwable {
    return (Integer) (Object) readableBytes.invokeExact(buf);
  }

  byte[] bytesOf(Object buf) throws Throwable {
    byte[] bytes = new byte[readable(buf)];
    Object ignored = (Object) getBytes.invokeExact(buf, (Object) readerIndex.invokeExact(buf), (Object) bytes);
    return bytes;
  }

  String header(Object headers, String name) throws Throwable {
    Object value = (Object) headerGet.invokeExact(headers, (Object) name);
    return value == null ? null : value.toString();
  }

  void failPromise(Object promise, Throwable reason) throws Throwable {
    if (promise != null && !(Boolean) (Object) isVoid.invokeExact(promise)) {
      Object ignored = (Object) tryFailure.invokeExact(promise, (Object) reason);
    }
  }

  void succeedPromise(Object promise) throws Throwable {
    if (!(Boolean) (Object) isVoid.invokeExact(promise)) {
      Object ignored = (Object) trySuccess.invokeExact(promise, (Object) null);
    }
  }
}
