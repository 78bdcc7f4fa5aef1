package io.takumo.aegis.server.proxy;

import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.vertx.core.buffer.Buffer;

/**
 * The {@link ProtectionSeam} until the engine module exists: bodies pass unchanged. It protects
 * nothing; it only holds the seam's place so that the engine's exchange can replace it.
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
    public Buffer responseChunk(Buffer chunk) {
      return chunk;
    }

    @Override
    public Buffer responseEnd() {
      return EMPTY;
    }

    @Override
    public boolean keepsLength() {
      return true;
    }
  };

  @Override
  public Exchange open(ProviderRoute route, KeyPrincipal principal) {
    return IDENTITY;
  }
}
