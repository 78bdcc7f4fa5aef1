package io.takumo.aegis.agent;

import io.takumo.aegis.log.AegisLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Hands what became of each class the weaver was given to the {@link WeavingReport}: a class
 * woven, or one it could not weave (another agent's changes it cannot follow, a library version
 * whose shape differs from what the advice expects), which then stays as it was.
 */
final class FailureListener extends AgentBuilder.Listener.Adapter {

  private final AegisLog log;
  private final WeavingReport report;

  FailureListener(AegisLog log, WeavingReport report) {
    this.log = log;
    this.report = report;
  }

  @Override
  public void onTransformation(
      TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    log.debug("instrumented " + type.getName());
    report.woven(type.getName());
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    report.notWoven(typeName, WeavingReport.reason(error));
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
