package io.takumo.aegis.server.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.Lifecycle;
import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.proxy.ProtectionSeam;
import io.takumo.aegis.server.proxy.RefusedBody;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.Plan;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EngineSeamTest {
  /** A GitHub token with a valid checksum: the built-in rules find it. */
  static final String GITHUB = "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";
  static final String ACME = "ACME-3f9a1c7e5b2d4f6a8c0e1b3d";
  static final String ACME_POLICY = "{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\","
      + "\"keywords\":[\"ACME-\"],\"hint\":\"acme\"}],\"disable\":[\"github-token\"]}";
  private static final Pattern TOKEN = Pattern.compile("TKM_[a-z0-9]{2,4}_[0-9a-z]{20}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GatewayMetrics metrics = new GatewayMetrics(new Lifecycle(10));
  private final Map<String, String> policies = new java.util.HashMap<>();
  private final EngineSeam seam = new EngineSeam(org -> Optional.ofNullable(policies.get(org)),
      new ProtectionLimits(64 * 1024, 1000, 1 << 20, java.time.Duration.ofHours(1)), metrics);

  @Test
  void aRequestHasItsSecretTokenizedWhateverItsChunks() {
    String body = chat("deploy with " + GITHUB + " please");
    ProtectionSeam.Exchange exchange = open("org-a", "application/json");
    String sent = sendInChunks(exchange, body, 7);
    assertFalse(sent.contains(GITHUB), "the provider never sees the secret");
    String token = onlyToken(sent);
    assertEquals(body.replace(GITHUB, token), sent, "only the secret changed");
    assertFalse(exchange.keepsRequestLength());
    assertTrue(metrics.scrape().contains("takumo_gateway_secrets_tokenized_total{org=\"org-a-name\"} 1.0"));
  }

  @Test
  void aJsonResponseGetsTheSecretBackInTextAndToolCallArguments() {
    ProtectionSeam.Exchange exchange = open("org-a", "application/json");
    String token = onlyToken(sendInChunks(exchange, chat("use " + GITHUB), 1000));
    String reply = "{\"id\":\"c1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"got " + token + "\","
        + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"deploy\","
        + "\"arguments\":\"{\\\"token\\\":\\\"" + token + "\\\"}\"}}]}}]}";
    for (int split = 1; split < reply.length(); split += 13) {
      ProtectionSeam.Exchange again = open("org-a", "application/json");
      sendInChunks(again, chat("use " + GITHUB), 1000);
      assertEquals(reply.replace(token, GITHUB), receive(again, "application/json", reply, split));
    }
    assertEquals(reply.replace(token, GITHUB), receive(exchange, "application/json", reply, 5));
    assertFalse(exchange.keepsResponseLength());
  }

  @Test
  void sseIsRestoredEventByEventAcrossArbitraryChunkSplits() {
    ProtectionSeam.Exchange first = open("org-a", "application/json");
    String token = onlyToken(sendInChunks(first, chat("use " + GITHUB), 1000));
    String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"key " + token + " ok\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"deploy\","
        + "\"arguments\":\"{\\\"t\\\":\\\"" + token + "\\\"}\"}}]}}]}\n\n"
        + "data: [DONE]\n\n";
    String expected = stream.replace(token, GITHUB);
    Random random = new Random(42);
    for (int round = 0; round < 60; round++) {
      ProtectionSeam.Exchange exchange = open("org-a", "application/json");
      sendInChunks(exchange, chat("use " + GITHUB), 1000);
      exchange.responseHead(200, headers("text/event-stream"));
      StringBuilder got = new StringBuilder();
      int at = 0;
      while (at < stream.length()) {
        int end = Math.min(stream.length(), at + 1 + random.nextInt(40));
        got.append(exchange.responseChunk(Buffer.buffer(stream.substring(at, end))).toString(StandardCharsets.UTF_8));
        at = end;
      }
      got.append(exchange.responseEnd().toString(StandardCharsets.UTF_8));
      assertEquals(expected, got.toString());
    }
  }

  @Test
  void aTokenSplitAcrossDeltasComesBackWhole() throws IOException {
    ProtectionSeam.Exchange exchange = open("org-a", "application/json");
    String token = onlyToken(sendInChunks(exchange, chat("use " + GITHUB), 1000));
    String[] parts = {"key ", token.substring(0, 9), token.substring(9), " ok"};
    StringBuilder stream = new StringBuilder();
    for (String part : parts) {
      stream.append("data: {\"choices\":[{\"delta\":{\"content\":\"").append(part).append("\"}}]}\n\n");
    }
    stream.append("data: [DONE]\n\n");
    String out = receive(exchange, "text/event-stream", stream.toString(), 11);
    StringBuilder text = new StringBuilder();
    for (String line : out.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode content = JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content");
        text.append(content.asText(""));
      }
    }
    assertEquals("key " + GITHUB + " ok", text.toString());
    assertFalse(out.contains(token.substring(0, 9)), out);
  }

  @Test
  void aResponseGetsBackOnlyTheTokensItsOwnRequestProduced() {
    ProtectionSeam.Exchange a = open("org-a", "application/json");
    String tokenA = onlyToken(sendInChunks(a, chat("use " + GITHUB), 1000));
    ProtectionSeam.Exchange b = open("org-a", "application/json");
    String tokenB = onlyToken(sendInChunks(b, chat("use " + ACME_IN_ASSIGNMENT), 1000));
    String reply = "{\"content\":\"" + tokenA + " and " + tokenB + "\"}";
    String restored = receive(b, "application/json", reply, 3);
    assertEquals("{\"content\":\"" + tokenA + " and " + ACME_SECRET + "\"}", restored, "A's token stays a token in B's reply");
    assertTrue(metrics.scrape().contains("takumo_gateway_tokens_withheld_total 1.0"));

    ProtectionSeam.Exchange otherOrg = open("org-b", "application/json");
    onlyToken(sendInChunks(otherOrg, chat("use " + GITHUB), 1000));
    assertEquals(reply, receive(otherOrg, "application/json", reply, 3), "another org's vault never reveals org A's tokens");
  }

  /** A generic assignment the built-in rules find, whose value is the secret. */
  static final String ACME_SECRET = "Xq7pL2mZ9vR4tK8wN3cB6yH1jF5dS0aE";
  static final String ACME_IN_ASSIGNMENT = "password=" + ACME_SECRET;

  @Test
  void aResponseWithNoTokenOfItsOwnPassesUntouchedAndKeepsItsLength() {
    ProtectionSeam.Exchange exchange = open("org-a", "application/json");
    String body = chat("nothing secret here");
    assertEquals(body, sendInChunks(exchange, body, 10));
    exchange.responseHead(200, headers("application/json"));
    assertTrue(exchange.keepsResponseLength());
    Buffer chunk = Buffer.buffer("{\"a\":1}");
    assertSame(chunk, exchange.responseChunk(chunk));
  }

  @Test
  void theOrgPolicyAddsItsRulesButCannotDisableABuiltInOne() {
    String body = chat("internal " + ACME + " and " + GITHUB);
    ProtectionSeam.Exchange without = open("org-a", "application/json");
    assertTrue(sendInChunks(without, body, 1000).contains(ACME), "no org policy: the built-in rules do not know ACME tokens");

    policies.put("org-a", ACME_POLICY);
    ProtectionSeam.Exchange with = open("org-a", "application/json");
    String sent = sendInChunks(with, body, 1000);
    assertFalse(sent.contains(ACME), sent);
    assertTrue(sent.contains("TKM_acme_"), sent);
    assertFalse(sent.contains(GITHUB), "the org policy's disable does not relax the built-in rules");
  }

  @Test
  void aPolicyIsCompiledOnceAndItsOrgKeepsItsVault() {
    OrgDetectors detectors = new OrgDetectors();
    assertSame(detectors.forPolicy(ACME_POLICY), detectors.forPolicy(new String(ACME_POLICY)));
    OrgVaults vaults = new OrgVaults(ProtectionLimits.DEFAULT);
    OrgVaults.OrgState before = vaults.of("org-a", detectors.builtIn());
    assertSame(before, vaults.of("org-a", detectors.builtIn()));
    OrgVaults.OrgState after = vaults.of("org-a", detectors.forPolicy(ACME_POLICY));
    assertSame(before.vault(), after.vault(), "a new policy keeps the org's tokens restorable");
  }

  @Test
  void anInvalidOrgPolicyLeavesTheBuiltInRules() {
    policies.put("org-a", "[1,2");
    ProtectionSeam.Exchange exchange = open("org-a", "application/json");
    assertFalse(sendInChunks(exchange, chat("use " + GITHUB), 1000).contains(GITHUB));
  }

  @Test
  void aGzipBodyIsTokenizedAndSentGzipped() throws IOException {
    String body = chat("use " + GITHUB);
    ProtectionSeam.Exchange exchange = seam.open(route(), principal("org-a"),
        headers("application/json").add(HttpHeaders.CONTENT_ENCODING, "gzip"));
    exchange.requestChunk(Buffer.buffer(gzip(body)));
    String sent = gunzip(exchange.requestEnd().getBytes());
    assertEquals(body.replace(GITHUB, onlyToken(sent)), sent);
  }

  @Test
  void bodiesThatCannotBeProtectedAreRefused() {
    ProtectionSeam.Exchange big = open("org-a", "application/json");
    big.requestChunk(Buffer.buffer(new byte[60 * 1024]));
    RefusedBody tooLarge = assertThrows(RefusedBody.class, () -> big.requestChunk(Buffer.buffer(new byte[8 * 1024])));
    assertEquals(ErrorCode.BODY_TOO_LARGE, tooLarge.error().code());
    assertEquals(413, tooLarge.error().code().status());

    ProtectionSeam.Exchange multipart = open("org-a", "multipart/form-data; boundary=x");
    multipart.requestChunk(Buffer.buffer("--x\r\n" + GITHUB + "\r\n--x--"));
    assertEquals(ErrorCode.UNSUPPORTED_BODY, assertThrows(RefusedBody.class, multipart::requestEnd).error().code());

    ProtectionSeam.Exchange brotli = seam.open(route(), principal("org-a"),
        headers("application/json").add(HttpHeaders.CONTENT_ENCODING, "br"));
    brotli.requestChunk(Buffer.buffer("xx"));
    assertEquals(ErrorCode.UNSUPPORTED_BODY, assertThrows(RefusedBody.class, brotli::requestEnd).error().code());

    ProtectionSeam.Exchange broken = open("org-a", "application/json");
    broken.requestChunk(Buffer.buffer("{\"messages\":[\"" + GITHUB));
    RefusedBody invalid = assertThrows(RefusedBody.class, broken::requestEnd);
    assertEquals(ErrorCode.INVALID_BODY, invalid.error().code());
    assertFalse(invalid.getMessage().contains(GITHUB), "no body in the message");
    assertTrue(metrics.scrape().contains("takumo_gateway_bodies_refused_total{reason=\"unsupported\"} 2.0"));
  }

  private ProtectionSeam.Exchange open(String org, String contentType) {
    return seam.open(route(), principal(org), headers(contentType));
  }

  private static ProviderRoute route() {
    return ProviderRoute.of("POST", "/v1/chat/completions", false).orElseThrow();
  }

  private static KeyPrincipal principal(String org) {
    return new KeyPrincipal("key-1", "tk_live_abcdefgh", Set.of(Scope.LLM_CHAT), org, org + "-name",
        new Plan("p", "team", null, null, null, Set.of()));
  }

  private static MultiMap headers(String contentType) {
    return MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, contentType);
  }

  static String chat(String content) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content.replace("\"", "\\\"") + "\"}]}";
  }

  private static String sendInChunks(ProtectionSeam.Exchange exchange, String body, int size) {
    Buffer out = Buffer.buffer();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += size) {
      out.appendBuffer(exchange.requestChunk(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)))));
    }
    return out.appendBuffer(exchange.requestEnd()).toString(StandardCharsets.UTF_8);
  }

  private static String receive(ProtectionSeam.Exchange exchange, String contentType, String body, int split) {
    exchange.responseHead(200, headers(contentType));
    Buffer out = Buffer.buffer();
    out.appendBuffer(exchange.responseChunk(Buffer.buffer(body.substring(0, split))));
    out.appendBuffer(exchange.responseChunk(Buffer.buffer(body.substring(split))));
    return out.appendBuffer(exchange.responseEnd()).toString(StandardCharsets.UTF_8);
  }

  private static String onlyToken(String text) {
    Matcher m = TOKEN.matcher(text);
    assertTrue(m.find(), "a token in " + text.length() + " chars");
    String token = m.group();
    while (m.find()) {
      assertEquals(token, m.group(), "one distinct token");
    }
    return token;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
