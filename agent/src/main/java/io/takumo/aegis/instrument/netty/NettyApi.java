package io.takumo.aegis.instrument.netty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Netty types and public methods the agent's handler uses, found in one class loader's Netty.
 * The agent is not compiled against Netty, so every handle is typed with {@code Object}s: call it
 * with {@code invokeExact}, arguments and result cast to {@code Object} (primitives boxed).
 */
final class NettyApi {

  private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

  final ClassLoader loader;
  final Class<?> inboundHandler;
  final Class<?> outboundHandler;
  final Class<?> handlerContext;
  final Class<?> httpRequest;
  final Class<?> httpResponse;
  final Class<?> httpContent;
  final Class<?> lastHttpContent;
  final Class<?> byteBuf;

  final MethodHandle pipelineContext;
  final MethodHandle pipelineGet;
  final MethodHandle pipelineAddAfter;
  final MethodHandle contextName;
  final MethodHandle fireChannelRead;
  final MethodHandle fireChannelReadComplete;
  final MethodHandle fireExceptionCaught;
  final MethodHandle close;
  final MethodHandle write;
  final MethodHandle read;
  final MethodHandle newPromise;
  final MethodHandle channel;
  final MethodHandle remoteAddress;
  final MethodHandle config;
  final MethodHandle isAutoRead;

  final MethodHandle headers;
  final MethodHandle protocolVersion;
  final MethodHandle method;
  final MethodHandle methodName;
  final MethodHandle uri;
  final MethodHandle headerGet;
  final MethodHandle headerSet;
  final MethodHandle headerRemove;
  final MethodHandle status;
  final MethodHandle statusCode;
  final MethodHandle trailingHeaders;
  final MethodHandle content;
  final MethodHandle replace;
  final MethodHandle readerIndex;
  final MethodHandle readableBytes;
  final MethodHandle getBytes;
  final MethodHandle wrappedBuffer;
  final MethodHandle release;
  final MethodHandle newFullRequest;

  final Class<?> promiseArray;
  final MethodHandle isVoid;
  final MethodHandle tryFailure;
  final MethodHandle trySuccess;
  final MethodHandle addListener;
  final MethodHandle newPromiseNotifier;

  /** Context methods that forward each handler event untouched, by handler method. */
  private final Map<Method, Method> forwards = new ConcurrentHashMap<>();

  NettyApi(ClassLoader loader) throws ReflectiveOperationException {
    this.loader = loader;
    Class<?> pipeline = type("io.netty.channel.ChannelPipeline");
    Class<?> handler = type("io.netty.channel.ChannelHandler");
    inboundHandler = type("io.netty.channel.ChannelInboundHandler");
    outboundHandler = type("io.netty.channel.ChannelOutboundHandler");
    handlerContext = type("io.netty.channel.ChannelHandlerContext");
    Class<?> channelType = type("io.netty.channel.Channel");
    Class<?> channelConfig = type("io.netty.channel.ChannelConfig");
    Class<?> channelPromise = type("io.netty.channel.ChannelPromise");
    Class<?> channelFuture = type("io.netty.channel.ChannelFuture");
    Class<?> future = type("io.netty.util.concurrent.Future");
    Class<?> promise = type("io.netty.util.concurrent.Promise");
    Class<?> listener = type("io.netty.util.concurrent.GenericFutureListener");
    Class<?> httpMessage = type("io.netty.handler.codec.http.HttpMessage");
    Class<?> httpHeaders = type("io.netty.handler.codec.http.HttpHeaders");
    Class<?> httpVersion = type("io.netty.handler.codec.http.HttpVersion");
    Class<?> httpMethod = type("io.netty.handler.codec.http.HttpMethod");
    Class<?> responseStatus = type("io.netty.handler.codec.http.HttpResponseStatus");
    Class<?> holder = type("io.netty.buffer.ByteBufHolder");
    httpRequest = type("io.netty.handler.codec.http.HttpRequest");
    httpResponse = type("io.netty.handler.codec.http.HttpResponse");
    httpContent = type("io.netty.handler.codec.http.HttpContent");
    lastHttpContent = type("io.netty.handler.codec.http.LastHttpContent");
    byteBuf = type("io.netty.buffer.ByteBuf");

    pipelineContext = virtual(pipeline, "context", handlerContext, handler);
    pipelineGet = virtual(pipeline, "get", handler, String.class);
    pipelineAddAfter = virtual(pipeline, "addAfter", pipeline, String.class, String.class, handler);
    contextName = virtual(handlerContext, "name", String.class);
    fireChannelRead = virtual(handlerContext, "fireChannelRead", handlerContext, Object.class);
    fireChannelReadComplete = virtual(handlerContext, "fireChannelReadComplete", handlerContext);
    fireExceptionCaught = virtual(handlerContext, "fireExceptionCaught", handlerContext, Throwable.class);
    close = virtual(handlerContext, "close", channelFuture);
    write = virtual(handlerContext, "write", channelFuture, Object.class, channelPromise);
    read = virtual(handlerContext, "read", handlerContext);
    newPromise = virtual(handlerContext, "newPromise", channelPromise);
    channel = virtual(handlerContext, "channel", channelType);
    remoteAddress = virtual(channelType, "remoteAddress", java.net.SocketAddress.class);
    config = virtual(channelType, "config", channelConfig);
    isAutoRead = virtual(channelConfig, "isAutoRead", boolean.class);

    headers = virtual(httpMessage, "headers", httpHeaders);
    protocolVersion = virtual(httpMessage, "protocolVersion", httpVersion);
    method = virtual(httpRequest, "method", httpMethod);
    methodName = virtual(httpMethod, "name", String.class);
    uri = virtual(httpRequest, "uri", String.class);
    headerGet = virtual(httpHeaders, "get", String.class, String.class);
    headerSet = virtual(httpHeaders, "set", httpHeaders, String.class, Object.class);
    headerRemove = virtual(httpHeaders, "remove", httpHeaders, String.class);
    status = virtual(httpResponse, "status", responseStatus);
    statusCode = virtual(responseStatus, "code", int.class);
    trailingHeaders = virtual(lastHttpContent, "trailingHeaders", httpHeaders);
    content = virtual(holder, "content", byteBuf);
    replace = virtual(holder, "replace", holder, byteBuf);
    readerIndex = virtual(byteBuf, "readerIndex", int.class);
    readableBytes = virtual(byteBuf, "readableBytes", int.class);
    getBytes = virtual(byteBuf, "getBytes", byteBuf, int.class, byte[].class);
    wrappedBuffer = generic(PUBLIC.findStatic(type("io.netty.buffer.Unpooled"), "wrappedBuffer",
        MethodType.methodType(byteBuf, byte[].class)));
    release = generic(PUBLIC.findStatic(type("io.netty.util.ReferenceCountUtil"), "release",
        MethodType.methodType(boolean.class, Object.class)));
    newFullRequest = generic(PUBLIC.findConstructor(type("io.netty.handler.codec.http.DefaultFullHttpRequest"),
        MethodType.methodType(void.class, httpVersion, httpMethod, String.class, byteBuf, httpHeaders, httpHeaders)));

    promiseArray = java.lang.reflect.Array.newInstance(promise, 0).getClass();
    isVoid = virtual(channelPromise, "isVoid", boolean.class);
    tryFailure = virtual(promise, "tryFailure", boolean.class, Throwable.class);
    trySuccess = virtual(promise, "trySuccess", boolean.class, Object.class);
    addListener = virtual(future, "addListener", future, listener);
    // Fixed arity: the constructor is varargs, and the caller passes the array itself.
    newPromiseNotifier = generic(PUBLIC.findConstructor(type("io.netty.util.concurrent.PromiseNotifier"),
        MethodType.methodType(void.class, promiseArray)).asFixedArity());
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

  /**
   * The {@code ChannelHandlerContext} method that passes a handler event on unchanged:
   * {@code channelActive(ctx)} → {@code ctx.fireChannelActive()}, {@code close(ctx, promise)} →
   * {@code ctx.close(promise)}, and so on.
   */
  Method forwardOf(Method handlerMethod) throws NoSuchMethodException {
    Method known = forwards.get(handlerMethod);
    if (known != null) {
      return known;
    }
    String name = handlerMethod.getName();
    boolean inbound = name.startsWith("channel") || name.equals("userEventTriggered") || name.equals("exceptionCaught");
    String target = inbound ? "fire" + Character.toUpperCase(name.charAt(0)) + name.substring(1) : name;
    Class<?>[] all = handlerMethod.getParameterTypes();
    Class<?>[] rest = java.util.Arrays.copyOfRange(all, 1, all.length);
    Method forward = handlerContext.getMethod(target, rest);
    forwards.put(handlerMethod, forward);
    return forward;
  }
}
