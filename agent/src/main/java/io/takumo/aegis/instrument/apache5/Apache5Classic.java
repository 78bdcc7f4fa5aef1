package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.ResponseStreams;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The classic (blocking) client: protects the request entity before {@code doExecute} sends it,
 * and gives the response an entity that restores tokens as the app reads it.
 */
final class Apache5Classic {

  private final Engine engine;

  Apache5Classic(Engine engine) {
    this.engine = engine;
  }

  /** The provider host a request goes to, or null to leave it alone (another host, or signed over its body). */
  String providerHost(Apache5Api api, Object target, Object request) throws Throwable {
    String host = api.host(target, request);
    if (host == null || !engine.isProviderHost(host, api.port(target, request))
        || engine.leavesUntouched(host, api.header(request, "Authorization"))) {
      return null;
    }
    return host;
  }

  /**
   * Replaces a provider request's entity with the protected bytes; returns the body as it will be
   * sent, or null if the agent left it unread (a binary body).
   *
   * @throws IOException a {@code RequestBlockedException}, or the app's own entity failing to write
   */
  byte[] protect(Apache5Api api, String host, Object request, RestoreScope scope) throws Throwable {
    Object entity = api.entity(request);
    if (entity == null) {
      return new byte[0];
    }
    String type = api.contentType(entity);
    if (type == null) {
      type = api.header(request, "Content-Type");
    }
    String encoding = api.contentEncoding(entity);
    if (encoding == null) {
      encoding = api.header(request, "Content-Encoding");
    }
    if (BodyKind.isOpaque(type)) {
      return null;
    }
    if (api.contentLength(entity) == 0) {
      return new byte[0];
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    api.writeTo(entity, body);
    byte[] sent = engine.protectRequest(host, type, encoding, body.toByteArray(), scope);
    // Always send the bytes read: a streamed entity cannot be written a second time.
    api.setEntity(request, api.byteArrayEntity(sent, api.contentType(entity), api.contentEncoding(entity)));
    return sent;
  }

  /** Swaps in an entity that reads the response through a restorer, if it needs one. */
  void restore(Apache5Api api, String host, Object response, RestoreScope scope) throws Throwable {
    Object entity = api.entity(response);
    if (entity == null) {
      return;
    }
    String type = api.contentType(entity);
    // The entity's own coding, not the header's: from 5.6 on, the client decompresses the entity
    // but leaves Content-Encoding on the response.
    ResponseRestorer restorer =
        engine.restorerFor(host, type != null ? type : api.header(response, "Content-Type"),
            api.contentEncoding(entity), scope);
    if (restorer == null) {
      return;
    }
    InputStream restoring = ResponseStreams.restoring(api.content(entity), restorer, engine, host);
    api.setEntity(response, api.inputStreamEntity(restoring, type, api.contentEncoding(entity)));
    // The restored body has another length, known only once it has been read.
    api.removeHeaders(response, "Content-Length");
  }
}
