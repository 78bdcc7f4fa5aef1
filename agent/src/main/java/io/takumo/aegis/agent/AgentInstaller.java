package io.takumo.aegis.agent;

import io.takumo.aegis.bootstrap.AegisBridge;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.config.Setting;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.Instrumentation;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientExchange;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientInstrumentation;
import io.takumo.aegis.instrument.okhttp.OkHttpHook;
import io.takumo.aegis.instrument.okhttp.OkHttpInstrumentation;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionInstrumentation;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionRequests;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionResponses;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.vault.Vault;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.matcher.ElementMatchers;

/** Starts the agent inside its isolated class loader: configuration, engine, then the hooks. */
public final class AgentInstaller {

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

    Vault vault = new Vault(config.vaultMaxSize(), config.vaultIdleExpiry());
    SecretDetector detector = SecretDetector.withBuiltinRules();
    Engine engine = new Engine(config, new RequestRewriter(detector, vault, config.maxBodySize()), vault, log);
    Engine.setCurrent(engine);
    AegisBridge.install(
        new BridgeHooks(
            new JdkHttpClientExchange(engine),
            new OkHttpHook(engine),
            new UrlConnectionRequests(engine),
            new UrlConnectionResponses(engine),
            log));

    List<Instrumentation> instrumentations =
        Arrays.<Instrumentation>asList(
            new JdkHttpClientInstrumentation(), new OkHttpInstrumentation(), new UrlConnectionInstrumentation());
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new FailureListener(log))
            .ignore(ElementMatchers.nameStartsWith("io.takumo.aegis."));
    for (Instrumentation instrumentation : instrumentations) {
      builder = instrumentation.extend(builder, inst);
    }
    builder.installOn(inst);

    if (config.mode() == Mode.GATEWAY) {
      log.warn("mode gateway is accepted but routing through the gateway is not in this version;"
          + " requests go straight to the provider, tokenized locally");
    }
    log.info("Takumo Aegis active: mode " + config.mode().name().toLowerCase(java.util.Locale.ROOT)
        + ", fail-mode " + config.failMode().name().toLowerCase(java.util.Locale.ROOT)
        + ", " + instrumentations.size() + " client hooks, started in "
        + (System.nanoTime() - started) / 1_000_000 + " ms");
  }
}
