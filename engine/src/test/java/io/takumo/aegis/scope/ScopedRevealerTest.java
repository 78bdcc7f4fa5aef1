package io.takumo.aegis.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopedRevealerTest {

  private final Vault vault = new Vault(100, Duration.ofHours(1));
  private final String mine = vault.tokenize("sk-mine-1234567890", "oai");
  private final String theirs = vault.tokenize("sk-theirs-1234567890", "oai");
  private final List<String> withheld = new ArrayList<>();
  private final ScopedRevealer revealer = new ScopedRevealer(vault, Set.of(mine), withheld::add);

  @Test
  void revealsOnlyTheTokensInScope() {
    assertEquals("sk-mine-1234567890", revealer.reveal(mine));
    assertNull(revealer.reveal(theirs));
    assertEquals(List.of(theirs), withheld);
  }

  @Test
  void reportsAnOutOfScopeTokenOncePerResponse() {
    revealer.reveal(theirs);
    revealer.reveal(theirs);
    assertEquals(List.of(theirs), withheld);
  }

  @Test
  void aTokenTheVaultNeverIssuedIsPlainTextAndNotReported() {
    assertNull(revealer.reveal("TKM_oai_0123456789abcdefghjk"));
    assertEquals(List.of(), withheld);
  }

  @Test
  void everyRestorerGoesThroughTheScope() {
    String tool = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
        + "{\"arguments\":\"{\\\"path\\\":\\\"" + theirs + "\\\",\\\"key\\\":\\\"" + mine + "\\\"}\"}}]}}]}\n\n"
        + "data: [DONE]\n\n";
    assertEquals(tool.replace(mine, "sk-mine-1234567890"), restore("text/event-stream", tool));
    String json = "{\"content\":\"" + theirs + " and " + mine + "\"}";
    assertEquals("{\"content\":\"" + theirs + " and sk-mine-1234567890\"}", restore("application/json", json));
    String text = theirs + " " + mine;
    assertEquals(theirs + " sk-mine-1234567890", restore("text/plain", text));
  }

  private String restore(String contentType, String body) {
    ResponseRestorer r = ResponseRestorers.forContentType(revealer, contentType, Long.MAX_VALUE, () -> { });
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    byte[] a = r.update(bytes, 0, bytes.length);
    byte[] b = r.finish();
    return new String(a, StandardCharsets.UTF_8) + new String(b, StandardCharsets.UTF_8);
  }
}
