package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RehearsalTest {

  private final RestoreScope scope = new RestoreScope();

  @Test
  void rehearsesWithMadeUpSecretsThatTheRulesFind() throws Exception {
    assertEquals(2, Rehearsal.run(SecretDetector.withBuiltinRules(), 1 << 20));
  }

  @Test
  void leavesTheEnginesOwnVaultEmpty() {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Engine engine = new Engine(AegisConfig.load(Map.of(), Map.of()),
        new AegisLog(AegisLog.Level.DEBUG, new PrintStream(logged, true)));
    engine.initialize();
    assertNull(engine.restorerFor("api.openai.com", "application/json", null, scope), "no token issued, nothing to restore");
    assertFalse(logged.toString().contains("did not complete"), logged.toString());
  }
}
