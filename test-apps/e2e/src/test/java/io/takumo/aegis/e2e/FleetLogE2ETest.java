package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kubectl logs -n takumo deployment/aegis-gateway} shows (docs/kubernetes.md), from the
 * shipped server ({@code bin/takumo-server}, the jar and its lib/): a coordinator, a gateway that
 * joins it and one whose join key is wrong. The join, the config version and the failure are one
 * line each, and nothing else on stderr spans lines or lacks a timestamp.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetLogE2ETest {
  private static final String EVENT = "\\d{4}-\\d{2}-\\d{2}T\\S+ \\[[^\\]]+\\] (INFO|WARN|WARNING|ERROR|SEVERE) .+";

  @Test
  void theJoinTheConfigVersionAndAFailureAreOneLineEachAndNothingElseSpansLines(@TempDir Path dir) throws Exception {
    String grpc;
    try (ServerSocket socket = new ServerSocket(0)) {
      grpc = "127.0.0.1:" + socket.getLocalPort();
    }
    try (TakumoServer coordinator = TakumoServer.launch(Files.createDirectories(dir.resolve("coordinator")), Map.of(),
        List.of("coordinator", "--grpc-listen", grpc, "--http-listen", "127.0.0.1:0"))) {
      String[] created = coordinator.admin("join-keys", "create", "--name", "logs").strip().split("\n");
      String joinKey = created[created.length - 1];
      String wrongKey = "jk_" + "Z".repeat(43);
      try (TakumoServer joined = gateway(dir.resolve("joined"), grpc, joinKey);
          TakumoServer refused = gateway(dir.resolve("refused"), grpc, wrongKey)) {
        String joinedLog = await(joined, "applied and acked");
        String refusedLog = await(refused, "join key not recognised");
        assertEquals(1, lines(joinedLog, "fleet: joined the coordinator at " + grpc + " as gw_").size(), joinedLog);
        assertTrue(lines(joinedLog, "fleet: config version ").get(0).matches(EVENT.replace(".+",
            "fleet: config version \\d+ applied and acked \\(0 active key\\(s\\), 0 plan\\(s\\)\\)")), joinedLog);
        assertEquals(1, lines(refusedLog, "fleet: join key not recognised (UNAUTHENTICATED); retrying with backoff").size(),
            refusedLog);
        for (String log : List.of(joinedLog, refusedLog, coordinator.stderr())) {
          for (String line : log.strip().split("\n")) {
            assertTrue(line.matches(EVENT), "not one timestamped line per event: " + line);
          }
          assertFalse(log.contains(joinKey) || log.contains(wrongKey), "a join key in a log");
        }
      }
    }
  }

  private static TakumoServer gateway(Path dir, String grpc, String joinKey) throws Exception {
    return TakumoServer.launch(Files.createDirectories(dir), Map.of("TAKUMO_SERVER_JOIN_KEY", joinKey),
        List.of("gateway", "--coordinator", grpc, "--gateway-name", dir.getFileName().toString(),
            "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"));
  }

  private static String await(TakumoServer server, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!server.stderr().contains(text)) {
      assertTrue(System.nanoTime() < deadline, "no '" + text + "' in: " + server.stderr());
      Thread.sleep(100);
    }
    return server.stderr();
  }

  private static List<String> lines(String log, String containing) {
    return Arrays.stream(log.split("\n")).filter(l -> l.contains(containing)).toList();
  }
}
