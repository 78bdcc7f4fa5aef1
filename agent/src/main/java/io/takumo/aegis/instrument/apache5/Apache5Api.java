package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.instrument.LibraryHandles;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;

/** The parts of one Apache HttpCore/HttpClient 5 (in one class loader) that the agent calls. */
final class Apache5Api {

  final ClassLoader loader;
  /** How a classic client sends a request again; null if it cannot. */
  final Apache5Resend resend;
  /** How an async client sends an exchange again; null if it cannot. */
  final AsyncResend.Handles asyncResend;
  final Class<?> requestChannel;
  final Class<?> entityDetails;
  final Class<?> dataStreamChannel;
  final Class<?> asyncRequestProducer;
  final Class<?> asyncResponseConsumer;
  private final MethodHandle hostName;
  private final MethodHandle hostPort;
  private final MethodHandle authority;
  private final MethodHandle authorityHost;
  private final MethodHandle authorityPort;
  private final MethodHandle firstHeader;
  private final MethodHandle headerValue;
  private final MethodHandle removeHeaders;
  private final MethodHandle getEntity;
  private final MethodHandle setEntity;
  private final MethodHandle contentType;
  private final MethodHandle contentEncoding;
  private final MethodHandle contentLength;
  private final MethodHandle writeTo;
  private final MethodHandle getContent;
  private final MethodHandle parseContentType;
  private final MethodHandle byteArrayEntity;
  private final MethodHandle inputStreamEntity;
  private final MethodHandle write;
  private final MethodHandle endStream;
  private final MethodHandle hostScheme;
  private final MethodHandle newHost;
  private final MethodHandle newAuthority;
  private final MethodHandle requestScheme;
  private final MethodHandle setScheme;
  private final MethodHandle setAuthority;
  private final MethodHandle requestPath;
  private final MethodHandle setPath;
  private final MethodHandle requestMethod;
  private final MethodHandle setHeader;
  private final MethodHandle responseCode;

  Apache5Api(LibraryHandles h) throws ReflectiveOperationException {
    loader = h.loader();
    Class<?> httpHost = h.type("org.apache.hc.core5.http.HttpHost");
    Class<?> httpRequest = h.type("org.apache.hc.core5.http.HttpRequest");
    Class<?> uriAuthority = h.type("org.apache.hc.core5.net.URIAuthority");
    Class<?> messageHeaders = h.type("org.apache.hc.core5.http.MessageHeaders");
    Class<?> httpMessage = h.type("org.apache.hc.core5.http.HttpMessage");
    Class<?> header = h.type("org.apache.hc.core5.http.Header");
    Class<?> nameValuePair = h.type("org.apache.hc.core5.http.NameValuePair");
    Class<?> entityContainer = h.type("org.apache.hc.core5.http.HttpEntityContainer");
    Class<?> httpEntity = h.type("org.apache.hc.core5.http.HttpEntity");
    Class<?> contentTypeClass = h.type("org.apache.hc.core5.http.ContentType");
    requestChannel = h.type("org.apache.hc.core5.http.nio.RequestChannel");
    entityDetails = h.type("org.apache.hc.core5.http.EntityDetails");
    dataStreamChannel = h.type("org.apache.hc.core5.http.nio.DataStreamChannel");
    asyncRequestProducer = h.type("org.apache.hc.core5.http.nio.AsyncRequestProducer");
    asyncResponseConsumer = h.type("org.apache.hc.core5.http.nio.AsyncResponseConsumer");
    write = h.virtual(dataStreamChannel, "write", int.class, java.nio.ByteBuffer.class);
    endStream = h.virtual(h.type("org.apache.hc.core5.http.nio.StreamChannel"), "endStream", void.class);
    hostName = h.virtual(httpHost, "getHostName", String.class);
    hostPort = h.virtual(httpHost, "getPort", int.class);
    authority = h.virtual(httpRequest, "getAuthority", uriAuthority);
    authorityHost = h.virtual(uriAuthority, "getHostName", String.class);
    authorityPort = h.virtual(uriAuthority, "getPort", int.class);
    firstHeader = h.virtual(messageHeaders, "getFirstHeader", header, String.class);
    headerValue = h.virtual(nameValuePair, "getValue", String.class);
    removeHeaders = h.virtual(httpMessage, "removeHeaders", boolean.class, String.class);
    getEntity = h.virtual(entityContainer, "getEntity", httpEntity);
    setEntity = h.virtual(entityContainer, "setEntity", void.class, httpEntity);
    contentType = h.virtual(entityDetails, "getContentType", String.class);
    contentEncoding = h.virtual(entityDetails, "getContentEncoding", String.class);
    contentLength = h.virtual(entityDetails, "getContentLength", long.class);
    writeTo = h.virtual(httpEntity, "writeTo", void.class, OutputStream.class);
    getContent = h.virtual(httpEntity, "getContent", InputStream.class);
    parseContentType = h.staticMethod(contentTypeClass, "parse", contentTypeClass, CharSequence.class);
    byteArrayEntity = h.constructor(
        h.type("org.apache.hc.core5.http.io.entity.ByteArrayEntity"), byte[].class, contentTypeClass, String.class);
    hostScheme = h.virtual(httpHost, "getSchemeName", String.class);
    newHost = h.constructor(httpHost, String.class, String.class, int.class);
    newAuthority = h.constructor(uriAuthority, String.class, int.class);
    requestScheme = h.virtual(httpRequest, "getScheme", String.class);
    setScheme = h.virtual(httpRequest, "setScheme", void.class, String.class);
    setAuthority = h.virtual(httpRequest, "setAuthority", void.class, uriAuthority);
    requestPath = h.virtual(httpRequest, "getPath", String.class);
    setPath = h.virtual(httpRequest, "setPath", void.class, String.class);
    requestMethod = h.virtual(httpRequest, "getMethod", String.class);
    setHeader = h.virtual(httpMessage, "setHeader", void.class, String.class, Object.class);
    responseCode = h.virtual(h.type("org.apache.hc.core5.http.HttpResponse"), "getCode", int.class);
    inputStreamEntity = h.constructor(
        h.type("org.apache.hc.core5.http.io.entity.InputStreamEntity"),
        InputStream.class, long.class, contentTypeClass, String.class);
    resend = Apache5Resend.create(h, this);
    asyncResend = AsyncResend.Handles.create(h);
  }

  /** The host a request goes to: {@code target} if given, else the request's own authority. */
  String host(Object target, Object request) throws Throwable {
    if (target != null) {
      return (String) (Object) hostName.invokeExact(target);
    }
    Object a = (Object) authority.invokeExact(request);
    return a == null ? null : (String) (Object) authorityHost.invokeExact(a);
  }

  int port(Object target, Object request) throws Throwable {
    if (target != null) {
      return (Integer) (Object) hostPort.invokeExact(target);
    }
    Object a = (Object) authority.invokeExact(request);
    return a == null ? -1 : (Integer) (Object) authorityPort.invokeExact(a);
  }

  /** The scheme a request goes by: {@code target}'s if given, else the request's own (may be null). */
  String scheme(Object target, Object request) throws Throwable {
    return target != null ? (String) (Object) hostScheme.invokeExact(target) : (String) (Object) requestScheme.invokeExact(request);
  }

  /** A new {@code HttpHost}; port -1 for the scheme's default. */
  Object newHost(String scheme, String host, int port) throws Throwable {
    return (Object) newHost.invokeExact((Object) scheme, (Object) host, (Object) port);
  }

  Object authority(Object request) throws Throwable {
    return (Object) authority.invokeExact(request);
  }

  /** A new {@code URIAuthority}; port -1 for none. */
  Object newAuthority(String host, int port) throws Throwable {
    return (Object) newAuthority.invokeExact((Object) host, (Object) port);
  }

  String requestScheme(Object request) throws Throwable {
    return (String) (Object) requestScheme.invokeExact(request);
  }

  void setScheme(Object request, String scheme) throws Throwable {
    Object ignored = (Object) setScheme.invokeExact(request, (Object) scheme);
  }

  void setAuthority(Object request, Object authority) throws Throwable {
    Object ignored = (Object) setAuthority.invokeExact(request, authority);
  }

  String path(Object request) throws Throwable {
    return (String) (Object) requestPath.invokeExact(request);
  }

  void setPath(Object request, String path) throws Throwable {
    Object ignored = (Object) setPath.invokeExact(request, (Object) path);
  }

  String method(Object request) throws Throwable {
    return (String) (Object) requestMethod.invokeExact(request);
  }

  /** Sets a header, replacing any of that name. */
  void setHeader(Object message, String name, String value) throws Throwable {
    Object ignored = (Object) setHeader.invokeExact(message, (Object) name, (Object) value);
  }

  int code(Object response) throws Throwable {
    return (Integer) (Object) responseCode.invokeExact(response);
  }

  String header(Object message, String name) throws Throwable {
    Object h = (Object) firstHeader.invokeExact(message, (Object) name);
    return h == null ? null : (String) (Object) headerValue.invokeExact(h);
  }

  void removeHeaders(Object message, String name) throws Throwable {
    Object ignored = (Object) removeHeaders.invokeExact(message, (Object) name);
  }

  Object entity(Object message) throws Throwable {
    return (Object) getEntity.invokeExact(message);
  }

  void setEntity(Object message, Object entity) throws Throwable {
    Object ignored = (Object) setEntity.invokeExact(message, entity);
  }

  /** {@code getContentType()} of an entity or of entity details. */
  String contentType(Object details) throws Throwable {
    return (String) (Object) contentType.invokeExact(details);
  }

  String contentEncoding(Object details) throws Throwable {
    return (String) (Object) contentEncoding.invokeExact(details);
  }

  long contentLength(Object details) throws Throwable {
    return (Long) (Object) contentLength.invokeExact(details);
  }

  void writeTo(Object entity, OutputStream out) throws Throwable {
    Object ignored = (Object) writeTo.invokeExact(entity, (Object) out);
  }

  InputStream content(Object entity) throws Throwable {
    return (InputStream) (Object) getContent.invokeExact(entity);
  }

  Object byteArrayEntity(byte[] body, String contentType, String contentEncoding) throws Throwable {
    return (Object) byteArrayEntity.invokeExact((Object) body, parse(contentType), (Object) contentEncoding);
  }

  Object inputStreamEntity(InputStream in, String contentType, String contentEncoding) throws Throwable {
    return (Object) inputStreamEntity.invokeExact((Object) in, (Object) (-1L), parse(contentType), (Object) contentEncoding);
  }

  int write(Object dataStreamChannel, java.nio.ByteBuffer src) throws Throwable {
    return (Integer) (Object) write.invokeExact(dataStreamChannel, (Object) src);
  }

  void endStream(Object dataStreamChannel) throws Throwable {
    Object ignored = (Object) endStream.invokeExact(dataStreamChannel);
  }

  /** A {@code ContentType}, or null when there is none or it does not parse (it is then left off). */
  private Object parse(String contentType) throws Throwable {
    if (contentType == null) {
      return null;
    }
    try {
      return (Object) parseContentType.invokeExact((Object) contentType);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
