package io.takumo.aegis.server.proxy;

import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.vertx.core.buffer.Buffer;

/**
 * THE place where the engine will protect provider traffic: tokenize secrets in the request body
 * before the provider sees it, restore them in the response (JSON and SSE) before the client does.
 * {@link ProviderProxy} passes every body chunk through an {@link Exchange} of this seam and
 * nothing else touches bodies.
 *
 * <p>Today the only implementation is {@link PassThroughSeam}, which changes nothing: until the
 * engine module exists (issue 14) the gateway forwards bodies as they are and protects nothing.
 */
public interface ProtectionSeam {

  /** One request and its response. */
  Exchange open(ProviderRoute route, KeyPrincipal principal);

  /**
   * The body transforms of one exchange, called on the exchange's event loop, in order. Each
   * returns the bytes to send on (possibly empty while it holds bytes back, e.g. a whole JSON
   * request or a partial SSE event).
   */
  interface Exchange {
    Buffer requestChunk(Buffer chunk);

    Buffer requestEnd();

    Buffer responseChunk(Buffer chunk);

    Buffer responseEnd();

    /** Whether bodies keep their length, so {@code Content-Length} can be forwarded as it came. */
    boolean keepsLength();
  }
}
