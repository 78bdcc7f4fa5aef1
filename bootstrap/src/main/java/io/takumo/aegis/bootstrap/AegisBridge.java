package io.takumo.aegis.bootstrap;

/**
 * The one place where advice inlined into JDK or library classes reaches the agent.
 *
 * <p>This class is loaded by the bootstrap class loader, so every class in the JVM can see it.
 * The agent, loaded in its own isolated class loader, installs its {@link Hooks} at start-up;
 * until then (and when the agent is disabled) the hooks do nothing. Arguments and results are
 * typed {@code Object} because the bootstrap loader cannot see the client libraries' types.
 */
public final class AegisBridge {

  private static volatile Hooks hooks = Hooks.NONE;

  private AegisBridge() {}

  public static Hooks hooks() {
    return hooks;
  }

  /** Called once by the agent when it has started. */
  public static void install(Hooks installed) {
    hooks = installed == null ? Hooks.NONE : installed;
  }

  /** What the instrumentations call. Every method must be cheap for non-provider traffic. */
  public interface Hooks {

    Hooks NONE = new Hooks() {};

    /**
     * {@code java.net.http.HttpClient}: called with the request and body handler of every
     * exchange. Returns {@code null} to leave the exchange alone, {@code {request, handler}} to
     * replace them, or {@code {IOException}} to fail the exchange without sending it.
     */
    default Object[] jdkHttpClientExchange(Object request, Object bodyHandler) {
      return null;
    }

    /**
     * {@code HttpURLConnection.getOutputStream()}, on entry: whether the agent rewrites this
     * connection's request body. If so, streaming modes are turned off first: the JDK must hold
     * the body back and compute its length itself, as the rewritten body has another length.
     */
    default boolean urlConnectionProtectsBody(Object connection) {
      return false;
    }

    /**
     * {@code HttpURLConnection.getOutputStream()}, on exit: returns the stream to hand to the app
     * instead of {@code stream}, or {@code stream} itself.
     */
    default Object urlConnectionRequestStream(Object connection, Object stream) {
      return stream;
    }

    /**
     * {@code HttpURLConnection.getInputStream()}, on entry: sends on a request body the agent
     * still holds back (the app did not close its stream). Returns the exception to throw from
     * {@code getInputStream()} instead, without sending anything, or {@code null}.
     */
    default java.io.IOException urlConnectionSendRequest(Object connection) {
      return null;
    }

    /**
     * {@code HttpURLConnection.getInputStream()} and {@code getErrorStream()}, on exit: returns
     * the stream to hand to the app instead of {@code stream}, or {@code stream} itself; the same
     * one each time for the same {@code stream}.
     */
    default Object urlConnectionResponseStream(Object connection, Object stream) {
      return stream;
    }

    /**
     * OkHttp: called with each {@code OkHttpClient.Builder} before a client is built from it, to
     * add the agent's interceptor.
     */
    default void okHttpClientBuilding(Object builder) {}

    /**
     * Netty: called with every handler added to a {@code DefaultChannelPipeline}, to add the
     * agent's handler after an HTTP client codec.
     */
    default void nettyHandlerAdded(Object pipeline, Object handler) {}
  }
}
