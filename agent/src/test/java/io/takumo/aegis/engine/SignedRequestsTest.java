package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedRequestsTest {

  private static final String SIGV4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/bedrock/aws4_request,"
      + " SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

  @Test
  void awsSignaturesSignTheBody() {
    assertTrue(SignedRequests.signsBody(SIGV4));
    assertTrue(SignedRequests.signsBody("aws4-hmac-sha256 Credential=x"));
    assertTrue(SignedRequests.signsBody("  AWS4-ECDSA-P256-SHA256 Credential=x"), "SigV4a");
  }

  @Test
  void otherAuthorizationsDoNot() {
    assertFalse(SignedRequests.signsBody(null));
    assertFalse(SignedRequests.signsBody(""));
    assertFalse(SignedRequests.signsBody("Bearer sk-proj-abc"));
    assertFalse(SignedRequests.signsBody("Basic dXNlcjpwYXNz"));
    assertFalse(SignedRequests.signsBody("AWS AKIDEXAMPLE:sig"));
  }

  @Test
  void theEngineLeavesSignedRequestsUntouchedAndLogsNoSignature() {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Engine engine = new Engine(AegisConfig.load(Map.of(), Map.of()),
        new AegisLog(AegisLog.Level.DEBUG, new PrintStream(logged, true)));

    assertTrue(engine.leavesUntouched("api.openai.com", SIGV4));
    assertFalse(engine.leavesUntouched("api.openai.com", "Bearer sk-test"));
    assertFalse(engine.leavesUntouched("api.openai.com", null));
    String log = logged.toString();
    assertTrue(log.contains("left a request to api.openai.com untouched"), log);
    assertFalse(log.contains("Signature=") || log.contains("AKIDEXAMPLE"), log);
  }
}
