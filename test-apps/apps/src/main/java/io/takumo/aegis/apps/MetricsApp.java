package io.takumo.aegis.apps;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogManager;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * An app that chooses its own LogManager (by system property, as app servers do, without touching
 * java.util.logging yet), makes the same provider call several times, then reads the agent's
 * metrics the way any JMX client would: from the platform MBeanServer, by name. Writes the last
 * response to stdout, one {@code Attribute=value} line per attribute to METRICS_FILE, and the
 * LogManager in effect as the last line.
 *
 * <pre>usage: MetricsApp METRICS_FILE REPEAT CLIENT URL BODY_FILE [Header: value]...</pre>
 */
public final class MetricsApp {

  /** The app's own LogManager. */
  public static final class AppLogManager extends LogManager {}

  private static final String AGENT_MBEAN = "io.takumo.aegis:type=Agent";

  public static void main(String[] args) throws Exception {
    System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
    Path metricsFile = Path.of(args[0]);
    int repeat = Integer.parseInt(args[1]);
    String client = args[2];
    URI uri = URI.create(args[3]);
    byte[] body = Files.readAllBytes(Path.of(args[4]));
    List<String[]> headers = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      String[] kv = args[i].split(":", 2);
      headers.add(new String[] {kv[0].trim(), kv[1].trim()});
    }
    byte[] response = null;
    for (int i = 0; i < repeat; i++) {
      response = HttpCall.call(client, uri, body, headers);
    }
    List<String> lines = readAgentMBean();
    lines.add("LogManager=" + LogManager.getLogManager().getClass().getName());
    Files.write(metricsFile, lines, StandardCharsets.UTF_8);
    PrintStream out = System.out;
    out.write(response);
    out.flush();
    System.exit(0);
  }

  /** The agent registers its MBean on a thread of its own after the first provider request. */
  private static List<String> readAgentMBean() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(AGENT_MBEAN);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!server.isRegistered(name)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(AGENT_MBEAN + " is not registered");
      }
      Thread.sleep(10);
    }
    List<String> lines = new ArrayList<>();
    for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
      lines.add(attribute.getName() + "=" + render(server.getAttribute(name, attribute.getName())));
    }
    return lines;
  }

  /** A map attribute arrives as TabularData of key/value rows: written as {@code k:v,k:v}. */
  private static String render(Object value) {
    if (!(value instanceof TabularData)) {
      return String.valueOf(value);
    }
    List<String> entries = new ArrayList<>();
    for (Object row : ((TabularData) value).values()) {
      CompositeData data = (CompositeData) row;
      entries.add(data.get("key") + ":" + data.get("value"));
    }
    entries.sort(null);
    return String.join(",", entries);
  }

  private MetricsApp() {}
}
