package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.FOREIGN_TOKEN;
import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.SECRET_B;
import static io.takumo.aegis.restore.TestSupport.assertSplitInvariant;
import static io.takumo.aegis.restore.TestSupport.json;
import static io.takumo.aegis.restore.TestSupport.parseSse;
import static io.takumo.aegis.restore.TestSupport.pieces;
import static io.takumo.aegis.restore.TestSupport.randomTextCuts;
import static io.takumo.aegis.restore.TestSupport.runOneShot;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.takumo.aegis.restore.ProviderStreams.Format;
import io.takumo.aegis.restore.ProviderStreams.Outcome;
import io.takumo.aegis.restore.TestSupport.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same checks on a realistic stream of each provider. */
class SseRestorerTest {

  private static final TestSupport T = new TestSupport();

  /** Prose with both tokens, a foreign token, non-ASCII, and a partial token at the very end. */
  private static final String TEXT = "Your key is " + T.tokenA + ". Quote: \"" + T.tokenB + "\" ok; "
      + FOREIGN_TOKEN + " stays, 日本 😀 é. Tail TKM_pw";
  private static final String EXPECTED_TEXT = "Your key is " + SECRET_A + ". Quote: \"" + SECRET_B + "\" ok; "
      + FOREIGN_TOKEN + " stays, 日本 😀 é. Tail TKM_pw";

  /** Structured output: the text is JSON, so a secret inside its strings must come out escaped. */
  private static final String JSON_TEXT = "{\"answer\": \"" + T.tokenA + "\", \"more\": [\"x " + T.tokenB + "\"]}";

  private static final String ARGUMENTS = "{\"api_key\": \"" + T.tokenA + "\", \"note\": \"use \\\"" + T.tokenB
      + "\\\" now\", \"list\": [\"" + T.tokenA + "\", 42], \"plain\": \"" + FOREIGN_TOKEN + "\"}";

  static Stream<Format> formats() {
    return ProviderStreams.all(T).stream();
  }

  private static JsonNode expectedArguments() {
    ObjectNode node = TestSupport.MAPPER.createObjectNode();
    node.put("api_key", SECRET_A);
    node.put("note", "use \"" + SECRET_B + "\" now");
    node.putArray("list").add(SECRET_A).add(42);
    node.put("plain", FOREIGN_TOKEN);
    return node;
  }

  private static JsonNode expectedJsonText() {
    ObjectNode node = TestSupport.MAPPER.createObjectNode();
    node.put("answer", SECRET_A);
    node.putArray("more").add("x " + SECRET_B);
    return node;
  }

  private static byte[] restore(byte[] body) {
    return runOneShot(TestSupport.sse(T.vault), body);
  }

  private static void assertRestored(Format format, List<String> text, List<String> arguments) {
    byte[] body = utf8(format.build(text, arguments));
    Outcome outcome = format.read(restore(body));
    assertEquals(EXPECTED_TEXT, outcome.text(), () -> format.name() + " text from deltas " + text);
    assertEquals(expectedArguments(), json(outcome.arguments()), () -> format.name() + " arguments from " + arguments);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void restoresTextAndArgumentsInWholeDeltas(Format format) {
    assertRestored(format, List.of("Your key is ", TEXT.substring(12)), List.of(ARGUMENTS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void tokenSplitAcrossDeltasAtEveryPosition(Format format) {
    for (String token : List.of(T.tokenA, T.tokenB, FOREIGN_TOKEN)) {
      int at = TEXT.indexOf(token);
      for (int p = at - 1; p <= at + token.length() + 1; p++) {
        for (int q = p; q <= p + 3 && q < TEXT.length(); q++) {
          assertRestored(format, pieces(TEXT, new TreeSet<>(List.of(p, q))), List.of(ARGUMENTS));
        }
      }
    }
    int at = ARGUMENTS.indexOf(T.tokenB) - 3;
    for (int p = at; p <= at + T.tokenB.length() + 6; p++) {
      for (int q = p; q <= p + 3; q++) {
        assertRestored(format, List.of(TEXT), pieces(ARGUMENTS, new TreeSet<>(List.of(p, q))));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void randomDeltasAndRandomReads(Format format) {
    Random random = new Random(42);
    for (int i = 0; i < 150; i++) {
      List<String> text = pieces(TEXT, randomTextCuts(random, TEXT, 20));
      List<String> arguments = pieces(ARGUMENTS, randomTextCuts(random, ARGUMENTS, 20));
      assertRestored(format, text, arguments);
      assertSplitInvariant(() -> TestSupport.sse(T.vault), utf8(format.build(text, arguments)), random, 3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void jsonTextInTextDeltasGetsEscapedSecrets(Format format) {
    Random random = new Random(7);
    for (int i = 0; i < 60; i++) {
      List<String> text = pieces(JSON_TEXT, randomTextCuts(random, JSON_TEXT, 12));
      Outcome outcome = format.read(restore(utf8(format.build(text, List.of(ARGUMENTS)))));
      assertEquals(expectedJsonText(), json(outcome.text()), () -> "from " + text);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void crlfOrCrLineEndingsAndCommentsChangeNothing(Format format) {
    Random random = new Random(3);
    for (int i = 0; i < 40; i++) {
      List<String> text = pieces(TEXT, randomTextCuts(random, TEXT, 10));
      List<String> arguments = pieces(ARGUMENTS, randomTextCuts(random, ARGUMENTS, 10));
      String lf = format.build(text, arguments);
      String commented = ": connected\n\n" + lf.replace("\n\n", "\n: keep-alive\n\n: ping\n").replace("data: ", ":inside\ndata: ");
      for (String ending : List.of("\r\n", "\r")) {
        byte[] body = utf8(commented.replace("\n", ending));
        byte[] restored = restore(body);
        Outcome outcome = format.read(restored);
        assertEquals(EXPECTED_TEXT, outcome.text());
        assertEquals(expectedArguments(), json(outcome.arguments()));
        assertTrue(TestSupport.utf8(restored).contains(": keep-alive" + ending + ending + ": ping" + ending));
        assertSplitInvariant(() -> TestSupport.sse(T.vault), body, random, 4);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void eventNamesKeptInOrderWithSyntheticDeltasOnlyAdded(Format format) {
    Random random = new Random(11);
    for (int i = 0; i < 40; i++) {
      byte[] body = utf8(format.build(pieces(TEXT, randomTextCuts(random, TEXT, 15)),
          pieces(ARGUMENTS, randomTextCuts(random, ARGUMENTS, 15))));
      List<SseEvent> in = parseSse(body);
      List<SseEvent> out = parseSse(restore(body));
      int next = 0;
      int added = 0;
      for (SseEvent event : out) {
        if (next < in.size() && java.util.Objects.equals(event.name(), in.get(next).name())
            && sameKind(event, in.get(next))) {
          next++;
        } else {
          added++;
          assertTrue(format.deltaEventNames().contains(event.name()), "added event " + event);
        }
      }
      assertEquals(in.size(), next, "every original event, in order");
      assertTrue(added >= 1, "the partial token at the end of the text is released by a synthetic delta");
    }
  }

  /** Whether two events are the same event before and after restoring (ignoring strings). */
  private static boolean sameKind(SseEvent a, SseEvent b) {
    if (!a.data().startsWith("{") || !b.data().startsWith("{")) {
      return a.data().equals(b.data());
    }
    return json(a.data()).path("type").equals(json(b.data()).path("type"))
        && json(a.data()).path("sequence_number").equals(json(b.data()).path("sequence_number"))
        && json(a.data()).path("choices").path(0).path("finish_reason").equals(
            json(b.data()).path("choices").path(0).path("finish_reason"))
        && json(a.data()).path("choices").size() == json(b.data()).path("choices").size();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void partialHeldAtEndOfBodyIsReleasedAsIs(Format format) {
    Random random = new Random(5);
    for (int i = 0; i < 30; i++) {
      String full = format.build(pieces(TEXT, randomTextCuts(random, TEXT, 10)), List.of(ARGUMENTS));
      String cut = full.substring(0, format.textEnd(full));
      for (String body : List.of(cut, cut.substring(0, cut.length() - 1), cut.substring(0, cut.length() - 2))) {
        byte[] restored = restore(utf8(body));
        assertEquals(EXPECTED_TEXT, format.read(restored).text(), "body ends " + body.substring(body.length() - 20));
        assertSplitInvariant(() -> TestSupport.sse(T.vault), utf8(body), random, 3);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void eventsWithNothingToRestoreAreByteIdentical(Format format) {
    // A vault that issued none of the tokens in the stream: nothing may change but hold-back.
    io.takumo.aegis.vault.Vault other = new TestSupport().vault;
    String text = "Plain answer, 日本語 😀 with \"quotes\" and \\ and TKM and TKM_x but " + T.tokenA + " is foreign.";
    String arguments = "{\"q\": \"weather in Zürich\", \"days\": [1, 2], \"k\": \"" + T.tokenB + "\"}";
    Random random = new Random(9);
    int identical = 0;
    for (int i = 0; i < 30; i++) {
      String lf = format.build(pieces(text, randomTextCuts(random, text, 8)), pieces(arguments, randomTextCuts(random, arguments, 8)));
      for (String body : List.of(lf, lf.replace("\n", "\r\n"), ": hi\n" + lf.replace("\n\n", "\n:c\n\n"))) {
        byte[] bytes = utf8(body);
        byte[] restored = runOneShot(TestSupport.sse(other), bytes);
        String separator = body.contains("\r\n") ? "\r\n\r\n" : "\n\n";
        String[] in = body.split(separator, -1);
        String[] out = TestSupport.utf8(restored).split(separator, -1);
        assertEquals(in.length, out.length, "no event added or lost");
        for (int e = 0; e < in.length; e++) {
          if (in[e].equals(out[e])) {
            identical++;
          } else {
            // Only hold-back may move text between the delta strings of one stream.
            List<String> changed = new ArrayList<>();
            changedStrings(dataOf(in[e]), dataOf(out[e]), "", changed);
            assertFalse(changed.isEmpty(), "bytes changed for nothing: " + in[e]);
            for (String path : changed) {
              assertTrue(path.matches(".*/(content|arguments|delta|text|partial_json|thinking)"), path);
            }
          }
        }
        assertSplitInvariant(() -> TestSupport.sse(other), bytes, random, 2);
      }
    }
    assertTrue(identical > 100);
  }

  private static JsonNode dataOf(String event) {
    StringBuilder data = new StringBuilder();
    for (String line : event.split("\r\n|\r|\n")) {
      if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      }
    }
    return json(data.toString());
  }

  /** Collects the paths of the strings that differ between two trees of the same shape. */
  private static void changedStrings(JsonNode a, JsonNode b, String path, List<String> changed) {
    if (a.isTextual() || b.isTextual()) {
      if (!a.equals(b)) {
        changed.add(path);
      }
      return;
    }
    assertEquals(a.size(), b.size(), path);
    if (a.isObject()) {
      a.fieldNames().forEachRemaining(name -> changedStrings(a.get(name), b.path(name), path + "/" + name, changed));
    } else if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        changedStrings(a.get(i), b.get(i), path + "/" + i, changed);
      }
    } else {
      assertEquals(a, b, path);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void eachEventPassesAsSoonAsItsBlankLineArrives(Format format) {
    byte[] body = utf8(format.build(List.of("Hello ", "world"), List.of(ARGUMENTS)));
    SseRestorer restorer = TestSupport.sse(T.vault);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    int events = 0;
    for (int i = 0; i < body.length; i++) {
      byte[] out = restorer.update(body, i, 1);
      boolean blankLineDone = i > 0 && body[i] == '\n' && body[i - 1] == '\n';
      assertEquals(blankLineDone, out.length > 0, "output exactly when an event is complete, at byte " + i + " of " + utf8(body));
      events += blankLineDone ? 1 : 0;
      all.writeBytes(out);
    }
    all.writeBytes(restorer.finish());
    assertArrayEquals(restore(body), all.toByteArray());
    assertTrue(events >= 5);
  }
}
