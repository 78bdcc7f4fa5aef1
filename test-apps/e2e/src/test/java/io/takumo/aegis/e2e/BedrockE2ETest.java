package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AWS Bedrock requests are signed over the body (SigV4): to an AWS endpoint the agent leaves them
 * exactly as they are, on every client, even when the host is listed as a provider host, so the
 * signature still matches what arrives. The apps reach the stand-in under an AWS name
 * ({@code bedrock-mantle.us-east-1.api.aws}, which provider-hosts may list) through an HTTP proxy
 * setting that points at it; other requests to that host are tokenized, so only the signature keeps
 * the agent's hands off. The same signature to a host outside AWS exempts nothing.
 */
class BedrockE2ETest {

  private static final String INVOKE = "/model/anthropic.claude-haiku-4-5-v1:0/invoke";
  /** A Bedrock endpoint outside the AWS domains provider-hosts refuses (the OpenAI-compatible one). */
  private static final String MANTLE = "bedrock-mantle.us-east-1.api.aws";
  private static final String REPLY = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"Seen: TKM_oai_aaaaaaaaaaaaaaaaaaaa\"}],\"stop_reason\":\"end_turn\"}";

  private static StandInProviders provider;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    provider.server.stubFor(post(urlPathMatching("/model/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(REPLY)));
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk-send", "urlconnection", "okhttp"})
  void signedRequestsReachTheProviderByteForByte(String client) throws Exception {
    TestSecrets secrets = new TestSecrets();
    byte[] body = invokeBody(secrets.message());
    String authorization = SigV4.authorization(MANTLE, INVOKE, body);

    AppRunner.Result result = viaProxy(AppRunner.app("apps"))
        .setting("provider-hosts", MANTLE + ",bedrock-runtime.us-east-1.amazonaws.com,*.amazonaws.com")
        .setting("log-level", "debug")
        .run("io.takumo.aegis.apps.HttpCall", client, "http://" + MANTLE + INVOKE, StandInProviders.write(body).toString(),
            "Content-Type: application/json", "X-Amz-Date: " + SigV4.AMZ_DATE,
            "X-Amz-Content-Sha256: " + SigV4.sha256Hex(body), "Authorization: " + authorization)
        .assertOk();

    LoggedRequest received = only(secrets);
    assertArrayEquals(body, received.getBody(), "the body reached the provider exactly as signed");
    assertEquals(authorization, received.getHeader("Authorization"));
    assertEquals(SigV4.sha256Hex(body), SigV4.sha256Hex(received.getBody()), "the signed body hash still matches");
    assertEquals(SigV4.authorization(received.getHeader("Host"), INVOKE, received.getBody()), authorization,
        "the signature computed over what arrived is the one sent");
    assertEquals(REPLY, result.out(), "the response reached the app untouched");
    assertTrue(result.stderr.contains("untouched: it is signed over its body (AWS SigV4)"), result.stderr);
    assertFalse(result.stderr.contains(SigV4.ACCESS_KEY) || result.stderr.contains("Signature="), "no credential logged");
    assertFalse(result.stderr.contains("WARNING"), "the JVM warned about the agent:\n" + result.stderr);
    List<String> warnings = result.stderr.lines().filter(l -> l.contains("provider-hosts entries ignored")).collect(Collectors.toList());
    assertEquals(1, warnings.size(), result.stderr);
    assertTrue(warnings.get(0).contains("bedrock-runtime.us-east-1.amazonaws.com, *.amazonaws.com"), warnings.get(0));
  }

  /**
   * The AWS SDK itself (InvokeModel, signed by the SDK) on its HttpURLConnection client, which the
   * agent hooks, and on its default Apache HttpClient 4 client, whose hook must make the same check.
   */
  @Test
  void theAwsSdkBedrockRuntimeClientIsLeftAlone() throws Exception {
    TestSecrets secrets = new TestSecrets();
    byte[] body = invokeBody(secrets.message());

    AppRunner.Result result = viaProxy(AppRunner.app("bedrock-app")).setting("provider-hosts", MANTLE)
        .setting("log-level", "debug")
        .run("io.takumo.aegis.apps.bedrock.BedrockInvoke", "http://" + MANTLE, StandInProviders.write(body).toString(),
            "urlconnection", "apache")
        .assertOk();

    List<LoggedRequest> received = requests(secrets);
    assertEquals(2, received.size(), "requests the provider received");
    for (LoggedRequest request : received) {
      assertArrayEquals(body, request.getBody(), "the body reached the provider exactly as the SDK signed it");
      assertTrue(request.getHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    }
    assertEquals(REPLY + "\n" + REPLY + "\n", result.out(), "the responses reached the app untouched");
    assertTrue(result.stderr.contains("untouched: it is signed over its body (AWS SigV4)"),
        "the HttpURLConnection hook saw the request and left it alone:\n" + result.stderr);
  }

  /**
   * The header alone exempts nothing: a SigV4 signature on a request to a provider host outside
   * AWS (here the stand-in's loopback address) is protected as usual.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jdk-send", "urlconnection", "okhttp"})
  void aSignatureToAHostOutsideAwsIsProtectedAsUsual(String client) throws Exception {
    TestSecrets secrets = new TestSecrets();
    byte[] body = invokeBody(secrets.message());

    AppRunner.Result result = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .setting("log-level", "debug")
        .run("io.takumo.aegis.apps.HttpCall", client, provider.url(INVOKE), StandInProviders.write(body).toString(),
            "Content-Type: application/json", "X-Amz-Date: " + SigV4.AMZ_DATE,
            "Authorization: " + SigV4.authorization(provider.hostEntry(), INVOKE, body))
        .assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertTrue(result.stderr.contains("carries an AWS SigV4 signature, but 127.0.0.1 is no AWS endpoint: it is protected as usual"),
        result.stderr);
    assertFalse(result.stderr.contains(SigV4.ACCESS_KEY) || result.stderr.contains("Signature="), "no credential logged");
  }

  /** The control: the same request unsigned is a provider request like any other, and tokenized. */
  @ParameterizedTest
  @ValueSource(strings = {"jdk-send"})
  void theSameRequestUnsignedIsTokenized(String client) throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.write(invokeBody(secrets.message()));

    AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .run("io.takumo.aegis.apps.HttpCall", client, provider.url(INVOKE), request.toString(), "Content-Type: application/json")
        .assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
  }

  /** The app's plain-HTTP requests go through the stand-in as their proxy, whatever host they name. */
  private static AppRunner viaProxy(AppRunner app) {
    return app.jvmArg("-Dhttp.proxyHost=127.0.0.1").jvmArg("-Dhttp.proxyPort=" + provider.port());
  }

  private static byte[] invokeBody(String message) throws Exception {
    ObjectNode root = FakeProvider.JSON.createObjectNode().put("anthropic_version", "bedrock-2023-05-31").put("max_tokens", 256);
    root.putArray("messages").addObject().put("role", "user").put("content", message);
    return FakeProvider.JSON.writeValueAsBytes(root);
  }

  private static LoggedRequest only(TestSecrets secrets) {
    List<LoggedRequest> matching = requests(secrets);
    assertEquals(1, matching.size(), "requests the provider received");
    return matching.get(0);
  }

  private static List<LoggedRequest> requests(TestSecrets secrets) {
    return provider.server.getAllServeEvents().stream()
        .map(e -> e.getRequest())
        .filter(r -> r.getBodyAsString().contains(secrets.lookAlikes.get(2)))
        .collect(Collectors.toList());
  }
}
