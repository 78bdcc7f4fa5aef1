package io.takumo.aegis.server.proxy;

import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * THE place where provider traffic is protected: secrets in the request body tokenized before the
 * provider sees it, restored in the response (JSON and SSE) before the client does.
 * {@link ProviderProxy} passes every body chunk through an {@link Exchange} of this seam and
 * nothing else touches bodies.
 *
 * <p>Base-URL clients get the engine's seam ({@code protect.EngineSeam}); {@link PassThroughSeam}
 * changes nothing, for traffic that arrives protected already (the agent tokenized it).
 */
public interface ProtectionSeam {

  /**
   * One request and its response, opened once the request is admitted. It may block (it may look
   * the org's policy up in the store): the proxy calls it on the store worker.
   *
   * @param requestHeaders the client's request headers (content type and coding of its body)
   */
  Exchange open(ProviderRoute route, KeyPrincipal principal, MultiMap requestHeaders);

  /**
   * The body transforms of one exchange, called on the exchange's event loop, in order (the end
   * of a large request body may be handled on a worker thread, still in order). Each returns the
   * bytes to send on (possibly empty while it holds bytes back, e.g. a whole JSON request or a
   * partial SSE event).
   */
  interface Exchange {
    /** @throws RefusedBody if the request must not be forwarded (the client gets its error) */
    Buffer requestChunk(Buffer chunk);

    /** @throws RefusedBody if the request must not be forwarded (the client gets its error) */
    Buffer requestEnd();

    /**
     * Whether the request body keeps its length, so {@code Content-Length} can be forwarded as it
     * came and the body streamed; if not, the proxy reads it whole before the upstream request
     * starts and sends the new length.
     */
    boolean keepsRequestLength();

    /** The provider's answer arrived with these headers; its body follows. */
    void responseHead(int status, MultiMap headers);

    Buffer responseChunk(Buffer chunk);

    Buffer responseEnd();

    /** Whether the response body keeps its length; asked after {@link #responseHead}. */
    boolean keepsResponseLength();
  }
}
