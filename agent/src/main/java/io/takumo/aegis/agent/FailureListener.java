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
}
