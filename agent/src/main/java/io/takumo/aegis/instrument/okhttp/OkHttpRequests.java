package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.util.Map;

/** Reads an OkHttp request and rebuilds it with its body protected, in any OkHttp 3, 4 or 5. */
final class OkHttpRequests {

  private final Engine engine;
  private final MethodHandle url;
  private final MethodHandle host;
  private final MethodHandle port;
  private final MethodHandle method;
  private final MethodHandle header;
  private final MethodHandle body;
  private final MethodHandle newBuilder;
  private final MethodHandle builderMethod;
  private final MethodHandle build;
  private final MethodHandle builderUrl;
  private final MethodHandle builderHeader;
  private final MethodHandle contentType;
  private final MethodHandle contentLength;
  private final MethodHandle writeTo;
  private final MethodHandle isOneShot;
  private final MethodHandle isDuplex;
  private final MethodHandle newBuffer;
  private final MethodHandle readByteArray;
  private final MethodHandle createBody;

  OkHttpRequests(LibraryHandles handles, Engine engine) throws ReflectiveOperationException {
    this.engine = engine;
    Class<?> request = handles.type("okhttp3.Request");
    Class<?> requestBuilder = handles.type("okhttp3.Request$Builder");
    Class<?> httpUrl = handles.type("okhttp3.HttpUrl");
    Class<?> requestBody = handles.type("okhttp3.RequestBody");
    Class<?> mediaType = handles.type("okhttp3.MediaType");
    Class<?> buffer = handles.type("okio.Buffer");
    Class<?> bufferedSink = handles.type("okio.BufferedSink");
    url = handles.virtual(request, "url", httpUrl);
    host = handles.virtual(httpUrl, "host", String.class);
    port = handles.virtual(httpUrl, "port", int.class);
    method = handles.virtual(request, "method", String.class);
    header = handles.virtual(request, "header", String.class, String.class);
    body = handles.virtual(request, "body", requestBody);
    newBuilder = handles.virtual(request, "newBuilder", requestBuilder);
    builderMethod = handles.virtual(requestBuilder, "method", requestBuilder, String.class, requestBody);
    build = handles.virtual(requestBuilder, "build", request);
    builderUrl = handles.virtual(requestBuilder, "url", requestBuilder, String.class);
    builderHeader = handles.virtual(requestBuilder, "header", requestBuilder, String.class, String.class);
    contentType = handles.virtual(requestBody, "contentType", mediaType);
    contentLength = handles.virtual(requestBody, "contentLength", long.class);
    writeTo = handles.virtual(requestBody, "writeTo", void.class, bufferedSink);
    // Both arrived in OkHttp 3.14; before that every body could be written twice.
    isOneShot = handles.optionalVirtual(requestBody, "isOneShot", boolean.class);
    isDuplex = handles.optionalVirtual(requestBody, "isDuplex", boolean.class);
    newBuffer = handles.constructor(buffer);
    readByteArray = handles.virtual(buffer, "readByteArray", byte[].class);
    createBody = createBody(handles, requestBody, mediaType);
  }

  /** {@code RequestBody.create(byte[], MediaType)}: 4.x and 5.x; 3.x has the arguments swapped. */
  private static MethodHandle createBody(LibraryHandles handles, Class<?> requestBody, Class<?> mediaType)
      throws ReflectiveOperationException {
    try {
      return handles.staticMethod(requestBody, "create", requestBody, byte[].class, mediaType);
    } catch (NoSuchMethodException e) {
      MethodHandle swapped = handles.staticMethod(requestBody, "create", requestBody, mediaType, byte[].class);
      return MethodHandles.permuteArguments(swapped, swapped.type(), 1, 0);
    }
  }

  String host(Object request) throws Throwable {
    return (String) (Object) host.invokeExact((Object) url.invokeExact(request));
  }

  int port(Object request) throws Throwable {
    return (Integer) (Object) port.invokeExact((Object) url.invokeExact(request));
  }

  URI uri(Object request) throws Throwable {
    return URI.create(((Object) url.invokeExact(request)).toString());
  }

  /** A request protected by {@link #protect}: the request to send and the body bytes it carries. */
  static final class Protected {
    final Object request;
    /** The body as it will be sent; empty for none; null when the agent did not read it. */
    final byte[] body;

    Protected(Object request, byte[] body) {
      this.request = request;
      this.body = body;
    }
  }

  /** {@code request}, protected, readdressed to the gateway with the route's headers added. */
  Object routed(Protected request, GatewayRoute route) throws Throwable {
    Object builder = (Object) newBuilder.invokeExact(request.request);
    builder = (Object) builderUrl.invokeExact(builder, (Object) route.target().toString());
    String m = (String) (Object) method.invokeExact(request.request);
    Object requestBody = (Object) body.invokeExact(request.request);
    Object mediaType = requestBody == null ? null : (Object) contentType.invokeExact(requestBody);
    // OkHttp's BridgeInterceptor sets the body's media type as Content-Type after this
    // interceptor; set here with that same value, it is there to be signed.
    String type = mediaType == null ? null : mediaType.toString();
    if (type != null) {
      builder = (Object) builderHeader.invokeExact(builder, (Object) "Content-Type", (Object) type);
    }
    Map<String, String> headers = route.headers(m, request.body, GatewayAnswers.lenient(
        name -> type != null && name.equalsIgnoreCase("Content-Type") ? type : header(request.request, name)));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      builder = (Object) builderHeader.invokeExact(builder, (Object) h.getKey(), (Object) h.getValue());
    }
    return (Object) build.invokeExact(builder);
  }

  /**
   * Returns the request to send: {@code request} itself if its body needs no rewriting (none,
   * multipart or binary, or not readable with fail-mode open), else a copy with the protected body;
   * with the bytes of that body.
   *
   * @throws IOException a {@code RequestBlockedException}, or the app's own body failing to write
   */
  Protected protect(Object request, String host, RestoreScope scope) throws Throwable {
    Object requestBody = (Object) body.invokeExact(request);
    if (requestBody == null) {
      return new Protected(request, new byte[0]);
    }
    Object mediaType = (Object) contentType.invokeExact(requestBody);
    // OkHttp sends the body's own media type, if it has one, over a Content-Type header.
    String type = mediaType != null ? mediaType.toString() : header(request, "Content-Type");
    if (BodyKind.isOpaque(type)) {
      return new Protected(request, null);
    }
    if (isTrue(isOneShot, requestBody) || isTrue(isDuplex, requestBody)) {
      engine.cannotProtect(host, "the request body is one-shot or duplex and reading it would consume it");
      return new Protected(request, null);
    }
    long length = (Long) (Object) contentLength.invokeExact(requestBody);
    if (length == 0) {
      return new Protected(request, new byte[0]);
    }
    if (length > engine.maxBodySize()) {
      engine.cannotProtect(host, "request body is over max-body-size (" + engine.maxBodySize() + " bytes)");
      return new Protected(request, null);
    }
    byte[] sent = engine.protectRequest(host, type, header(request, "Content-Encoding"), read(requestBody), scope);
    if (engine.observing()) {
      // Not one-shot, so the body writes itself again, as on OkHttp's own retries: the request
      // goes out exactly as the app built it.
      return new Protected(request, sent);
    }
    // Always send the bytes read: a body written once may not write the same bytes again.
    Object newBody = (Object) createBody.invokeExact((Object) sent, mediaType);
    Object builder = (Object) newBuilder.invokeExact(request);
    builder = (Object) builderMethod.invokeExact(builder, (Object) method.invokeExact(request), newBody);
    return new Protected((Object) build.invokeExact(builder), sent);
  }

  private byte[] read(Object requestBody) throws Throwable {
    Object buffer = (Object) newBuffer.invokeExact();
    Object ignored = (Object) writeTo.invokeExact(requestBody, buffer);
    return (byte[]) (Object) readByteArray.invokeExact(buffer);
  }

  String authorization(Object request) throws Throwable {
    return header(request, "Authorization");
  }

  private String header(Object request, String name) throws Throwable {
    return (String) (Object) header.invokeExact(request, (Object) name);
  }

  private static boolean isTrue(MethodHandle predicate, Object requestBody) throws Throwable {
    return predicate != null && (Boolean) (Object) predicate.invokeExact(requestBody);
  }
}
