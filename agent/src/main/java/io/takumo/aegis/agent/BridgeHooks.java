package io.takumo.aegis.agent;

import io.takumo.aegis.bootstrap.AegisBridge;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientExchange;
import io.takumo.aegis.instrument.netty.NettyHook;
import io.takumo.aegis.instrument.okhttp.OkHttpHook;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionRequests;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionResponses;
import io.takumo.aegis.log.AegisLog;
import java.io.IOException;

/**
 * The agent's side of the bridge. Every hook catches everything: a failure of the agent must never
 * surface in the app as anything but the documented fail-closed IOException.
 */
final class BridgeHooks implements AegisBridge.Hooks {

  private final JdkHttpClientExchange jdkHttpClient;
  private final OkHttpHook okHttp;
  private final UrlConnectionRequests urlConnectionRequests;
  private final UrlConnectionResponses urlConnectionResponses;
  private final AegisLog log;
  private NettyHook netty;

  BridgeHooks(
      JdkHttpClientExchange jdkHttpClient,
      OkHttpHook okHttp,
      UrlConnectionRequests urlConnectionRequests,
      UrlConnectionResponses urlConnectionResponses,
      AegisLog log) {
    this.jdkHttpClient = jdkHttpClient;
    this.okHttp = okHttp;
    this.urlConnectionRequests = urlConnectionRequests;
    this.urlConnectionResponses = urlConnectionResponses;
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

  @Override
  public void okHttpClientBuilding(Object builder) {
    try {
      okHttp.clientBuilding(builder);
    } catch (Throwable t) {
      log.warn("OkHttp hook failed (" + t.getClass().getSimpleName() + "); this client's requests are NOT protected");
    }
  }

  @Override
  public boolean urlConnectionProtectsBody(Object connection) {
    try {
      return urlConnectionRequests.protectsBody(connection);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); streaming mode left on");
      return false;
    }
  }

  @Override
  public Object urlConnectionRequestStream(Object connection, Object stream) {
    try {
      return urlConnectionRequests.requestStream(connection, stream);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); request body NOT protected");
      return stream;
    }
  }

  @Override
  public IOException urlConnectionSendRequest(Object connection) {
    try {
      return urlConnectionRequests.sendRequest(connection);
    } catch (Throwable t) {
      // The body may be held back by the agent: going on would send the connection without it.
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); request not sent");
      return new IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not send the request");
    }
  }

  @Override
  public Object urlConnectionResponseStream(Object connection, Object stream) {
    try {
      return urlConnectionResponses.responseStream(connection, stream);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); response left as it was");
      return stream;
    }
  }

  /** Adds the Netty hook (kept out of the constructor so that other hooks can be added alike). */
  BridgeHooks withNetty(NettyHook hook) {
    this.netty = hook;
    return this;
  }

  @Override
  public void nettyHandlerAdded(Object pipeline, Object handler) {
    NettyHook hook = netty;
    if (hook == null) {
      return;
    }
    try {
      hook.handlerAdded(pipeline, handler);
    } catch (Throwable t) {
      log.warn("Netty hook failed (" + t.getClass().getSimpleName() + "); this connection's requests are NOT protected");
    }
  }
}
