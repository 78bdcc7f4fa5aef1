package io.takumo.aegis.agent;

import io.takumo.aegis.log.AegisLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports classes the agent matched but could not instrument (a library version whose shape
 * differs from what the advice expects): one debug line each; the class stays as it was.
 */
final class FailureListener extends AgentBuilder.Listener.Adapter {

  private final AegisLog log;

  FailureListener(AegisLog log) {
    this.log = log;
  }

  @Override
  public void onTransformation(
      TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    log.debug("instrumented " + type.getName());
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    log.debug("skipped " + typeName + ": " + error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  /**
   * Only the instrumentations' exact target names reach the weaver, so a target that no
   * instrumentation's matcher takes is one whose shape (methods, signatures) is not what the
   * advice expects: skipped, and said once.
   */
  @Override
  public void onIgnored(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded) {
    log.debug("skipped " + type.getName() + ": not the shape the agent expects");
  }
}
