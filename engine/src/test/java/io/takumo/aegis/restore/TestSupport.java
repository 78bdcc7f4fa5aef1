package io.takumo.aegis.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Secrets, tokens, a spec-following event stream parser and split helpers shared by the tests. */
final class TestSupport {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Quotes, backslash, newline, tab, control char, accents, CJK and an emoji. */
  static final String SECRET_A = "sk-\"quoted\" back\\slash\nnext\tline \u0001 é 日本 😀";

  static final String SECRET_B = "pw{\"k\":[1,\"x\"]}\\end";

  /** Well-formed, but issued by no vault. */
  static final String FOREIGN_TOKEN = "TKM_oai_0123456789abcdefghjk";

  final Vault vault = new Vault(1000, Duration.ofMinutes(10));

  /** An event stream restorer over {@code vault} holding events of any size. */
  static SseRestorer sse(Vault vault) {
    return new SseRestorer(vault, Long.MAX_VALUE, () -> { });
  }

  /** The restorer for {@code contentType} over this vault, holding bodies of any size. */
  ResponseRestorer restorerFor(String contentType) {
    return ResponseRestorers.forContentType(vault, contentType, Long.MAX_VALUE, () -> { });
  }
  final String tokenA = vault.tokenize(SECRET_A, "oai");
  final String tokenB = vault.tokenize(SECRET_B, "pwd");

  /** One dispatched event: its {@code event:} name (null if none) and its data. */
  record SseEvent(String name, String data) {}

  /** Parses an event stream as the HTML spec says clients must. */
  static List<SseEvent> parseSse(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    List<SseEvent> events = new ArrayList<>();
    String name = null;
    StringBuilder data = new StringBuilder();
    boolean hasData = false;
    int i = 0;
    while (i < s.length()) {
      int end = i;
      while (end < s.length() && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
        end++;
      }
      if (end == s.length()) {
        break; // a line without its ending is never processed
      }
      String line = s.substring(i, end);
      i = end + (s.charAt(end) == '\r' && end + 1 < s.length() && s.charAt(end + 1) == '\n' ? 2 : 1);
      if (line.isEmpty()) {
        if (hasData) {
          events.add(new SseEvent(name, data.substring(0, data.length() - 1)));
        }
        name = null;
        data.setLength(0);
        hasData = false;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        name = value;
      } else if (field.equals("data")) {
        data.append(value).append('\n');
        hasData = true;
      }
    }
    return events;
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static String quote(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Feeds {@code input} in reads cut at {@code cuts} (sorted, within bounds), then finishes. */
  static byte[] run(ResponseRestorer restorer, byte[] input, Iterable<Integer> cuts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int cut : cuts) {
      out.writeBytes(restorer.update(input, from, cut - from));
      from = cut;
    }
    out.writeBytes(restorer.update(input, from, input.length - from));
    out.writeBytes(restorer.finish());
    return out.toByteArray();
  }

  static byte[] runOneShot(ResponseRestorer restorer, byte[] input) {
    return run(restorer, input, List.of());
  }

  /** Random cut positions: up to {@code maxCuts}, sometimes every byte. */
  static TreeSet<Integer> randomCuts(Random random, int length, int maxCuts) {
    TreeSet<Integer> cuts = new TreeSet<>();
    if (random.nextInt(20) == 0) {
      for (int i = 1; i < length; i++) {
        cuts.add(i);
      }
      return cuts;
    }
    int n = random.nextInt(maxCuts + 1);
    for (int i = 0; i < n && length > 1; i++) {
      cuts.add(1 + random.nextInt(length - 1));
    }
    return cuts;
  }

  /** Asserts that reads cut anywhere give the same output as one read. */
  static void assertSplitInvariant(Supplier<ResponseRestorer> restorers, byte[] input, Random random, int rounds) {
    byte[] expected = runOneShot(restorers.get(), input);
    for (int r = 0; r < rounds; r++) {
      TreeSet<Integer> cuts = randomCuts(random, input.length, 40);
      assertArrayEquals(expected, run(restorers.get(), input, cuts), () -> "reads cut at " + cuts);
    }
  }

  /** Cuts {@code text} into pieces at the given positions (sorted, within bounds). */
  static List<String> pieces(String text, Iterable<Integer> cuts) {
    List<String> pieces = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      pieces.add(text.substring(from, cut));
      from = cut;
    }
    pieces.add(text.substring(from));
    return pieces;
  }

  /** Random piece cuts that never split a surrogate pair. */
  static TreeSet<Integer> randomTextCuts(Random random, String text, int maxCuts) {
    TreeSet<Integer> cuts = new TreeSet<>();
    int n = 1 + random.nextInt(maxCuts);
    for (int i = 0; i < n && text.length() > 1; i++) {
      int cut = 1 + random.nextInt(text.length() - 1);
      if (!Character.isLowSurrogate(text.charAt(cut))) {
        cuts.add(cut);
      }
    }
    return cuts;
  }
}
