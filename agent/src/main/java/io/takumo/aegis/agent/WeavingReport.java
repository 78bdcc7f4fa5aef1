package io.takumo.aegis.agent;

import io.takumo.aegis.instrument.Instrumentation;
import io.takumo.aegis.instrument.urlconnection.UnwovenConnectionGuard;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.metrics.AgentMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What became of each client class handed to the weaver. A class the agent could not weave is never
 * left silently unprotected: it is said once, in one warning naming the client; it is listed in
 * the metrics ({@code ClientClassesNotWoven}, which {@code takumo-aegis doctor --pid} reads); and
 * for {@code HttpURLConnection} it arms the guard on the JDK client beneath it, which holds that
 * client's provider requests to fail-mode. A later weave of the class (when another agent
 * retransforms it) clears all of that.
 */
final class WeavingReport {

  /** Binary class name to the name of the instrumentation that weaves it. */
  private final Map<String, String> clientByClass = new HashMap<>();
  private final AgentMetrics metrics;
  private final AegisLog log;
  private final UnwovenConnectionGuard guard;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  WeavingReport(List<Instrumentation> instrumentations, AgentMetrics metrics, AegisLog log, UnwovenConnectionGuard guard) {
    for (Instrumentation instrumentation : instrumentations) {
      for (String type : instrumentation.targetTypes()) {
        clientByClass.put(type.replace('/', '.'), instrumentation.name());
      }
    }
    this.metrics = metrics;
    this.log = log;
    this.guard = guard;
  }

  void woven(String className) {
    if (!clientByClass.containsKey(className)) {
      return;
    }
    metrics.woven(className);
    if (warned.remove(className)) {
      log.info("instrumented " + className + " after all; its client's hooks are in place");
    }
    if (UnwovenConnectionGuard.GUARDED_CLASS.equals(className)) {
      guard.armed(false);
    }
  }

  /** @param reason why, in a few words: an exception's class and message, never a value */
  void notWoven(String className, String reason) {
    String client = clientByClass.get(className);
    if (client == null) {
      return;
    }
    metrics.notWoven(className, client);
    boolean guarded = UnwovenConnectionGuard.GUARDED_CLASS.equals(className);
    if (guarded) {
      guard.armed(true);
    }
    if (warned.add(className)) {
      log.warn("could not instrument " + className + " (client " + client + "): " + oneLine(reason) + "; "
          + (guarded
              ? "its provider requests are held to fail-mode, as requests the agent cannot protect"
              : "its provider requests are NOT protected")
          + " (takumo-aegis doctor --pid reports it)");
    }
  }

  static String reason(Throwable error) {
    return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  private static String oneLine(String text) {
    String line = text.replace('\n', ' ').replace('\r', ' ');
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
