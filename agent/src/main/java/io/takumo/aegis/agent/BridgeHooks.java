package io.takumo.aegis.agent;

import io.takumo.aegis.bootstrap.AegisBridge;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientExchange;
import io.takumo.aegis.log.AegisLog;

/**
 * The agent's side of the bridge. Every hook catches everything: a failure of the agent must never
 * surface in the app as anything but the documented fail-closed IOException.
 */
final class BridgeHooks implements AegisBridge.Hooks {

  private final JdkHttpClientExchange jdkHttpClient;
  private final AegisLog log;

  BridgeHooks(JdkHttpClientExchange jdkHttpClient, AegisLog log) {
    this.jdkHttpClient = jdkHttpClient;
    this.log = log;
  }

  @Override
  public Object[] jdkHttpClientExchange(Object request, Object bodyHandler) {
    try {
      return jdkHttpClient.apply(request, bodyHandler);
    } catch (Throwable t) {
      log.warn("java.net.http hook failed (" + t.getClass().getSimpleName() + "); exchange left as it was");
      return null;
    }
  }
}
