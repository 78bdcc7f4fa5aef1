package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators sharing one real PostgreSQL (both migrate it at start), a gateway joined to the
 * second with a join key made on the first: the store, its migrations and the fleet's tables on
 * PostgreSQL, and a change made through one replica pushed by the other.
 */
class PostgresFleetEndToEndTest {
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void twoCoordinatorsOnOnePostgresServeOneFleet(@TempDir Path dir) throws Exception {
    try (PostgresProcess pg = PostgresProcess.start(); StandInProvider provider = new StandInProvider();
        ServerProcess a = coordinator(dir.resolve("a"), pg); ServerProcess b = coordinator(dir.resolve("b"), pg)) {
      ok(a.adminHere("plans", "create", "team", "--requests-per-month", "100"));
      ok(a.adminHere("orgs", "create", "acme", "--plan", "team"));
      String key = ok(a.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat")).lastLine();
      String joinKey = ok(a.adminHere("join-keys", "create", "--name", "prod")).lastLine();
      assertTrue(ok(b.adminHere("join-keys", "list")).stdout().contains("\"prod\""), "b reads what a wrote");

      try (ServerProcess gateway = ServerProcess.launch(dir.resolve("g"), Map.of("TAKUMO_SERVER_JOIN_KEY", joinKey),
          List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--coordinator",
              b.gatewayUrl.substring("grpc://".length()), "--gateway-name", "g", "--openai-base-url", provider.baseUrl(),
              "--allow-private-upstreams"))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
          status = chat(gateway, key).statusCode();
          Thread.sleep(200);
        }
        assertEquals(200, status, "the gateway joined b and admits the key made on a");

        JsonObject usage = new JsonObject("{}");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (usage.getLong("requests", 0L) != 1 && System.nanoTime() < deadline) {
          usage = new JsonObject(ok(a.adminHere("usage", "--org", "acme")).stdout());
        }
        assertEquals(1L, usage.getLong("requests"), "usage reported to b is in the shared database");

        ok(a.adminHere("keys", "revoke", key.substring(0, 16)));
        long start = System.nanoTime();
        while (chat(gateway, key).statusCode() != 401 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
          Thread.sleep(20);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis <= 1000, "a revoke on a reaches b's gateway within 1 s, took " + millis + " ms");
        assertTrue(ok(a.adminHere("fleet", "list")).stdout().contains("\"connected\" : true"));
      }
    }
  }

  private static ServerProcess coordinator(Path dir, PostgresProcess pg) throws Exception {
    return ServerProcess.launch(dir, Map.of("TAKUMO_SERVER_DB", pg.jdbcUrl()),
        List.of("coordinator", "--grpc-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"));
  }

  private HttpResponse<String> chat(ServerProcess gateway, String apiKey) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(gateway.gatewayUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer sk-standin")
        .header("X-Takumo-Api-Key", apiKey).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ServerProcess.Result ok(ServerProcess.Result result) {
    assertEquals(0, result.exitCode(), result.stderr());
    return result;
  }
}
