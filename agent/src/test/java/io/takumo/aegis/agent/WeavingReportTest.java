package io.takumo.aegis.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.urlconnection.UnwovenConnectionGuard;
import io.takumo.aegis.log.AegisLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client class the agent could not weave is said, counted, and (HttpURLConnection) guarded. */
class WeavingReportTest {

  private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AegisLog log = new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true));

  private Engine engine(String failMode) {
    return new Engine(AegisConfig.load(
        Map.of("takumo.aegis.provider-hosts", "127.0.0.1:4444", "takumo.aegis.fail-mode", failMode), Map.of()), log);
  }

  private WeavingReport report(Engine engine, UnwovenConnectionGuard guard) {
    return new WeavingReport(AgentInstaller.instrumentations(Mode.LOCAL), engine.metrics(), log, guard);
  }

  private String log() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aClassNotWovenIsSaidOnceNamingItsClientAndListedInTheMetrics() {
    Engine engine = engine("closed");
    WeavingReport report = report(engine, new UnwovenConnectionGuard(engine));
    report.notWoven("org.eclipse.jetty.client.transport.HttpRequest", "NoSuchTypeException: Cannot resolve x.Y");
    report.notWoven("org.eclipse.jetty.client.transport.HttpRequest", "the weaver returned no class");

    assertEquals(Map.of("org.eclipse.jetty.client.transport.HttpRequest", "jetty-client"),
        engine.metrics().getClientClassesNotWoven());
    assertEquals(1, log().lines().filter(l -> l.contains("WARN could not instrument")).count(), log());
    assertTrue(log().contains("could not instrument org.eclipse.jetty.client.transport.HttpRequest (client jetty-client):"
        + " NoSuchTypeException: Cannot resolve x.Y; its provider requests are NOT protected"), log());

    report.woven("org.eclipse.jetty.client.transport.HttpRequest");
    assertEquals(Map.of(), engine.metrics().getClientClassesNotWoven());
    assertTrue(log().contains("instrumented org.eclipse.jetty.client.transport.HttpRequest after all"), log());
  }

  @Test
  void classesThatAreNoClientsTargetsAreNotReported() {
    Engine engine = engine("closed");
    report(engine, new UnwovenConnectionGuard(engine)).notWoven("java.lang.String", "whatever");
    assertEquals(Map.of(), engine.metrics().getClientClassesNotWoven());
    assertEquals("", log());
  }

  @Test
  void anUnwovenHttpUrlConnectionArmsTheGuardBeneathIt() throws Exception {
    Engine engine = engine("closed");
    UnwovenConnectionGuard guard = new UnwovenConnectionGuard(engine);
    WeavingReport report = report(engine, guard);
    URL provider = new URL("http://127.0.0.1:4444/v1/chat/completions");
    URL other = new URL("http://127.0.0.1:5555/v1/chat/completions");

    assertNull(guard.writing(provider, null), "a woven client's requests pass");
    report.notWoven(CONNECTION, "NoSuchTypeException: Cannot resolve x.Y");
    assertTrue(log().contains("its provider requests are held to fail-mode"), log());

    IOException blocked = guard.writing(provider, null);
    assertNotNull(blocked, "fail-mode closed stops the request");
    assertEquals(IOException.class, blocked.getClass(), "the app gets a plain IOException");
    assertTrue(blocked.getMessage().startsWith("Takumo Aegis blocked a request to 127.0.0.1: HttpURLConnection could"
        + " not be instrumented"), blocked.getMessage());
    assertNull(guard.writing(other, null), "another host is none of the agent's business");
    assertEquals(1L, engine.metrics().getRequestsBlocked());

    report.woven(CONNECTION);
    assertNull(guard.writing(provider, null), "woven again: disarmed");
  }

  @Test
  void withFailModeOpenTheRequestGoesOutWithTheWarning() throws Exception {
    Engine engine = engine("open");
    UnwovenConnectionGuard guard = new UnwovenConnectionGuard(engine);
    report(engine, guard).notWoven(CONNECTION, "x");
    assertNull(guard.writing(new URL("http://127.0.0.1:4444/v1/messages"), null));
    assertEquals(1L, engine.metrics().getRequestsSentUnprotected());
    assertTrue(log().contains("sent a request to 127.0.0.1 WITHOUT protection: HttpURLConnection could not be instrumented"), log());
    assertFalse(log().contains("blocked"), log());
  }
}
