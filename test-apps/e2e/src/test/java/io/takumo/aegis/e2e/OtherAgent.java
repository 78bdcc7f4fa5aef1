package io.takumo.aegis.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The observability agents the coexistence tests run beside ours, as fetched from Maven Central
 * into {@code target/other-agents/} by the module's build. Each is set to print its spans on the
 * app's output instead of sending them anywhere, and to try no network beyond loopback.
 */
enum OtherAgent {

  /** io.opentelemetry.javaagent:opentelemetry-javaagent:2.22.0, its spans through the logging exporter. */
  OPENTELEMETRY(
      "opentelemetry-javaagent.jar",
      List.of("-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"),
      "LoggingSpanExporter", "url.full="),

  /**
   * com.datadoghq:dd-java-agent:1.56.0, its traces through its logging writer (which also keeps
   * its statsd metrics in the log); no telemetry, no remote configuration, its agent on loopback.
   */
  DATADOG(
      "dd-java-agent.jar",
      List.of("-Ddd.writer.type=LoggingWriter", "-Ddd.instrumentation.telemetry.enabled=false",
          "-Ddd.remote_config.enabled=false", "-Ddd.agent.host=127.0.0.1"),
      "LoggingWriter - write(trace)", "\"http.url\":\"");

  private static final Path DIR =
      Path.of(System.getProperty("aegis.other-agents.dir", "target/other-agents")).toAbsolutePath().normalize();

  private final String jar;
  final List<String> properties;
  /** What marks a line that holds spans. */
  private final String spanLine;
  /** What stands before a span's URL in such a line. */
  private final String urlKey;

  OtherAgent(String jar, List<String> properties, String spanLine, String urlKey) {
    this.jar = jar;
    this.properties = properties;
    this.spanLine = spanLine;
    this.urlKey = urlKey;
  }

  String javaagent() {
    Path path = DIR.resolve(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " is missing: build the e2e module first (mvn package fetches it)");
    }
    return "-javaagent:" + path;
  }

  /** The client spans the agent printed for requests to URLs that start with {@code urlPrefix}. */
  int spansTo(AppRunner.Result result, String urlPrefix) {
    int count = 0;
    for (String line : (result.out() + "\n" + result.stderr).split("\n")) {
      if (!line.contains(spanLine)) {
        continue;
      }
      for (int at = line.indexOf(urlKey + urlPrefix); at >= 0; at = line.indexOf(urlKey + urlPrefix, at + 1)) {
        count++;
      }
    }
    return count;
  }
}
