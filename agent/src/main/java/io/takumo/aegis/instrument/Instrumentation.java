package io.takumo.aegis.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;

/** One client family's hooks: which types to match and what advice to weave into them. */
public interface Instrumentation {

  /** A short name for logs, e.g. {@code jdk-http-client}. */
  String name();

  AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst);
}
