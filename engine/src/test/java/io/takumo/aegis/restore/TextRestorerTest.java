package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.FOREIGN_TOKEN;
import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.SECRET_B;
import static io.takumo.aegis.restore.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.restore.InnerJson.Syntax;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRestorerTest {

  private final TestSupport t = new TestSupport();

  private String streamed(Syntax syntax, List<String> pieces) {
    TextRestorer restorer = TextRestorer.forText(t.vault, syntax);
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      out.append(restorer.push(piece));
    }
    return out.append(restorer.finish()).toString();
  }

  @Test
  void replacesIssuedTokensOnly() {
    String text = "a " + t.tokenA + t.tokenB + " b " + FOREIGN_TOKEN + " c";
    assertEquals("a " + SECRET_A + SECRET_B + " b " + FOREIGN_TOKEN + " c", TextRestorer.restoreAll(t.vault, text));
  }

  @Test
  void returnsTheSameInstanceWhenNothingChanges() {
    String plain = "no tokens here, TKM_ and TKM_oai_ only";
    assertSame(plain, TextRestorer.restoreAll(t.vault, plain));
    String foreign = "x " + FOREIGN_TOKEN;
    assertSame(foreign, TextRestorer.restoreAll(t.vault, foreign));
  }

  @Test
  void holdsBackOnlyWhatCouldStillBecomeAToken() {
    TextRestorer restorer = TextRestorer.forText(t.vault, Syntax.TEXT);
    assertEquals("abc ", restorer.push("abc TK"));
    assertTrue(restorer.holding());
    assertEquals("TKx ", restorer.push("x T"));
    assertEquals("", restorer.push("KM_o"));
    assertEquals("TKM_o!", restorer.push("!"));
    assertFalse(restorer.holding());
    String token = t.tokenA;
    assertEquals("", restorer.push(token.substring(0, 10)));
    assertEquals(SECRET_A + " end", restorer.push(token.substring(10) + " end"));
    assertEquals("", restorer.finish());
  }

  @Test
  void releasesADanglingPartialAsIs() {
    TextRestorer restorer = TextRestorer.forText(t.vault, Syntax.TEXT);
    assertEquals("tail ", restorer.push("tail TKM_oai_abc"));
    assertEquals("TKM_oai_abc", restorer.finish());
    assertEquals("", restorer.finish());
  }

  @Test
  void splittingAnywhereGivesTheSameText() {
    String text = "a " + t.tokenA + " b " + FOREIGN_TOKEN + "TT" + t.tokenB + "TKM";
    String expected = "a " + SECRET_A + " b " + FOREIGN_TOKEN + "TT" + SECRET_B + "TKM";
    for (int i = 0; i <= text.length(); i++) {
      for (int j = i; j <= text.length(); j++) {
        List<String> pieces = List.of(text.substring(0, i), text.substring(i, j), text.substring(j));
        assertEquals(expected, streamed(Syntax.DETECT, pieces), () -> "pieces " + pieces);
      }
    }
  }

  @Test
  void escapesSecretsInsideStringsOfJsonText() {
    // The inner \" keeps the string open; the token outside any string goes in as it is.
    String text = "{\"key\": \"" + t.tokenA + "\", \"q\": \"say \\\"" + t.tokenB + "\\\" \\\\\", \"n\": 1}";
    String expected = "{\"key\": \"" + JsonStrings.escape(SECRET_A) + "\", \"q\": \"say \\\""
        + JsonStrings.escape(SECRET_B) + "\\\" \\\\\", \"n\": 1}";
    for (int i = 0; i <= text.length(); i++) {
      for (int j = i; j <= text.length(); j++) {
        String restored = streamed(Syntax.JSON, List.of(text.substring(0, i), text.substring(i, j), text.substring(j)));
        assertEquals(expected, restored);
      }
    }
    assertEquals(SECRET_A, json(expected).path("key").asText());
    assertEquals("say \"" + SECRET_B + "\" \\", json(expected).path("q").asText());
  }

  @Test
  void detectsJsonByItsFirstChar() {
    String json = " \n[{\"a\": \"" + t.tokenA + "\"}]";
    assertEquals(SECRET_A, json(TextRestorer.restoreAll(t.vault, json)).path(0).path("a").asText());
    String prose = "\"" + t.tokenA + "\" is the key";
    assertEquals("\"" + SECRET_A + "\" is the key", TextRestorer.restoreAll(t.vault, prose));
  }

  @Test
  void proseThatStartsWithABracketIsNotJson() {
    String text = "[Note] the key is \"" + t.tokenA + "\"";
    assertEquals("[Note] the key is \"" + SECRET_A + "\"", TextRestorer.restoreAll(t.vault, text));
    String object = "{ ok } \"" + t.tokenA + "\"";
    assertEquals("{ ok } \"" + SECRET_A + "\"", TextRestorer.restoreAll(t.vault, object));
    for (String start : new String[] {"[1] see \"", "[true story] \"", "{nullable} \"", "[1+2] \"",
        "[3] sees \""}) {
      assertEquals(start + SECRET_B + "\"", TextRestorer.restoreAll(t.vault, start + t.tokenB + "\""), start);
    }
  }

  @Test
  void numbersAndKeywordsKeepJsonDetected() {
    String json = "[1.5e+3, -2, 0E-1, true, false, null, {\"a\": [\"" + t.tokenA + "\"]}]";
    assertEquals(SECRET_A, json(TextRestorer.restoreAll(t.vault, json)).path(6).path("a").path(0).asText());
  }

  @Test
  void tokenOutsideJsonStringsGoesInAsIs() {
    String text = "{\"a\": " + t.tokenB + "}";
    assertEquals("{\"a\": " + SECRET_B + "}", streamed(Syntax.JSON, List.of(text)));
  }

  @Test
  void aTokenRightAfterABackslashIsPartOfAnEscape() {
    String text = "{\"a\": \"\\" + t.tokenA + "\"}";
    assertEquals(text, streamed(Syntax.JSON, List.of(text)));
    String escapedBackslash = "{\"a\": \"\\\\" + t.tokenA + "\"}";
    assertEquals(SECRET_A, json(streamed(Syntax.JSON, List.of(escapedBackslash))).path("a").asText().substring(1));
  }

  @Test
  void byteViewKeepsSplitMultiByteCharsAndWritesSecretsInUtf8() {
    byte[] body = ("é 日本 " + t.tokenA + " 😀 " + t.tokenB).getBytes(StandardCharsets.UTF_8);
    byte[] expected = ("é 日本 " + SECRET_A + " 😀 " + SECRET_B).getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= body.length; cut++) {
      PlainTextRestorer restorer = new PlainTextRestorer(t.vault, StandardCharsets.UTF_8);
      assertArrayEquals(expected, TestSupport.run(restorer, body, List.of(cut)));
    }
  }

  @Test
  void byteViewWritesSecretsInTheBodyCharset() {
    String secret = "pässwörd";
    String token = t.vault.tokenize(secret, "pwd");
    PlainTextRestorer restorer = new PlainTextRestorer(t.vault, StandardCharsets.ISO_8859_1);
    byte[] out = TestSupport.runOneShot(restorer, ("é=" + token).getBytes(StandardCharsets.ISO_8859_1));
    assertArrayEquals(("é=" + secret).getBytes(StandardCharsets.ISO_8859_1), out);
  }
}
