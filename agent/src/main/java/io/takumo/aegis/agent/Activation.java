package io.takumo.aegis.agent;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.Instrumentation;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.metrics.JmxRegistration;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.Locale;

/**
 * The agent's start-up work that premain leaves for later: the bridge in the bootstrap class
 * loader, the engine, the hooks and the ByteBuddy weaver. {@link LazyTransformer} runs it once,
 * when the first target class loads or on the warm-up thread, whichever comes first, and weaves no
 * class before it has completed: advice never runs without the bridge and the hooks it calls.
 *
 * <p>Loaded in premain, before the bridge exists: no code here may make the verifier load a bridge
 * type (passing {@link BridgeHooks} as {@code AegisBridge.Hooks} would), hence {@link HooksInstallation}.
 */
final class Activation {

  private final AegisConfig config;
  private final java.lang.instrument.Instrumentation inst;
  private final String agentJarPath;
  private final AegisLog log;
  private final long started;
  private volatile long premainNanos;
  /** Guarded by this. */
  private Engine engine;
  /** Set by the activation, before anything is woven. */
  private volatile WeavingReport weavingReport;
  /** Guards {@link #engineWarmUpStarted}; not an AtomicBoolean, whose VarHandle loads classes in premain. */
  private final Object warmUpLock = new Object();
  private boolean engineWarmUpStarted;

  Activation(
      AegisConfig config, java.lang.instrument.Instrumentation inst, String agentJarPath, AegisLog log, long started) {
    this.config = config;
    this.inst = inst;
    this.agentJarPath = agentJarPath;
    this.log = log;
    this.started = started;
  }

  void premainDone() {
    premainNanos = System.nanoTime() - started;
  }

  /**
   * The engine, built on first call (by the activation or the engine's warm-up thread). Building it
   * must not load a hooked client class: the activation calls this while the transformer's lock is
   * held, so a class load waiting for that lock under this one would deadlock.
   */
  synchronized Engine engine() {
    if (engine == null) {
      Engine e = new Engine(config, log);
      if (config.jmx()) {
        e.metrics().onFirstRequest(new JmxRegistration(e.metrics(), log));
      }
      if (config.mode() == Mode.GATEWAY) {
        e.metrics().rateLimitRemainingFrom(e.gateway().quota());
      }
      engine = e;
    }
    return engine;
  }

  /**
   * Starts building the engine's vault and rules, and then rehearsing a request, on a thread of
   * their own (once; later calls do nothing). The warm-up thread calls this when the activation is
   * done, so that while the app starts up the agent keeps to one thread beside it; a class load
   * that has to wait for the activation calls it at once, since its provider request will soon
   * need the engine too, and the app is waiting anyway.
   */
  void warmUpEngine() {
    synchronized (warmUpLock) {
      if (engineWarmUpStarted) {
        return;
      }
      engineWarmUpStarted = true;
    }
    AgentInstaller.start(new Thread(new EngineWarmUp(this, log), "takumo-aegis-warmup-engine"));
  }

  /** Builds the engine's vault and rules, then rehearses a request (see {@code Engine.initialize}). */
  private static final class EngineWarmUp implements Runnable {
    private final Activation activation;
    private final AegisLog log;

    EngineWarmUp(Activation activation, AegisLog log) {
      this.activation = activation;
      this.log = log;
    }

    @Override
    public void run() {
      try {
        activation.engine().initialize();
      } catch (Throwable t) {
        log.debug("engine warm-up did not complete: " + t.getClass().getSimpleName());
      }
    }
  }

  /** Puts the bridge in place, installs the hooks, and returns the weaver's transformer. */
  ClassFileTransformer activate() throws IOException {
    long begun = System.nanoTime();
    BootstrapInjector.inject(inst, agentJarPath);
    AgentInstaller.readBridgeFromJdkModules(inst);
    // Here rather than in premain: it costs some 20 ms, paid only by a JVM that uses an HTTP client.
    AgentInstaller.loadClassFileReading();
    Engine e = engine();
    BridgeHooks hooks = AgentInstaller.hooks(e, config, log);
    HooksInstallation.install(hooks);
    List<Instrumentation> instrumentations = AgentInstaller.instrumentations(config.mode());
    WeavingReport report = new WeavingReport(instrumentations, e.metrics(), log, hooks.unwovenConnectionGuard());
    weavingReport = report;
    ClassFileTransformer weaver = new Weaver(instrumentations, inst, log, report).build();
    logActive(e, instrumentations.size(), System.nanoTime() - begun);
    return weaver;
  }

  /** What became of the classes woven so far; {@code null} until the activation has run. */
  WeavingReport weavingReport() {
    return weavingReport;
  }

  private void logActive(Engine e, int hooks, long activationNanos) {
    if (!config.providerHosts().refused().isEmpty()) {
      log.warn("provider-hosts entries ignored: " + String.join(", ", config.providerHosts().refused())
          + ": AWS endpoints (Bedrock) sign the request body (SigV4), so their traffic is left untouched");
    }
    if (config.mode() == Mode.OBSERVE) {
      log.info("mode observe: provider requests are scanned and findings logged; no byte of any request"
          + " or response is changed");
    }
    long premain = premainNanos;
    log.info("Takumo Aegis active: mode " + config.mode().name().toLowerCase(Locale.ROOT)
        + (config.mode() == Mode.GATEWAY ? " (" + e.gateway().base() + ", gateway-fallback "
            + (config.gatewayFallbackLocal() ? "local" : "none") + ")" : "")
        + ", fail-mode " + config.failMode().name().toLowerCase(Locale.ROOT)
        + ", " + hooks + " client hooks, premain "
        + (premain == 0 ? "(running)" : premain / 1_000_000 + " ms")
        + ", activated in " + activationNanos / 1_000_000 + " ms");
  }
}
