package io.takumo.aegis.instrument;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/** One client family's hooks: which types to match and what advice to weave into them. */
public interface Instrumentation {

  /** A short name for logs, e.g. {@code jdk-http-client}. */
  String name();

  /**
   * The exact internal names ({@code a/b/C}) of the classes this instrumentation transforms. The
   * agent looks at nothing else, so classes that are not listed here cost one hash lookup.
   */
  Set<String> targetTypes();

  AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst);
}
