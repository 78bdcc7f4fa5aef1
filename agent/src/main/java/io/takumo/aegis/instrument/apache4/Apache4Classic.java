package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.ResponseStreams;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;

/**
 * Request entities (classic and async) and classic response entities: protects what is sent,
 * and gives a response an entity that restores tokens as the app reads it.
 */
final class Apache4Classic {

  private final Engine engine;

  Apache4Classic(Engine engine) {
    this.engine = engine;
  }

  /**
   * Replaces the request's entity with the protected bytes, if it has one worth reading, and
   * returns the bytes it now holds; returns null if the entity was left as it was.
   *
   * @throws java.io.IOException a {@code RequestBlockedException}, or the app's entity failing to write
   */
  byte[] protect(Apache4Api api, String host, Object request, RestoreScope scope) throws Throwable {
    Object entity = api.requestEntity(request);
    if (entity == null || engine.leavesUntouched(host, api.header(request, "Authorization"))) {
      return null;
    }
    String type = api.value(api.contentTypeHeader(entity));
    if (type == null) {
      type = api.header(request, "Content-Type");
    }
    String encoding = api.value(api.contentEncodingHeader(entity));
    if (encoding == null) {
      encoding = api.header(request, "Content-Encoding");
    }
    if (BodyKind.isOpaque(type) || api.contentLength(entity) == 0) {
      return null;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    api.writeTo(entity, body);
    byte[] sent = engine.protectRequest(host, type, encoding, body.toByteArray(), scope);
    // Always send the bytes read: a streamed entity cannot be written a second time.
    api.setRequestEntity(request, api.byteArrayEntity(sent, entity));
    return sent;
  }

  /** Notes the path of an async request, whose scope was made before the request was generated. */
  void scopePath(Apache4Api api, Object request, RestoreScope scope) throws Throwable {
    engine.scopePath(scope, api.path(request));
  }

  /** Swaps in an entity that reads the response through a restorer, if it needs one. */
  void restore(Apache4Api api, String host, Object response, RestoreScope scope) throws Throwable {
    Object entity = api.responseEntity(response);
    if (entity == null) {
      return;
    }
    String type = api.value(api.contentTypeHeader(entity));
    ResponseRestorer restorer =
        engine.restorerFor(host, type != null ? type : api.header(response, "Content-Type"),
            api.header(response, "Content-Encoding"), scope);
    if (restorer == null) {
      return;
    }
    InputStream restoring = ResponseStreams.restoring(api.content(entity), restorer, engine, host);
    api.setResponseEntity(response, api.inputStreamEntity(restoring, entity));
    // The restored body has another length, known only once it has been read.
    api.removeHeaders(response, "Content-Length");
  }
}
