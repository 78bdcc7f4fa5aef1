package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.codec.ContentCoding;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {

  private final RestoreScope scope = new RestoreScope();

  private static final String KEY = "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ";
  private static final byte[] BODY = ("{\"messages\":[{\"role\":\"user\",\"content\":\"" + KEY + "\"}]}").getBytes(StandardCharsets.UTF_8);

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private Engine engine(Map<String, String> settings) {
    AegisLog log = new AegisLog(AegisLog.Level.DEBUG, new PrintStream(logged, true));
    return new Engine(AegisConfig.load(settings, Map.of()), log);
  }

  @Test
  void gzipBodiesAreDecodedRewrittenAndReEncoded() throws Exception {
    Engine engine = engine(Map.of());
    byte[] sent = engine.protectRequest("api.openai.com", "application/json", "gzip", ContentCoding.GZIP.encode(BODY), scope);
    String plain = new String(ContentCoding.GZIP.decode(sent, 1 << 20), StandardCharsets.UTF_8);
    assertFalse(plain.contains(KEY));
    assertTrue(plain.contains("TKM_oai_"));
  }

  @Test
  void failClosedBlocksWithOneLineThatNamesTheCauseAndNoSecret() {
    Engine engine = engine(Map.of());
    byte[] bad = ("{\"content\":\"" + KEY + "\"").getBytes(StandardCharsets.UTF_8);
    RequestBlockedException e = assertThrows(RequestBlockedException.class,
        () -> engine.protectRequest("api.openai.com", "application/json", null, bad, scope));
    assertTrue(e.getMessage().startsWith("Takumo Aegis blocked a request to api.openai.com: request body is not valid JSON"));
    assertFalse(e.getMessage().contains("\n"));
    assertFalse(e.getMessage().contains(KEY) || logged.toString().contains(KEY));
  }

  @Test
  void failOpenSendsTheBodyUnchangedAndWarnsOnce() throws Exception {
    Engine engine = engine(Map.of("takumo.aegis.fail-mode", "open"));
    byte[] bad = "{\"content\":".getBytes(StandardCharsets.UTF_8);
    assertSame(bad, engine.protectRequest("api.openai.com", "application/json", null, bad, scope));
    assertEquals(1, logged.toString().lines().filter(l -> l.contains("WITHOUT protection")).count());
  }

  @Test
  void unknownCodingsAndOversizedBodiesFollowTheFailMode() {
    Engine engine = engine(Map.of("takumo.aegis.max-body-size", "16"));
    RequestBlockedException tooBig = assertThrows(RequestBlockedException.class,
        () -> engine.protectRequest("api.openai.com", "application/json", null, BODY, scope));
    assertTrue(tooBig.getMessage().contains("over max-body-size (16)"), tooBig.getMessage());
    Engine other = engine(Map.of());
    RequestBlockedException brotli = assertThrows(RequestBlockedException.class,
        () -> other.protectRequest("api.openai.com", "application/json", "br", BODY, scope));
    assertTrue(brotli.getMessage().contains("Content-Encoding 'br'"), brotli.getMessage());
  }

  @Test
  void responsesNeedNoRestorerUntilATokenWasIssued() throws Exception {
    Engine engine = engine(Map.of());
    assertNull(engine.restorerFor("api.openai.com", "application/json", null, scope));
    byte[] sent = engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    assertNull(engine.restorerFor("api.openai.com", "image/png", null, scope), "binary bodies are not touched");

    ResponseRestorer restorer = engine.restorerFor("api.openai.com", "application/json", "gzip", scope);
    assertNotNull(restorer);
    byte[] gz = ContentCoding.GZIP.encode(sent);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < gz.length; i += 7) {
      out.write(restorer.update(gz, i, Math.min(7, gz.length - i)));
    }
    out.write(restorer.finish());
    assertArrayEquals(BODY, ContentCoding.GZIP.decode(out.toByteArray(), 1 << 20));
  }

  @Test
  void providerHostsAreMatchedCheaply() {
    Engine engine = engine(Map.of("takumo.aegis.provider-hosts", "localhost:8080"));
    assertTrue(engine.isProviderHost("api.openai.com", -1));
    assertTrue(engine.isProviderHost("localhost", 8080));
    assertFalse(engine.isProviderHost("localhost", 8081));
    assertFalse(engine.isProviderHost(null, -1));
  }
}
