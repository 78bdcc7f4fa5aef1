package io.takumo.aegis.metrics;

import io.takumo.aegis.log.AegisLog;
import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers the metrics with the platform MBeanServer.
 *
 * <p>Not at start-up: building the platform MBeanServer registers the JDK's logging MXBean, which
 * initialises java.util.logging's LogManager (JDK 17 and 25 alike). Done in premain, that would
 * fix the LogManager before an app server could install its own. So the agent registers on the
 * first provider request (by then an app has set up its logging), on a thread of its own so that
 * request does not wait (see {@link AgentMetrics#onFirstRequest(Runnable)}).
 */
public final class JmxRegistration implements Runnable {

  public static final String OBJECT_NAME = "io.takumo.aegis:type=Agent";

  /**
   * How long registration waits after the first provider request: the MBean server loads some
   * 200 classes, which would otherwise compete with that request for the CPU and class loading.
   */
  private static final long DELAY_MILLIS = 1000;

  private final AgentMetrics metrics;
  private final AegisLog log;

  /** For {@link AgentMetrics#onFirstRequest(Runnable)}. */
  public JmxRegistration(AgentMetrics metrics, AegisLog log) {
    this.metrics = metrics;
    this.log = log;
  }

  /** Registers the metrics as {@link #OBJECT_NAME}; failures are logged, never thrown. */
  @Override
  public void run() {
    try {
      Thread.sleep(DELAY_MILLIS);
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      server.registerMBean(new StandardMBean(metrics, AgentMetricsMXBean.class, true), new ObjectName(OBJECT_NAME));
      log.debug("metrics registered over JMX as " + OBJECT_NAME);
    } catch (InstanceAlreadyExistsException e) {
      log.warn("metrics not registered over JMX: " + OBJECT_NAME + " is taken (a second agent?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      log.warn("metrics not registered over JMX (" + t.getClass().getSimpleName() + ")");
    }
  }
}
