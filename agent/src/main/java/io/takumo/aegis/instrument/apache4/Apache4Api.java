package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.instrument.LibraryHandles;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.net.URI;
import java.nio.ByteBuffer;

/** The parts of one Apache HttpCore/HttpClient 4 (in one class loader) that the agent calls. */
final class Apache4Api {

  final ClassLoader loader;
  final Class<?> requestProducer;
  final Class<?> responseConsumer;
  final Class<?> contentDecoder;
  /** How a classic client sends a request again; null if it cannot. */
  final Apache4Resend resend;
  /** {@code FutureCallback} (httpcore 4.2 and later), or null. */
  final Class<?> futureCallback;
  /** {@code HttpAsyncClient.execute(producer, consumer, context, callback)}, or null (see {@link AsyncResend}). */
  final MethodHandle asyncExecute;
  private final Class<?> enclosingRequest;
  private final Class<?> uriRequest;
  private final Class<?> basicEntity;
  private final MethodHandle hostName;
  private final MethodHandle hostPort;
  private final MethodHandle uri;
  private final MethodHandle firstHeader;
  private final MethodHandle headerValue;
  private final MethodHandle removeHeaders;
  private final MethodHandle requestEntity;
  private final MethodHandle setRequestEntity;
  private final MethodHandle responseEntity;
  private final MethodHandle setResponseEntity;
  private final MethodHandle contentType;
  private final MethodHandle contentEncoding;
  private final MethodHandle contentLength;
  private final MethodHandle setContentLength;
  private final MethodHandle writeTo;
  private final MethodHandle getContent;
  private final MethodHandle byteArrayEntity;
  private final MethodHandle inputStreamEntity;
  private final MethodHandle setContentType;
  private final MethodHandle setContentEncoding;
  private final MethodHandle target;
  private final Class<?> requestBase;
  private final MethodHandle setUri;
  private final MethodHandle hostScheme;
  private final MethodHandle newHost;
  private final MethodHandle requestMethod;
  private final MethodHandle setHeader;
  private final MethodHandle statusLine;
  private final MethodHandle statusCode;
  private final MethodHandle encoderWrite;
  private final MethodHandle encoderComplete;
  private final MethodHandle decoderRead;
  private final MethodHandle decoderCompleted;

  Apache4Api(LibraryHandles h) throws ReflectiveOperationException {
    loader = h.loader();
    Class<?> httpHost = h.type("org.apache.http.HttpHost");
    Class<?> httpMessage = h.type("org.apache.http.HttpMessage");
    Class<?> header = h.type("org.apache.http.Header");
    Class<?> httpEntity = h.type("org.apache.http.HttpEntity");
    Class<?> httpResponse = h.type("org.apache.http.HttpResponse");
    Class<?> abstractEntity = h.type("org.apache.http.entity.AbstractHttpEntity");
    enclosingRequest = h.type("org.apache.http.HttpEntityEnclosingRequest");
    uriRequest = h.type("org.apache.http.client.methods.HttpUriRequest");
    basicEntity = h.type("org.apache.http.entity.BasicHttpEntity");
    hostName = h.virtual(httpHost, "getHostName", String.class);
    hostPort = h.virtual(httpHost, "getPort", int.class);
    uri = h.virtual(uriRequest, "getURI", URI.class);
    requestBase = h.type("org.apache.http.client.methods.HttpRequestBase");
    setUri = h.virtual(requestBase, "setURI", void.class, URI.class);
    hostScheme = h.virtual(httpHost, "getSchemeName", String.class);
    newHost = h.constructor(httpHost, String.class, int.class, String.class);
    requestMethod = h.virtual(uriRequest, "getMethod", String.class);
    setHeader = h.virtual(httpMessage, "setHeader", void.class, String.class, String.class);
    Class<?> statusLineType = h.type("org.apache.http.StatusLine");
    statusLine = h.virtual(httpResponse, "getStatusLine", statusLineType);
    statusCode = h.virtual(statusLineType, "getStatusCode", int.class);
    firstHeader = h.virtual(httpMessage, "getFirstHeader", header, String.class);
    headerValue = h.virtual(header, "getValue", String.class);
    removeHeaders = h.virtual(httpMessage, "removeHeaders", void.class, String.class);
    requestEntity = h.virtual(enclosingRequest, "getEntity", httpEntity);
    setRequestEntity = h.virtual(enclosingRequest, "setEntity", void.class, httpEntity);
    responseEntity = h.virtual(httpResponse, "getEntity", httpEntity);
    setResponseEntity = h.virtual(httpResponse, "setEntity", void.class, httpEntity);
    contentType = h.virtual(httpEntity, "getContentType", header);
    contentEncoding = h.virtual(httpEntity, "getContentEncoding", header);
    contentLength = h.virtual(httpEntity, "getContentLength", long.class);
    setContentLength = h.virtual(basicEntity, "setContentLength", void.class, long.class);
    writeTo = h.virtual(httpEntity, "writeTo", void.class, OutputStream.class);
    getContent = h.virtual(httpEntity, "getContent", InputStream.class);
    byteArrayEntity = h.constructor(h.type("org.apache.http.entity.ByteArrayEntity"), byte[].class);
    inputStreamEntity = h.constructor(h.type("org.apache.http.entity.InputStreamEntity"), InputStream.class, long.class);
    setContentType = h.virtual(abstractEntity, "setContentType", void.class, header);
    setContentEncoding = h.virtual(abstractEntity, "setContentEncoding", void.class, header);
    // The async parts are there only with httpcore-nio and httpasyncclient.
    Class<?> producer = optionalType(h, "org.apache.http.nio.protocol.HttpAsyncRequestProducer");
    Class<?> consumer = optionalType(h, "org.apache.http.nio.protocol.HttpAsyncResponseConsumer");
    Class<?> encoder = optionalType(h, "org.apache.http.nio.ContentEncoder");
    Class<?> decoder = optionalType(h, "org.apache.http.nio.ContentDecoder");
    boolean nio = producer != null && consumer != null && encoder != null && decoder != null;
    requestProducer = nio ? producer : null;
    responseConsumer = nio ? consumer : null;
    contentDecoder = nio ? decoder : null;
    target = nio ? h.virtual(producer, "getTarget", httpHost) : null;
    encoderWrite = nio ? h.virtual(encoder, "write", int.class, ByteBuffer.class) : null;
    encoderComplete = nio ? h.virtual(encoder, "complete", void.class) : null;
    decoderRead = nio ? h.virtual(decoder, "read", int.class, ByteBuffer.class) : null;
    decoderCompleted = nio ? h.virtual(decoder, "isCompleted", boolean.class) : null;
    futureCallback = optionalType(h, "org.apache.http.concurrent.FutureCallback");
    resend = Apache4Resend.create(h, this);
    asyncExecute = AsyncResend.executeHandle(h, this);
  }

  private static Class<?> optionalType(LibraryHandles h, String name) {
    try {
      return h.type(name);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** The host a request goes to: {@code target} if given, else the request URI's host. */
  String host(Object target, Object request) throws Throwable {
    if (target != null) {
      return (String) (Object) hostName.invokeExact(target);
    }
    return uriRequest.isInstance(request) ? ((URI) (Object) uri.invokeExact(request)).getHost() : null;
  }

  int port(Object target, Object request) throws Throwable {
    if (target != null) {
      return (Integer) (Object) hostPort.invokeExact(target);
    }
    return uriRequest.isInstance(request) ? ((URI) (Object) uri.invokeExact(request)).getPort() : -1;
  }

  /** The request URI's path, or null if the request has no URI (the agent reads its request line nowhere else). */
  String path(Object request) throws Throwable {
    return uriRequest.isInstance(request) ? ((URI) (Object) uri.invokeExact(request)).getRawPath() : null;
  }

  /** Whether the agent can readdress this request: an {@code HttpRequestBase}, whose URI the client sends. */
  boolean readdressable(Object request) {
    return requestBase.isInstance(request);
  }

  URI uri(Object request) throws Throwable {
    return (URI) (Object) uri.invokeExact(request);
  }

  void setUri(Object request, URI to) throws Throwable {
    Object ignored = (Object) setUri.invokeExact(request, (Object) to);
  }

  String scheme(Object target) throws Throwable {
    return (String) (Object) hostScheme.invokeExact(target);
  }

  /** A new {@code HttpHost}; port -1 for the scheme's default. */
  Object newHost(String host, int port, String scheme) throws Throwable {
    return (Object) newHost.invokeExact((Object) host, (Object) port, (Object) scheme);
  }

  String method(Object request) throws Throwable {
    return (String) (Object) requestMethod.invokeExact(request);
  }

  /** Sets a header, replacing any of that name. */
  void setHeader(Object message, String name, String value) throws Throwable {
    Object ignored = (Object) setHeader.invokeExact(message, (Object) name, (Object) value);
  }

  int code(Object response) throws Throwable {
    return (Integer) (Object) statusCode.invokeExact((Object) statusLine.invokeExact(response));
  }

  Object target(Object producer) throws Throwable {
    return (Object) target.invokeExact(producer);
  }

  String header(Object message, String name) throws Throwable {
    return value((Object) firstHeader.invokeExact(message, (Object) name));
  }

  String value(Object header) throws Throwable {
    return header == null ? null : (String) (Object) headerValue.invokeExact(header);
  }

  void removeHeaders(Object message, String name) throws Throwable {
    Object ignored = (Object) removeHeaders.invokeExact(message, (Object) name);
  }

  /** The request's entity, or null if it has none or cannot have one. */
  Object requestEntity(Object request) throws Throwable {
    return enclosingRequest.isInstance(request) ? (Object) requestEntity.invokeExact(request) : null;
  }

  void setRequestEntity(Object request, Object entity) throws Throwable {
    Object ignored = (Object) setRequestEntity.invokeExact(request, entity);
  }

  Object responseEntity(Object response) throws Throwable {
    return (Object) responseEntity.invokeExact(response);
  }

  void setResponseEntity(Object response, Object entity) throws Throwable {
    Object ignored = (Object) setResponseEntity.invokeExact(response, entity);
  }

  /** The entity's {@code Content-Type} header object, or null. */
  Object contentTypeHeader(Object entity) throws Throwable {
    return (Object) contentType.invokeExact(entity);
  }

  Object contentEncodingHeader(Object entity) throws Throwable {
    return (Object) contentEncoding.invokeExact(entity);
  }

  long contentLength(Object entity) throws Throwable {
    return (Long) (Object) contentLength.invokeExact(entity);
  }

  /** Marks a response entity's length unknown, where the entity lets it be set. */
  void unknownLength(Object entity) throws Throwable {
    if (basicEntity.isInstance(entity)) {
      Object ignored = (Object) setContentLength.invokeExact(entity, (Object) (-1L));
    }
  }

  void writeTo(Object entity, OutputStream out) throws Throwable {
    Object ignored = (Object) writeTo.invokeExact(entity, (Object) out);
  }

  InputStream content(Object entity) throws Throwable {
    return (InputStream) (Object) getContent.invokeExact(entity);
  }

  /** A repeatable entity of these bytes, with the given entity's type and coding headers. */
  Object byteArrayEntity(byte[] body, Object like) throws Throwable {
    return typedLike((Object) byteArrayEntity.invokeExact((Object) body), like);
  }

  /** A streamed entity of unknown length, with the given entity's type and coding headers. */
  Object inputStreamEntity(InputStream in, Object like) throws Throwable {
    return typedLike((Object) inputStreamEntity.invokeExact((Object) in, (Object) (-1L)), like);
  }

  private Object typedLike(Object entity, Object like) throws Throwable {
    Object ignored = (Object) setContentType.invokeExact(entity, contentTypeHeader(like));
    ignored = (Object) setContentEncoding.invokeExact(entity, contentEncodingHeader(like));
    return entity;
  }

  int write(Object encoder, ByteBuffer src) throws Throwable {
    return (Integer) (Object) encoderWrite.invokeExact(encoder, (Object) src);
  }

  void complete(Object encoder) throws Throwable {
    Object ignored = (Object) encoderComplete.invokeExact(encoder);
  }

  int read(Object decoder, ByteBuffer dst) throws Throwable {
    return (Integer) (Object) decoderRead.invokeExact(decoder, (Object) dst);
  }

  boolean isCompleted(Object decoder) throws Throwable {
    return (Boolean) (Object) decoderCompleted.invokeExact(decoder);
  }
}
