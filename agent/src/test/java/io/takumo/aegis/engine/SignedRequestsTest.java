package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
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

    assertTrue(engine.leavesUntouched("bedrock-runtime.us-east-1.amazonaws.com", SIGV4));
    assertTrue(engine.leavesUntouched("bedrock-mantle.us-east-1.api.aws", SIGV4));
    assertFalse(engine.leavesUntouched("bedrock-runtime.us-east-1.amazonaws.com", "Bearer sk-test"));
    assertFalse(engine.leavesUntouched("bedrock-runtime.us-east-1.amazonaws.com", null));
    String log = logged.toString();
    assertTrue(log.contains("left a request to bedrock-runtime.us-east-1.amazonaws.com untouched"), log);
    assertFalse(log.contains("Signature=") || log.contains("AKIDEXAMPLE"), log);
  }

  /** The header alone exempts nothing: anything that can add a header could switch protection off. */
  @Test
  void aSignatureToAHostOutsideAwsIsProtectedAsUsual() {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Engine engine = new Engine(AegisConfig.load(Map.of(), Map.of()),
        new AegisLog(AegisLog.Level.DEBUG, new PrintStream(logged, true)));

    assertFalse(engine.leavesUntouched("api.openai.com", SIGV4));
    assertFalse(engine.leavesUntouched("api.anthropic.com", "AWS4-ECDSA-P256-SHA256 Credential=x"));
    assertFalse(engine.leavesUntouched("amazonaws.com.evil.example", SIGV4));
    assertFalse(engine.leavesUntouched("notamazonaws.com", SIGV4));
    String log = logged.toString();
    assertTrue(log.contains("a request to api.openai.com carries an AWS SigV4 signature, but api.openai.com is no AWS"
        + " endpoint: it is protected as usual"), log);
    assertFalse(log.contains("Signature=") || log.contains("AKIDEXAMPLE"), log);
  }

  @Test
  void awsHostsAreThoseOfEveryAwsPartition() {
    for (String host : List.of("bedrock-runtime.us-east-1.amazonaws.com", "BEDROCK-RUNTIME.US-EAST-1.AMAZONAWS.COM.",
        "bedrock-runtime-fips.us-gov-west-1.amazonaws.com", "vpce-0a1b-x.bedrock-runtime.us-east-1.vpce.amazonaws.com",
        "bedrock-runtime.cn-north-1.amazonaws.com.cn", "bedrock-mantle.eu-west-1.api.aws",
        "bedrock-runtime.cn-north-1.api.amazonwebservices.com.cn", "bedrock-runtime.eusc-de-east-1.amazonaws.eu",
        "bedrock-runtime.us-iso-east-1.c2s.ic.gov", "bedrock-runtime.us-isob-east-1.sc2s.sgov.gov",
        "bedrock-runtime.eu-isoe-west-1.cloud.adc-e.uk", "bedrock-runtime.us-isof-south-1.csp.hci.ic.gov")) {
      assertTrue(SignedRequests.isAwsHost(host), host);
    }
    for (String host : Arrays.asList("api.openai.com", "amazonaws.com.evil.example", "xamazonaws.com", "api.aws.evil",
        "myapi.aws", "localhost", "127.0.0.1", "", null)) {
      assertFalse(SignedRequests.isAwsHost(host), String.valueOf(host));
    }
  }
}
