package io.takumo.aegis.server.protect;

import io.takumo.aegis.codec.CodedResponseRestorer;
import io.takumo.aegis.codec.ContentCoding;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.rewrite.Rewrite;
import io.takumo.aegis.rewrite.UnrewritableBodyException;
import io.takumo.aegis.scope.RestoreScope;
import io.takumo.aegis.scope.ScopedRevealer;
import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.proxy.ProtectionSeam;
import io.takumo.aegis.server.proxy.RefusedBody;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;

/**
 * One request through the engine: its body is held whole (up to the limit), tokenized at its end,
 * and its tokens make the exchange's restore scope; its response is restored as it streams (one
 * SSE event held at a time, a JSON reply held whole up to the limit) with only those tokens.
 * Bodies it cannot protect are refused, never forwarded as they are.
 */
final class EngineExchange implements ProtectionSeam.Exchange {
  private static final Buffer EMPTY = Buffer.buffer(0);

  private final OrgVaults.OrgState org;
  private final String orgName;
  private final String contentType;
  private final String contentEncoding;
  private final long maxBodySize;
  private final GatewayMetrics metrics;
  private final RestoreScope scope = new RestoreScope();
  private Buffer held;
  /** Null when the response needs no restoring (its request produced no token) or cannot be restored. */
  private ResponseRestorer restorer;

  EngineExchange(OrgVaults.OrgState org, String orgName, String contentType, String contentEncoding, long maxBodySize,
      GatewayMetrics metrics) {
    this.org = org;
    this.orgName = orgName;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.maxBodySize = maxBodySize;
    this.metrics = metrics;
  }

  @Override
  public Buffer requestChunk(Buffer chunk) {
    if (held == null) {
      held = Buffer.buffer(Math.max(chunk.length(), 1024));
    }
    if (held.length() + (long) chunk.length() > maxBodySize) {
      held = null;
      throw refused(ErrorCode.BODY_TOO_LARGE, "too_large", "The request body is larger than the gateway's limit of "
          + maxBodySize + " bytes; it was not forwarded.");
    }
    held.appendBuffer(chunk);
    return EMPTY;
  }

  @Override
  public Buffer requestEnd() {
    if (held == null || held.length() == 0) {
      return EMPTY;
    }
    byte[] body = held.getBytes();
    held = null;
    ContentCoding coding = ContentCoding.of(contentEncoding);
    if (coding == null) {
      throw refused(ErrorCode.UNSUPPORTED_BODY, "unsupported", "The request body's Content-Encoding is not one the gateway"
          + " can read to protect it (identity, gzip, deflate); it was not forwarded.");
    }
    byte[] plain;
    try {
      plain = coding.decode(body, maxBodySize);
    } catch (IOException e) {
      throw refused(ErrorCode.INVALID_BODY, "invalid", "The request body is not valid " + coding.name().toLowerCase(java.util.Locale.ROOT)
          + " or decodes past the gateway's limit of " + maxBodySize + " bytes; it was not forwarded.");
    }
    BodyKind kind = BodyKind.of(contentType, plain);
    if (kind == BodyKind.OPAQUE) {
      throw refused(ErrorCode.UNSUPPORTED_BODY, "unsupported", "The gateway protects JSON and text request bodies only;"
          + " this one (by its Content-Type) was not forwarded.");
    }
    Rewrite rewrite;
    try {
      rewrite = org.rewriter().rewrite(plain, kind);
    } catch (UnrewritableBodyException e) {
      throw refused(ErrorCode.INVALID_BODY, "invalid", "The request body cannot be read to protect it (" + e.getMessage()
          + "); it was not forwarded.");
    }
    if (!rewrite.changed()) {
      return Buffer.buffer(body);
    }
    scope.addTokens(rewrite.tokens());
    metrics.secretsTokenized(orgName, rewrite.secrets());
    try {
      return Buffer.buffer(coding.encode(rewrite.body()));
    } catch (IOException e) {
      throw new IllegalStateException("re-encoding a request body failed", e);
    }
  }

  private RefusedBody refused(ErrorCode code, String reason, String message) {
    metrics.bodyRefused(reason);
    return new RefusedBody(new TakumoError(code, message));
  }

  @Override
  public boolean keepsRequestLength() {
    return false;
  }

  @Override
  public void responseHead(int status, MultiMap headers) {
    if (scope.tokens().isEmpty()) {
      return;
    }
    ResponseRestorer plain = ResponseRestorers.forContentType(
        new ScopedRevealer(org.vault(), scope.tokens(), token -> metrics.tokenWithheld()),
        headers.get(HttpHeaders.CONTENT_TYPE), maxBodySize, () -> metrics.responseNotRestored("too_large"));
    if (plain == null) {
      return;
    }
    ContentCoding coding = ContentCoding.of(headers.get(HttpHeaders.CONTENT_ENCODING));
    if (coding == null) {
      metrics.responseNotRestored("coding");
      return;
    }
    restorer = coding == ContentCoding.IDENTITY ? plain : new CodedResponseRestorer(plain, coding);
  }

  @Override
  public Buffer responseChunk(Buffer chunk) {
    if (restorer == null) {
      return chunk;
    }
    try {
      byte[] bytes = chunk.getBytes();
      return Buffer.buffer(restorer.update(bytes, 0, bytes.length));
    } catch (RuntimeException e) {
      restoreFailed(e);
      return chunk;
    }
  }

  @Override
  public Buffer responseEnd() {
    if (restorer == null) {
      return EMPTY;
    }
    try {
      return Buffer.buffer(restorer.finish());
    } catch (RuntimeException e) {
      restoreFailed(e);
      return EMPTY;
    }
  }

  /** The rest of the response passes through as it comes (tokens in it stay tokens). */
  private void restoreFailed(RuntimeException e) {
    restorer = null;
    metrics.responseNotRestored("failed");
    ServerLog.warn("could not restore tokens in a response for org " + orgName + " (" + e.getClass().getSimpleName()
        + "); the rest of it passes through unrestored");
  }

  @Override
  public boolean keepsResponseLength() {
    return restorer == null;
  }
}
