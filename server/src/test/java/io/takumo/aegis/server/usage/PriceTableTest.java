package io.takumo.aegis.server.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.takumo.aegis.server.provider.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  @TempDir
  Path dir;

  @Test
  void aModelTakesTheLongestEntryItStartsWithElseTheProvidersDefault() {
    PriceTable prices = PriceTable.load(null);
    // gpt-4o-mini: $0.15 in, $0.60 out per million: 1000 in + 1000 out = 150 + 600 micro-dollars.
    assertEquals(750, prices.creditsMicros(Provider.OPENAI, new Usage("gpt-4o-mini-2024-07-18", 1000, 1000)));
    assertEquals(12_500, prices.creditsMicros(Provider.OPENAI, new Usage("gpt-4o-2024-08-06", 1000, 1000)));
    assertEquals(12_500, prices.creditsMicros(Provider.OPENAI, new Usage("some-future-model", 1000, 1000)));
    assertEquals(12_500, prices.creditsMicros(Provider.OPENAI, new Usage(null, 1000, 1000)));
    assertEquals(30_000, prices.creditsMicros(Provider.ANTHROPIC, new Usage("claude-opus-4-5-20251101", 1000, 1000)));
    assertEquals(2_800, prices.creditsMicros(Provider.GEMINI, new Usage("models/gemini-2.5-flash", 1000, 1000)));
  }

  @Test
  void anOverrideFileReplacesAndAddsEntries() throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"openai\":{\"gpt-4o\":{\"input\":1,\"output\":2},\"my-model\":{\"input\":0.5,\"output\":0}}}");
    PriceTable prices = PriceTable.load(file);
    assertEquals(3_000, prices.creditsMicros(Provider.OPENAI, new Usage("gpt-4o", 1000, 1000)));
    assertEquals(500, prices.creditsMicros(Provider.OPENAI, new Usage("my-model-v2", 1000, 1000)));
    assertEquals(750, prices.creditsMicros(Provider.OPENAI, new Usage("gpt-4o-mini", 1000, 1000)), "the shipped entries stay");
  }

  @Test
  void aBadOverrideFileIsAOneLineErrorNamingTheEntry() throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"openai\":{\"gpt-4o\":{\"input\":-1,\"output\":2}}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PriceTable.load(file));
    assertEquals("--prices " + file + ": openai.gpt-4o: needs {\"input\": N, \"output\": N}, dollars per million tokens, N >= 0",
        e.getMessage());
    Files.writeString(file, "{\"mistral\":{}}");
    assertEquals("--prices " + file + ": unknown provider 'mistral' (known: openai,anthropic,gemini)",
        assertThrows(IllegalArgumentException.class, () -> PriceTable.load(file)).getMessage());
  }
}
