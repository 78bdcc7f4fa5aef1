package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.RequestBlockedException;
import java.io.IOException;

/**
 * What the app catches when the agent blocks a request inside a library that lets the exception
 * through as it is: a plain {@link IOException} with the same one-line reason, so no class of the
 * agent's isolated loader ends up in the app's hands (or in its serialized errors).
 */
public final class BlockedRequests {

  private BlockedRequests() {}

  public static IOException forApp(IOException e) {
    return e instanceof RequestBlockedException ? new IOException(e.getMessage()) : e;
  }
}
