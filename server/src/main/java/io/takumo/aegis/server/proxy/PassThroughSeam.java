package io.takumo.aegis.server.proxy;

import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link ProtectionSeam} whose bodies pass unchanged: for traffic protected before it reaches
 * the gateway (the agent's routed requests carry tokens already), and for tests of the proxy alone.
 */
public final class PassThroughSeam implements ProtectionSeam {
  private static final Buffer EMPTY = Buffer.buffer(0);
  private static final Exchange IDENTITY = new Exchange() {
    @Override
    public Buffer requestChunk(Buffer chunk) {
      return chunk;
    }

    @Override
    public Buffer requestEnd() {
      return EMPTY;
    }

    @Override
    public boolean keepsRequestLength() {
      return true;
    }

    @Override
    public void responseHead(int status, MultiMap headers) {
    }

    @Override
    public Buffer responseChunk(Buffer chunk) {
      return chunk;
    }

    @Override
    public Buffer responseEnd() {
      return EMPTY;
    }

    @Override
    public boolean keepsResponseLength() {
      return true;
    }
  };

  @Override
  public Exchange open(ProviderRoute route, KeyPrincipal principal, MultiMap requestHeaders) {
    return IDENTITY;
  }
}
