package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.restore.ResponseRestorer;
import java.util.Arrays;

/**
 * A restorer for push-style response consumers: if restoring fails, the failure is logged once and
 * the rest of the body passes through as it came, so the app never sees the agent's own failure.
 */
public final class GuardedRestorer implements ResponseRestorer {

  private static final byte[] NOTHING = new byte[0];

  private final ResponseRestorer restorer;
  private final Engine engine;
  private final String host;
  private boolean failed;

  public GuardedRestorer(ResponseRestorer restorer, Engine engine, String host) {
    this.restorer = restorer;
    this.engine = engine;
    this.host = host;
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    if (!failed) {
      try {
        return restorer.update(b, off, len);
      } catch (RuntimeException e) {
        failed = true;
        engine.restoreFailed(host, e);
      }
    }
    return Arrays.copyOfRange(b, off, off + len);
  }

  @Override
  public byte[] finish() {
    if (failed) {
      return NOTHING;
    }
    try {
      return restorer.finish();
    } catch (RuntimeException e) {
      failed = true;
      engine.restoreFailed(host, e);
      return NOTHING;
    }
  }
}
