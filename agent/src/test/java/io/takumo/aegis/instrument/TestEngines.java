package io.takumo.aegis.instrument;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Engines for instrumentation tests: real vault and rewriter, log kept for inspection. */
public final class TestEngines {

  /** Found by the built-in detector; never allowed to reach a server or a log. */
  public static final String SECRET = "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ";

  public static final String CHAT_JSON =
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is " + SECRET + "\"}]}";

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final Engine engine;

  /** @param settings setting names and values, alternating, e.g. {@code "fail-mode", "open"} */
  public TestEngines(String... settings) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      properties.put("takumo.aegis." + settings[i], settings[i + 1]);
    }
    AegisConfig config = AegisConfig.load(properties, Map.of());
    Vault vault = new Vault(config.vaultMaxSize(), config.vaultIdleExpiry());
    AegisLog aegisLog = new AegisLog(AegisLog.Level.DEBUG, new PrintStream(log, true, StandardCharsets.UTF_8));
    engine =
        new Engine(config, new RequestRewriter(SecretDetector.withBuiltinRules(), vault, config.maxBodySize()), vault, aegisLog);
  }

  public Engine engine() {
    return engine;
  }

  public String log() {
    return log.toString(StandardCharsets.UTF_8);
  }
}
