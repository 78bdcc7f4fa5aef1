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
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientExchange;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientInstrumentation;
import io.takumo.aegis.instrument.jetty.JettyHook;
import io.takumo.aegis.instrument.jetty.JettyInstrumentation;
import io.takumo.aegis.instrument.netty.NettyHook;
import io.takumo.aegis.instrument.netty.NettyInstrumentation;
import io.takumo.aegis.instrument.netty.ReactorNettyRouting;
import io.takumo.aegis.instrument.netty.ReactorNettyRoutingInstrumentation;
import io.takumo.aegis.instrument.netty.http2.Http2Hook;
import io.takumo.aegis.instrument.netty.http2.NettyHttp2Instrumentation;
import io.takumo.aegis.instrument.okhttp.OkHttpHook;
import io.takumo.aegis.instrument.okhttp.OkHttpInstrumentation;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Starts the agent inside its isolated class loader: configuration, engine, then the hooks. */
public final class AgentInstaller {

  /** JDK modules holding classes the agent weaves advice into; they must read the bridge. */
  private static final List<String> INSTRUMENTED_JDK_MODULES = Arrays.asList("java.base", "java.net.http");

  /** JDK classes loaded (not initialised) in the background so their weaving is off the request path. */
  private static final List<String> WARM_UP_CLASSES =
      Arrays.asList("jdk.internal.net.http.HttpClientImpl", "sun.net.www.protocol.http.HttpURLConnection");

  private AgentInstaller() {}

  /** Called reflectively by the launcher's premain/agentmain. */
  public static void install(java.lang.instrument.Instrumentation inst) {
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

    Engine engine = new Engine(config, log);
    if (config.jmx()) {
      engine.metrics().onFirstRequest(new io.takumo.aegis.metrics.JmxRegistration(engine.metrics(), log));
    }
    BridgeHooks hooks =
        new BridgeHooks(
            new JdkHttpClientExchange(engine),
            new OkHttpHook(engine),
            new UrlConnectionRequests(engine),
            new UrlConnectionResponses(engine),
            log,
            new JettyHook(engine),
            new Apache4Hook(engine),
            new Apache5Hook(engine))
            .withNetty(new NettyHook(engine))
            .withNettyHttp2(new Http2Hook(engine));
    if (config.mode() == Mode.GATEWAY) {
      hooks.routingUrlConnections(new UrlConnectionRouting(engine));
      hooks.routingReactorNetty(new ReactorNettyRouting(engine));
      hooks.routingVertx(new VertxRouting(engine));
      hooks.handlingGatewayDrops(engine);
      engine.metrics().rateLimitRemainingFrom(engine.gateway().quota());
    }
    AegisBridge.install(hooks);

    List<Instrumentation> instrumentations =
        new ArrayList<>(Arrays.<Instrumentation>asList(
            new JdkHttpClientInstrumentation(), new OkHttpInstrumentation(), new UrlConnectionInstrumentation(),
            new JettyInstrumentation(),
            new Apache4Instrumentation(), new Apache5Instrumentation(),
            new NettyInstrumentation(), new NettyHttp2Instrumentation()));
    if (config.mode() == Mode.GATEWAY) {
      // java.net.URL is loaded already: in gateway mode start-up pays for weaving it (retransformed below).
      instrumentations.add(new UrlRoutingInstrumentation());
      instrumentations.add(new ReactorNettyRoutingInstrumentation());
      instrumentations.add(new VertxRoutingInstrumentation());
    }
    readBridgeFromJdkModules(inst);
    LazyTransformer transformer = new LazyTransformer(targetsOf(instrumentations), new Weaver(instrumentations, inst, log));
    inst.addTransformer(transformer, true);
    retransformLoadedTargets(inst, transformer, log);
    warmUpInBackground(engine, transformer, log);

    if (!config.providerHosts().refused().isEmpty()) {
      log.warn("provider-hosts entries ignored: " + String.join(", ", config.providerHosts().refused())
          + ": AWS endpoints (Bedrock) sign the request body (SigV4), so their traffic is left untouched");
    }
    if (config.mode() == Mode.OBSERVE) {
      log.info("mode observe: provider requests are scanned and findings logged; no byte of any request"
          + " or response is changed");
    }
    log.info("Takumo Aegis active: mode " + config.mode().name().toLowerCase(Locale.ROOT)
        + (config.mode() == Mode.GATEWAY ? " (" + engine.gateway().base() + ", gateway-fallback "
            + (config.gatewayFallbackLocal() ? "local" : "none") + ")" : "")
        + ", fail-mode " + config.failMode().name().toLowerCase(Locale.ROOT)
        + ", " + instrumentations.size() + " client hooks, started in "
        + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  private static Set<String> targetsOf(List<Instrumentation> instrumentations) {
    Set<String> targets = new HashSet<>();
    for (Instrumentation i : instrumentations) {
      targets.addAll(i.targetTypes());
    }
    return Collections.unmodifiableSet(targets);
  }

  private static void readBridgeFromJdkModules(java.lang.instrument.Instrumentation inst) {
    Module bridge = AegisBridge.class.getModule();
    for (String name : INSTRUMENTED_JDK_MODULES) {
      Optional<Module> module = ModuleLayer.boot().findModule(name);
      if (module.isPresent()) {
        inst.redefineModule(module.get(), Collections.singleton(bridge), Collections.emptyMap(),
            Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
      }
    }
  }

  /** Targets loaded before the agent started (attach at runtime, or early JDK use) are rewoven. */
  private static void retransformLoadedTargets(
      java.lang.instrument.Instrumentation inst, LazyTransformer transformer, AegisLog log) {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (transformer.isTarget(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    if (loaded.isEmpty()) {
      return;
    }
    try {
      inst.retransformClasses(loaded.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException e) {
      log.warn("could not instrument already loaded classes " + loaded + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Builds the engine's vault and rules and the weaver, and weaves the JDK clients, on a
   * background thread, so that neither the app's start-up nor its first request pays for it.
   * Nothing here may touch java.util.logging or System.Logger: at start-up that would fix the
   * app's LogManager before the app could choose its own.
   */
  private static void warmUpInBackground(Engine engine, LazyTransformer transformer, AegisLog log) {
    Thread warmUp = new Thread(new WarmUp(engine, transformer, log), "takumo-aegis-warmup");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** A named class, not a lambda: the first lambda of a JVM costs milliseconds to bootstrap. */
  private static final class WarmUp implements Runnable {
    private final Engine engine;
    private final LazyTransformer transformer;
    private final AegisLog log;

    WarmUp(Engine engine, LazyTransformer transformer, AegisLog log) {
      this.engine = engine;
      this.transformer = transformer;
      this.log = log;
    }

    @Override
    public void run() {
      try {
        engine.initialize();
        transformer.delegate();
        for (String name : WARM_UP_CLASSES) {
          Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        }
      } catch (Throwable t) {
        log.debug("warm-up did not complete: " + t.getClass().getSimpleName());
      }
    }
  }
}
