package io.takumo.aegis.cli;

import io.takumo.aegis.metrics.JmxRegistration;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The agent in another JVM on this machine, as its metrics MBean shows it, reached through the
 * JDK's attach API (the JVM's local management agent, as {@code jcmd} and jconsole use it). The
 * attach API is in the app class loader, which the CLI's isolated loader does not see, hence
 * reflection for its three calls.
 */
final class RunningAgent {

  /** What the MBean said; {@code null} fields when it is not registered. */
  static final class Status {
    final String mode;
    final Map<String, String> notWoven;

    Status(String mode, Map<String, String> notWoven) {
      this.mode = mode;
      this.notWoven = notWoven;
    }
  }

  private RunningAgent() {}

  /** The status of the agent in JVM {@code pid}, or {@code null} if its MBean is not registered there. */
  static Status of(String pid) throws Exception {
    Class<?> vmType = Class.forName("com.sun.tools.attach.VirtualMachine", true, ClassLoader.getSystemClassLoader());
    Object vm = vmType.getMethod("attach", String.class).invoke(null, pid);
    try {
      String address = (String) vmType.getMethod("startLocalManagementAgent").invoke(vm);
      try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
        MBeanServerConnection server = connector.getMBeanServerConnection();
        ObjectName name = new ObjectName(JmxRegistration.OBJECT_NAME);
        if (!server.isRegistered(name)) {
          return null;
        }
        Map<String, String> notWoven = new TreeMap<>();
        for (Object row : ((TabularData) server.getAttribute(name, "ClientClassesNotWoven")).values()) {
          CompositeData entry = (CompositeData) row;
          notWoven.put((String) entry.get("key"), (String) entry.get("value"));
        }
        return new Status((String) server.getAttribute(name, "Mode"), notWoven);
      }
    } finally {
      vmType.getMethod("detach").invoke(vm);
    }
  }
}
