package io.takumo.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

  @Test
  void countsRequestsSecretsByRuleAndFailures() {
    AgentMetrics metrics = new AgentMetrics("local");
    metrics.requestSeen();
    metrics.requestScanned(Map.of("openai-api-key", 2, "aws-access-key-id", 1), true, 120_000);
    metrics.requestSeen();
    metrics.requestScanned(Map.of(), false, 40_000);
    metrics.requestSeen();
    metrics.failure(FailureKind.BLOCKED);
    metrics.failure(FailureKind.RESTORE_FAILED);
    metrics.failure(FailureKind.RESPONSE_NOT_RESTORED);
    metrics.failure(FailureKind.RESPONSE_TOO_LARGE);

    assertEquals("local", metrics.getMode());
    assertEquals(3, metrics.getRequestsSeen());
    assertEquals(1, metrics.getRequestsWithSecrets());
    assertEquals(1, metrics.getRequestsRewritten());
    assertEquals(3, metrics.getSecretsTokenized());
    assertEquals(Map.of("openai-api-key", 2L, "aws-access-key-id", 1L), metrics.getSecretsTokenizedByRule());
    assertEquals(1, metrics.getRequestsBlocked());
    assertEquals(0, metrics.getRequestsSentUnprotected());
    assertEquals(3, metrics.getRestoreFailures());
    assertEquals(Map.of("blocked", 1L, "sent-unprotected", 0L, "not-scanned", 0L, "response-not-restored", 1L,
        "restore-failed", 1L, "response-too-large", 1L), metrics.getFailuresByKind());
    assertEquals(2, metrics.getAddedLatencyCount());
    assertEquals(160, metrics.getAddedLatencyTotalMicros());
    assertEquals(120, metrics.getAddedLatencyMaxMicros());
  }

  @Test
  void observedSecretsAreCountedButNoRequestIsRewritten() {
    AgentMetrics metrics = new AgentMetrics("observe");
    metrics.requestSeen();
    metrics.requestScanned(Map.of("github-pat", 1), false, 10_000);
    assertEquals(1, metrics.getRequestsWithSecrets());
    assertEquals(0, metrics.getRequestsRewritten());
    assertEquals(Map.of("github-pat", 1L), metrics.getSecretsTokenizedByRule());
  }

  @Test
  void theFirstRequestStartsTheHookOnceOnADaemonThreadOfItsOwn() throws Exception {
    AgentMetrics metrics = new AgentMetrics("local");
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    List<Thread> hookThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    metrics.onFirstRequest(() -> {
      hookThreads.add(Thread.currentThread());
      runs.incrementAndGet();
      ran.countDown();
    });
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          metrics.requestSeen();
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(ran.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    assertEquals(1, runs.get());
    assertEquals("takumo-aegis-first-request", hookThreads.get(0).getName());
    assertTrue(hookThreads.get(0).isDaemon());
    assertEquals(8000, metrics.getRequestsSeen());
  }

  @Test
  void percentilesComeFromTheHistogramWithinAQuarter() {
    AgentMetrics metrics = new AgentMetrics("local");
    for (int i = 1; i <= 1000; i++) {
      metrics.requestScanned(Map.of(), false, i * 1000L);
    }
    long p50 = metrics.getAddedLatencyP50Micros();
    long p99 = metrics.getAddedLatencyP99Micros();
    assertTrue(p50 >= 500 && p50 <= 625, "p50 " + p50);
    assertTrue(p99 >= 990 && p99 <= 1000, "p99 " + p99);
    assertEquals(1000, metrics.getAddedLatencyMaxMicros());
    assertEquals(0, new AgentMetrics("local").getAddedLatencyP99Micros());
  }

  @Test
  void histogramBucketsAreContiguousAndHoldTheirValues() {
    long previousUpper = -1;
    for (int index = 0; index < 150; index++) {
      long upper = LatencyHistogram.upperBound(index);
      assertEquals(index, LatencyHistogram.index(previousUpper + 1), "lower bound of bucket " + index);
      assertEquals(index, LatencyHistogram.index(upper), "upper bound of bucket " + index);
      previousUpper = upper;
    }
    assertEquals(LatencyHistogram.index((1L << 40) - 1), LatencyHistogram.index(Long.MAX_VALUE));
  }

  @Test
  void rateLimitRemainingAndTokensRestoredComeFromTheirSuppliers() {
    AgentMetrics metrics = new AgentMetrics("gateway");
    assertEquals(-1, metrics.getRateLimitRemaining(), "unknown until a gateway reports it");
    assertEquals(0, metrics.getTokensRestored());
    metrics.rateLimitRemainingFrom(() -> 42);
    metrics.tokensRestoredFrom(() -> 7);
    assertEquals(42, metrics.getRateLimitRemaining());
    assertEquals(7, metrics.getTokensRestored());
  }

  @Test
  void theVaultFiguresAreReadFromTheVaultAndZeroBeforeItExists() {
    AgentMetrics metrics = new AgentMetrics("local");
    assertEquals(0, metrics.getVaultTokens() + metrics.getVaultBytes() + metrics.getVaultEvictions());
    metrics.vaultFrom(new VaultFigures() {
      @Override
      public long tokens() {
        return 3;
      }

      @Override
      public long bytes() {
        return 210;
      }

      @Override
      public long evictions() {
        return 5;
      }
    });
    assertEquals(3, metrics.getVaultTokens());
    assertEquals(210, metrics.getVaultBytes());
    assertEquals(5, metrics.getVaultEvictions());
  }

  @Test
  void everyAttributeIsReadableOverJmxAsOpenTypes() throws Exception {
    AgentMetrics metrics = new AgentMetrics("local");
    metrics.requestSeen();
    metrics.requestScanned(Map.of("openai-api-key", 2), true, 50_000);
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    ObjectName name = new ObjectName(JmxRegistration.OBJECT_NAME);
    server.registerMBean(new StandardMBean(metrics, AgentMetricsMXBean.class, true), name);

    assertEquals(1L, server.getAttribute(name, "RequestsSeen"));
    assertEquals("local", server.getAttribute(name, "Mode"));
    assertEquals(50L, server.getAttribute(name, "AddedLatencyMaxMicros"));
    TabularData byRule = (TabularData) server.getAttribute(name, "SecretsTokenizedByRule");
    CompositeData row = byRule.get(new Object[] {"openai-api-key"});
    assertEquals(2L, row.get("value"));
    metrics.tokenNotRestored();
    assertEquals(1L, server.getAttribute(name, "TokensNotRestored"));
    metrics.notWoven("sun.net.www.protocol.http.HttpURLConnection", "http-url-connection");
    TabularData notWoven = (TabularData) server.getAttribute(name, "ClientClassesNotWoven");
    assertEquals("http-url-connection",
        notWoven.get(new Object[] {"sun.net.www.protocol.http.HttpURLConnection"}).get("value"));
    for (javax.management.MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
      server.getAttribute(name, attribute.getName());
    }
    assertEquals(22, server.getMBeanInfo(name).getAttributes().length);
  }
}
