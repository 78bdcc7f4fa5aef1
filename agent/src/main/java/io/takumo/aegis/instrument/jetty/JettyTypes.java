package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.scope.RestoreScope;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The public Jetty 12 methods the agent calls, found in the class loader of one copy of Jetty. The
 * agent is not compiled against Jetty: every handle takes and returns {@code Object}s; call it
 * with {@code invokeExact}, arguments and result cast to {@code Object}.
 */
final class JettyTypes {

  private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

  final Class<?> contentSource;
  final MethodHandle requestHost;
  final MethodHandle requestPort;
  final MethodHandle requestPath;
  final MethodHandle requestHeaders;
  final MethodHandle requestEditHeaders;
  final MethodHandle requestBody;
  final MethodHandle requestSetBody;
  final MethodHandle requestAttributes;
  final MethodHandle requestSetAttribute;
  final MethodHandle requestAbort;
  final MethodHandle requestSend;
  final MethodHandle responseRequest;
  final MethodHandle responseHeaders;
  final MethodHandle responseEditHeaders;
  final MethodHandle fieldsGet;
  final MethodHandle mutableFieldsRemove;
  final MethodHandle contentType;
  final MethodHandle sourceRead;
  final MethodHandle sourceDemand;
  final MethodHandle sourceFail;
  final MethodHandle sourceFailTransiently;
  final MethodHandle chunkIsFailure;
  final MethodHandle chunkFailure;
  final MethodHandle chunkBuffer;
  final MethodHandle chunkIsLast;
  final MethodHandle chunkRelease;
  final MethodHandle chunkFrom;
  final MethodHandle newBytesContent;

  JettyTypes(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> request = Class.forName("org.eclipse.jetty.client.Request", false, loader);
    Class<?> response = Class.forName("org.eclipse.jetty.client.Response", false, loader);
    Class<?> responseImpl = Class.forName("org.eclipse.jetty.client.transport.HttpResponse", false, loader);
    Class<?> completeListener = Class.forName("org.eclipse.jetty.client.Response$CompleteListener", false, loader);
    Class<?> requestContent = Class.forName("org.eclipse.jetty.client.Request$Content", false, loader);
    Class<?> fields = Class.forName("org.eclipse.jetty.http.HttpFields", false, loader);
    Class<?> mutableFields = Class.forName("org.eclipse.jetty.http.HttpFields$Mutable", false, loader);
    Class<?> chunk = Class.forName("org.eclipse.jetty.io.Content$Chunk", false, loader);
    Class<?> bytesContent = Class.forName("org.eclipse.jetty.client.BytesRequestContent", false, loader);
    contentSource = Class.forName("org.eclipse.jetty.io.Content$Source", false, loader);
    requestHost = method(request, "getHost");
    requestPort = method(request, "getPort");
    requestPath = method(request, "getPath");
    requestHeaders = method(request, "getHeaders");
    requestEditHeaders = method(request, "headers", Consumer.class);
    requestBody = method(request, "getBody");
    requestSetBody = method(request, "body", requestContent);
    requestAttributes = method(request, "getAttributes");
    requestSetAttribute = method(request, "attribute", String.class, Object.class);
    requestAbort = method(request, "abort", Throwable.class);
    requestSend = method(request, "send", completeListener);
    responseRequest = method(response, "getRequest");
    responseHeaders = method(response, "getHeaders");
    responseEditHeaders = method(responseImpl, "headers", Consumer.class);
    fieldsGet = method(fields, "get", String.class);
    mutableFieldsRemove = method(mutableFields, "remove", String.class);
    contentType = method(requestContent, "getContentType");
    sourceRead = method(contentSource, "read");
    sourceDemand = method(contentSource, "demand", Runnable.class);
    sourceFail = method(contentSource, "fail", Throwable.class);
    sourceFailTransiently = method(contentSource, "fail", Throwable.class, boolean.class);
    chunkIsFailure = method(chunk, "isFailure", chunk);
    chunkFailure = method(chunk, "getFailure");
    chunkBuffer = method(chunk, "getByteBuffer");
    chunkIsLast = method(chunk, "isLast");
    chunkRelease = method(chunk, "release");
    chunkFrom = method(chunk, "from", ByteBuffer.class, boolean.class);
    newBytesContent =
        generic(PUBLIC.unreflectConstructor(bytesContent.getConstructor(String.class, byte[][].class)).asFixedArity());
  }

  /** A public method, instance or static, whatever its return type. */
  private static MethodHandle method(Class<?> owner, String name, Class<?>... parameters)
      throws ReflectiveOperationException {
    Method m = owner.getMethod(name, parameters);
    return generic(PUBLIC.unreflect(m));
  }

  private static MethodHandle generic(MethodHandle handle) {
    return handle.asType(handle.type().generic());
  }

  String header(Object fields, String name) throws Throwable {
    return (String) (Object) fieldsGet.invokeExact(fields, (Object) name);
  }

  /** Removes a header from a request's or response's headers (through their {@code headers(Consumer)}). */
  void removeHeader(MethodHandle editHeaders, Object requestOrResponse, String name) throws Throwable {
    Consumer<Object> remove = fields -> {
      try {
        Object same = (Object) mutableFieldsRemove.invokeExact(fields, (Object) name);
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    };
    Object same = (Object) editHeaders.invokeExact(requestOrResponse, (Object) remove);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> attributes(Object request) throws Throwable {
    return (Map<String, Object>) (Object) requestAttributes.invokeExact(request);
  }

  /** The restore scope the agent gave a provider request, or null if it gave it none. */
  RestoreScope scope(Object request) throws Throwable {
    Object scope = attributes(request).get(JettyRequests.SCOPE);
    return scope instanceof RestoreScope ? (RestoreScope) scope : null;
  }

  /** A chunk's bytes, copied; the chunk itself is left to the caller to release. */
  byte[] bytes(Object chunk) throws Throwable {
    ByteBuffer buffer = ((ByteBuffer) (Object) chunkBuffer.invokeExact(chunk)).slice();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  boolean isFailure(Object chunk) throws Throwable {
    return (Boolean) (Object) chunkIsFailure.invokeExact(chunk);
  }

  boolean isLast(Object chunk) throws Throwable {
    return (Boolean) (Object) chunkIsLast.invokeExact(chunk);
  }

  void release(Object chunk) throws Throwable {
    Object ignored = (Object) chunkRelease.invokeExact(chunk);
  }

  Object chunk(byte[] bytes, boolean last) throws Throwable {
    return (Object) chunkFrom.invokeExact((Object) ByteBuffer.wrap(bytes), (Object) last);
  }
}
