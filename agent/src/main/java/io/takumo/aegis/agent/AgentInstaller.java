package io.takumo.aegis.agent;

import io.takumo.aegis.bootstrap.AegisBridge;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.config.Setting;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.Instrumentation;
import io.takumo.aegis.instrument.apache4.Apache4Hook;
import io.takumo.aegis.instrument.apache4.Apache4Instrumentation;
import io.takumo.aegis.instrument.apache5.Apache5Hook;
import io.takumo.aegis.instrument.apache5.Apache5Instrumentation;
import io.takumo.aegis.instrument.apacheredirect.ApacheRedirectInstrumentation;
import io.takumo.aegis.instrument.apacheredirect.ApacheRedirects;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientExchange;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientInstrumentation;
import io.takumo.aegis.instrument.jdkhttp.JdkRedirectInstrumentation;
import io.takumo.aegis.instrument.jetty.JettyHook;
import io.takumo.aegis.instrument.jetty.JettyInstrumentation;
import io.takumo.aegis.instrument.netty.NettyHook;
import io.takumo.aegis.instrument.netty.NettyInstrumentation;
import io.takumo.aegis.instrument.netty.ReactorNettyRouting;
import io.takumo.aegis.instrument.netty.ReactorNettyRoutingInstrumentation;
import io.takumo.aegis.instrument.netty.http2.Http2Hook;
import io.takumo.aegis.instrument.netty.http2.NettyHttp2Instrumentation;
import io.takumo.aegis.instrument.okhttp.OkHttpHook;
import io.takumo.aegis.instrument.jetty.JettyRedirectInstrumentation;
import io.takumo.aegis.instrument.okhttp.OkHttpInstrumentation;
import io.takumo.aegis.instrument.okhttp.OkHttpRedirectInstrumentation;
import io.takumo.aegis.instrument.okhttp.OkHttpRedirects;
import io.takumo.aegis.instrument.urlconnection.ConnectionScopes;
import io.takumo.aegis.instrument.urlconnection.HttpsConnectInstrumentation;
import io.takumo.aegis.instrument.urlconnection.UnwovenConnectionGuard;
import io.takumo.aegis.instrument.urlconnection.UnwovenConnectionGuardInstrumentation;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionInstrumentation;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionRequests;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionResponses;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionRouting;
import io.takumo.aegis.instrument.urlconnection.UrlRoutingInstrumentation;
import io.takumo.aegis.instrument.vertx.VertxRouting;
import io.takumo.aegis.instrument.vertx.VertxRoutingInstrumentation;
import io.takumo.aegis.log.AegisLog;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Starts the agent inside its isolated class loader. Premain only reads the configuration and
 * registers a transformer that filters class loads by name; everything else (the bootstrap bridge,
 * the engine, the hooks, the weaver: {@link Activation}) happens on a background thread, or on the
 * thread that loads the first client class, whichever comes first.
 */
public final class AgentInstaller {

  /** JDK modules holding classes the agent weaves advice into; they must read the bridge. */
  private static final List<String> INSTRUMENTED_JDK_MODULES = Arrays.asList("java.base", "java.net.http");

  /** JDK classes loaded (not initialised) in the background so their weaving is off the request path. */
  private static final List<String> WARM_UP_CLASSES =
      Arrays.asList("jdk.internal.net.http.HttpClientImpl", "sun.net.www.protocol.http.HttpURLConnection",
          "sun.net.www.http.HttpClient");

  /**
   * The internal names of the classes that {@link #instrumentations} transform, so that premain can
   * filter class loads without loading any instrumentation (nor ByteBuddy). A test keeps these
   * equal to the instrumentations' own {@code targetTypes()}.
   */
  private static final List<String> TARGET_TYPES =
      Arrays.asList(
          "jdk/internal/net/http/HttpClientImpl",
          "okhttp3/OkHttpClient",
          "sun/net/www/protocol/http/HttpURLConnection",
          "sun/net/www/http/HttpClient",
          "org/eclipse/jetty/client/transport/HttpRequest",
          "org/eclipse/jetty/client/transport/ResponseListeners",
          "org/eclipse/jetty/client/transport/HttpReceiver",
          "org/eclipse/jetty/client/transport/HttpDestination",
          "org/apache/http/impl/client/InternalHttpClient",
          "org/apache/http/impl/client/MinimalHttpClient",
          "org/apache/http/impl/client/AbstractHttpClient",
          "org/apache/http/impl/nio/client/InternalHttpAsyncClient",
          "org/apache/http/impl/nio/client/MinimalHttpAsyncClient",
          "org/apache/hc/client5/http/impl/classic/InternalHttpClient",
          "org/apache/hc/client5/http/impl/classic/MinimalHttpClient",
          "org/apache/hc/client5/http/impl/async/InternalAbstractHttpAsyncClient",
          "org/apache/hc/client5/http/impl/async/AbstractMinimalHttpAsyncClientBase",
          "org/apache/hc/core5/concurrent/ComplexFuture",
          "io/netty/channel/DefaultChannelPipeline",
          "io/netty/handler/codec/http2/DefaultHttp2ConnectionEncoder",
          "io/netty/handler/codec/http2/DefaultHttp2ConnectionDecoder",
          "io/netty/handler/codec/http2/DefaultHttp2LocalFlowController");

  /** The same, for the instrumentations added in {@code mode: gateway}. */
  private static final List<String> GATEWAY_TARGET_TYPES =
      Arrays.asList(
          "java/net/URL",
          "jdk/internal/net/http/RedirectFilter",
          "okhttp3/internal/http/RetryAndFollowUpInterceptor",
          "org/eclipse/jetty/client/RedirectProtocolHandler",
          "org/apache/http/impl/execchain/RedirectExec",
          "org/apache/http/impl/client/DefaultRequestDirector",
          "org/apache/http/impl/nio/client/MainClientExec",
          "org/apache/hc/client5/http/impl/classic/RedirectExec",
          "org/apache/hc/client5/http/impl/async/AsyncRedirectExec",
          "reactor/netty/http/client/HttpClientConnect$HttpClientHandler",
          "io/vertx/core/http/impl/HttpClientImpl",
          "sun/net/www/protocol/https/AbstractDelegateHttpsURLConnection",
          "io/vertx/core/http/impl/UnpooledHttpClientConnection");

  private AgentInstaller() {}

  /** Called reflectively by the launcher's premain/agentmain. */
  public static void install(java.lang.instrument.Instrumentation inst, String agentJarPath) {
    long started = System.nanoTime();
    AegisConfig config;
    try {
      config = AegisConfig.load();
    } catch (IllegalArgumentException e) {
      System.err.println("[takumo-aegis] ERROR configuration: " + e.getMessage() + "; the agent is inactive");
      return;
    }
    if (!config.enabled()) {
      return;
    }
    AegisLog log = AegisLog.create(config.logLevel(), config.get(Setting.LOG_FILE));
    AegisLog.setGlobal(log);

    Activation activation = new Activation(config, inst, agentJarPath, log, started);
    LazyTransformer transformer = new LazyTransformer(targetTypes(config.mode()), activation, inst);
    inst.addTransformer(transformer, true);
    retransformLoadedTargets(inst, transformer);
    warmUpInBackground(activation, transformer, log);
    activation.premainDone();
  }

  /**
   * Reads one JDK class file the way weaving does (a {@code jrt:} resource of the system class
   * loader), so that the classes behind it ({@code sun.net.www.protocol.jrt.JavaRuntimeURLConnection}
   * and its handler) are loaded before anything is woven: otherwise a weaving can run
   * while another agent is loading one of them on the same thread, and describing the target
   * reaches for it again ({@code ClassCircularityError}), leaving the target unwoven.
   */
  static void loadClassFileReading() {
    try (java.io.InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/Object.class")) {
      if (in != null) {
        in.read();
      }
    } catch (java.io.IOException | RuntimeException e) {
      // Only a precaution: weaving reads class files the same way and reports its own failures.
    }
  }

  /** What {@link #TARGET_TYPES} lists, for {@code mode}. */
  static Set<String> targetTypes(Mode mode) {
    Set<String> targets = new HashSet<>(TARGET_TYPES);
    if (mode == Mode.GATEWAY) {
      targets.addAll(GATEWAY_TARGET_TYPES);
    }
    return Collections.unmodifiableSet(targets);
  }

  /** The client hooks the advice reaches through the bridge. */
  static BridgeHooks hooks(Engine engine, AegisConfig config, AegisLog log) {
    ConnectionScopes connectionScopes = new ConnectionScopes(engine);
    BridgeHooks hooks =
        new BridgeHooks(
            new JdkHttpClientExchange(engine),
            new OkHttpHook(engine),
            new UrlConnectionRequests(engine, connectionScopes),
            new UrlConnectionResponses(engine, connectionScopes),
            log,
            new JettyHook(engine),
            new Apache4Hook(engine),
            new Apache5Hook(engine))
            .withNetty(new NettyHook(engine))
            .withNettyHttp2(new Http2Hook(engine))
            .guardingUnwovenUrlConnections(new UnwovenConnectionGuard(engine));
    if (config.mode() == Mode.GATEWAY) {
      hooks.routingUrlConnections(new UrlConnectionRouting(engine));
      hooks.followingOkHttpRedirects(new OkHttpRedirects(engine));
      hooks.followingApacheRedirects(new ApacheRedirects(engine));
      hooks.routingReactorNetty(new ReactorNettyRouting(engine));
      hooks.routingVertx(new VertxRouting(engine));
      hooks.handlingGatewayDrops(engine);
    }
    return hooks;
  }

  /** Every instrumentation of {@code mode}; their target types are {@link #targetTypes}. */
  static List<Instrumentation> instrumentations(Mode mode) {
    List<Instrumentation> instrumentations =
        new ArrayList<>(Arrays.<Instrumentation>asList(
            new JdkHttpClientInstrumentation(), new OkHttpInstrumentation(), new UrlConnectionInstrumentation(),
            new UnwovenConnectionGuardInstrumentation(),
            new JettyInstrumentation(),
            new Apache4Instrumentation(), new Apache5Instrumentation(),
            new NettyInstrumentation(), new NettyHttp2Instrumentation()));
    if (mode == Mode.GATEWAY) {
      // java.net.URL is loaded already: in gateway mode start-up pays for weaving it (retransformed below).
      instrumentations.add(new UrlRoutingInstrumentation());
      instrumentations.add(new JdkRedirectInstrumentation());
      instrumentations.add(new OkHttpRedirectInstrumentation());
      instrumentations.add(new JettyRedirectInstrumentation());
      instrumentations.add(new ApacheRedirectInstrumentation());
      instrumentations.add(new ReactorNettyRoutingInstrumentation());
      instrumentations.add(new VertxRoutingInstrumentation());
      instrumentations.add(new HttpsConnectInstrumentation());
    }
    return instrumentations;
  }

  static void readBridgeFromJdkModules(java.lang.instrument.Instrumentation inst) {
    Module bridge = AegisBridge.class.getModule();
    for (String name : INSTRUMENTED_JDK_MODULES) {
      Optional<Module> module = ModuleLayer.boot().findModule(name);
      if (module.isPresent()) {
        inst.redefineModule(module.get(), Collections.singleton(bridge), Collections.emptyMap(),
            Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
      }
    }
  }

  /**
   * Targets loaded before the agent started (attach at runtime, early JDK use, another agent's
   * start-up, or a target loaded by the activation itself) are rewoven. When there are any, the
   * activation runs now, on this thread, and not inside the JVM's retransformation callback. One
   * class at a time: the JVM refuses a batch as a whole when it refuses one of its classes, and a
   * class it refuses is reported as not woven, with its client. After each, the targets that loaded
   * unwoven while it was being described are woven ({@link LazyTransformer#reweaveUnwoven}).
   */
  static void retransformLoadedTargets(java.lang.instrument.Instrumentation inst, LazyTransformer transformer) {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (transformer.isTarget(c) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    if (loaded.isEmpty()) {
      return;
    }
    transformer.delegate();
    for (Class<?> c : loaded) {
      try {
        inst.retransformClasses(c);
      } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
        transformer.refused(c, e);
      }
      transformer.reweaveUnwoven();
    }
  }

  /**
   * Activates the agent and weaves the JDK clients on a background thread, which then has the
   * engine's vault and rules built and a request rehearsed on a second one
   * ({@link Activation#warmUpEngine}), so that neither the app's start-up nor its first request
   * pays for them (a request that comes first waits for what it needs). Nothing here may touch
   * java.util.logging or System.Logger: at start-up that would fix the app's LogManager before the
   * app could choose its own.
   */
  private static void warmUpInBackground(Activation activation, LazyTransformer transformer, AegisLog log) {
    start(new Thread(new WarmUp(activation, transformer, log), "takumo-aegis-warmup"));
  }

  static void start(Thread thread) {
    thread.setDaemon(true);
    thread.start();
  }

  /** A named class, not a lambda: the first lambda of a JVM costs milliseconds to bootstrap. */
  private static final class WarmUp implements Runnable {
    private final Activation activation;
    private final LazyTransformer transformer;
    private final AegisLog log;

    WarmUp(Activation activation, LazyTransformer transformer, AegisLog log) {
      this.activation = activation;
      this.transformer = transformer;
      this.log = log;
    }

    @Override
    public void run() {
      try {
        transformer.delegate();
        activation.warmUpEngine();
        for (String name : WARM_UP_CLASSES) {
          Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        }
      } catch (Throwable t) {
        log.debug("warm-up did not complete: " + t.getClass().getSimpleName());
      }
    }
  }
}
