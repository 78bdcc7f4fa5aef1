package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.instrument.ResponseStreams;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * Gives an OkHttp response a body that restores tokens as the app reads it, in any OkHttp 3, 4 or
 * 5. The new body is an Okio source over a stream, so {@code source()}, {@code byteStream()} and
 * {@code string()} all keep working, and an event stream still arrives event by event.
 */
final class OkHttpResponses {

  private final Engine engine;
  private final MethodHandle body;
  private final MethodHandle header;
  private final MethodHandle newBuilder;
  private final MethodHandle removeHeader;
  private final MethodHandle builderBody;
  private final MethodHandle build;
  private final MethodHandle contentType;
  private final MethodHandle byteStream;
  private final MethodHandle sourceOf;
  private final MethodHandle buffer;
  private final MethodHandle createBody;

  OkHttpResponses(LibraryHandles handles, Engine engine) throws ReflectiveOperationException {
    this.engine = engine;
    Class<?> response = handles.type("okhttp3.Response");
    Class<?> responseBuilder = handles.type("okhttp3.Response$Builder");
    Class<?> responseBody = handles.type("okhttp3.ResponseBody");
    Class<?> mediaType = handles.type("okhttp3.MediaType");
    Class<?> okio = handles.type("okio.Okio");
    Class<?> source = handles.type("okio.Source");
    Class<?> bufferedSource = handles.type("okio.BufferedSource");
    body = handles.virtual(response, "body", responseBody);
    header = handles.virtual(response, "header", String.class, String.class);
    newBuilder = handles.virtual(response, "newBuilder", responseBuilder);
    removeHeader = handles.virtual(responseBuilder, "removeHeader", responseBuilder, String.class);
    builderBody = handles.virtual(responseBuilder, "body", responseBuilder, responseBody);
    build = handles.virtual(responseBuilder, "build", response);
    contentType = handles.virtual(responseBody, "contentType", mediaType);
    byteStream = handles.virtual(responseBody, "byteStream", InputStream.class);
    sourceOf = handles.staticMethod(okio, "source", source, InputStream.class);
    buffer = handles.staticMethod(okio, "buffer", bufferedSource, source);
    createBody = createBody(handles, responseBody, mediaType, bufferedSource);
  }

  /**
   * {@code ResponseBody.create(BufferedSource, MediaType, long)}: 4.x and 5.x; 3.x has it as
   * {@code create(MediaType, long, BufferedSource)}.
   */
  private static MethodHandle createBody(
      LibraryHandles handles, Class<?> responseBody, Class<?> mediaType, Class<?> bufferedSource)
      throws ReflectiveOperationException {
    try {
      return handles.staticMethod(responseBody, "create", responseBody, bufferedSource, mediaType, long.class);
    } catch (NoSuchMethodException e) {
      MethodHandle old = handles.staticMethod(responseBody, "create", responseBody, mediaType, long.class, bufferedSource);
      return MethodHandles.permuteArguments(old, old.type(), 1, 2, 0);
    }
  }

  /** Returns {@code response} with a restoring body, or itself if its body needs no restoring. */
  Object restore(Object response, String host, RestoreScope scope) throws Throwable {
    ResponseRestorer restorer =
        engine.restorerFor(host, header(response, "Content-Type"), header(response, "Content-Encoding"), scope);
    return restorer == null ? response : withRestoredBody(response, restorer, host);
  }

  Object withRestoredBody(Object response, ResponseRestorer restorer, String host) throws Throwable {
    Object original = (Object) body.invokeExact(response);
    if (original == null) {
      return response;
    }
    InputStream restoring =
        ResponseStreams.restoring((InputStream) (Object) byteStream.invokeExact(original), restorer, engine, host);
    Object source = (Object) buffer.invokeExact((Object) sourceOf.invokeExact((Object) restoring));
    Object restoredBody =
        (Object) createBody.invokeExact(source, (Object) contentType.invokeExact(original), (Object) (-1L));
    Object builder = (Object) newBuilder.invokeExact(response);
    // Restoring changes the length; the body's length is unknown (-1) until it has been read.
    builder = (Object) removeHeader.invokeExact(builder, (Object) "Content-Length");
    builder = (Object) builderBody.invokeExact(builder, restoredBody);
    return (Object) build.invokeExact(builder);
  }

  private String header(Object response, String name) throws Throwable {
    return (String) (Object) header.invokeExact(response, (Object) name);
  }
}
