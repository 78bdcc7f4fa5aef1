package io.takumo.aegis.agent;

import io.takumo.aegis.instrument.Instrumentation;
import io.takumo.aegis.log.AegisLog;
import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Builds the ByteBuddy transformer for all instrumentations. A class of its own so that ByteBuddy
 * is loaded when the first target class loads (or on the warm-up thread), not in premain.
 */
final class Weaver {

  private final List<Instrumentation> instrumentations;
  private final java.lang.instrument.Instrumentation inst;
  private final AegisLog log;
  private final WeavingReport report;

  Weaver(List<Instrumentation> instrumentations, java.lang.instrument.Instrumentation inst, AegisLog log,
      WeavingReport report) {
    this.instrumentations = instrumentations;
    this.inst = inst;
    this.log = log;
    this.report = report;
  }

  ClassFileTransformer build() {
    // The agent's advice needs no injected initializer ("nexus"); left enabled, ByteBuddy probes
    // sun.misc.Unsafe to prepare one, which JDK 24+ reports with warnings on the app's stderr.
    // Shading relocates this name with ByteBuddy, so no other ByteBuddy in the app is affected.
    System.setProperty("net.bytebuddy.nexus.disabled", "true");
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new LoadedTypeFallbackPool())
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new FailureListener(log, report))
            .ignore(ElementMatchers.nameStartsWith("io.takumo.aegis."));
    for (Instrumentation instrumentation : instrumentations) {
      builder = instrumentation.extend(builder, inst);
    }
    return builder.makeRaw();
  }
}
