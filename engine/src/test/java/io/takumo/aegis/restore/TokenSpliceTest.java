package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.FOREIGN_TOKEN;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenSpliceTest {

  /** Needs no escaping in JSON: non-ASCII and symbols, but no quote, backslash or control char. */
  private static final String PLAIN_SECRET = "p@ss w0rd!é日本😀/<&>";
  private static final String KEY = "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe";

  private final TestSupport t = new TestSupport();
  private final String plainToken = t.vault.tokenize(PLAIN_SECRET, "pwd");
  private final String keyToken = t.vault.tokenize(KEY, "oai");
  private final JsonRestorer restorer = new JsonRestorer(t.vault);

  @Test
  void replacesTokensInStringsKeysAndJsonInsideStrings() throws Exception {
    String args = "{\\\"password\\\":\\\"" + plainToken + "\\\",\\\"n\\\":1}";
    byte[] body = utf8("{\"" + keyToken + "\":\"line one\\nkey " + keyToken + " and " + plainToken
        + "\",\"arguments\":\"" + args + "\",\"unknown\":\"" + FOREIGN_TOKEN + "\"}");

    byte[] spliced = TokenSplice.apply(t.vault, body);

    assertNotNull(spliced);
    JsonNode root = TestSupport.MAPPER.readTree(spliced);
    assertEquals("line one\nkey " + KEY + " and " + PLAIN_SECRET, root.get(KEY).asText());
    assertEquals(PLAIN_SECRET, TestSupport.MAPPER.readTree(root.get("arguments").asText()).get("password").asText());
    assertEquals(FOREIGN_TOKEN, root.get("unknown").asText());
    assertArrayEquals(restorer.restoreParsed(body), spliced);
  }

  @Test
  void leavesABodyWithoutIssuedTokensAsItIs() {
    byte[] body = utf8("{\"a\":\"" + FOREIGN_TOKEN + " TKM_ TKM_oai_short\"}");
    assertSame(body, TokenSplice.apply(t.vault, body));
  }

  @Test
  void declinesWhatOnlyTheFullRestoreCanDecide() {
    assertNull(TokenSplice.apply(t.vault, utf8("{\"a\":\"" + t.tokenA + "\"}")), "a secret that needs escaping");
    assertNull(TokenSplice.apply(t.vault, utf8("{\"a\":\"\\\\" + keyToken + "\"}")), "a token after a backslash");
    String escapedInside = keyToken.substring(0, 10) + "\\u00" + Integer.toHexString(keyToken.charAt(10)) + keyToken.substring(11);
    assertNull(TokenSplice.apply(t.vault, utf8("{\"a\":\"" + escapedInside + "\"}")), "an escape inside a token");
  }

  /**
   * Wherever it does not decline, it gives what the full restore gives: the same JSON, or for a
   * body that is not JSON the same bytes.
   */
  @Test
  void agreesWithTheFullRestoreOnRandomBodies() {
    Random random = new Random(7);
    String[] pieces = {
      plainToken, keyToken, t.tokenA, t.tokenB, FOREIGN_TOKEN, "TKM_", keyToken.substring(0, 12), "\\n", "\\\"",
      "\\\\", "\\u00e9", "é", "日本", " ", "word", "{", "}", "[", "]", ":", ",", "\"", "\\\\\\\"", "T", "\\" 
    };
    int spliced = 0;
    for (int i = 0; i < 5_000; i++) {
      StringBuilder body = new StringBuilder(random.nextBoolean() ? "{\"k\":\"" : "[\"");
      int n = 1 + random.nextInt(12);
      for (int p = 0; p < n; p++) {
        body.append(pieces[random.nextInt(pieces.length)]);
      }
      body.append(random.nextInt(4) == 0 ? "" : body.charAt(0) == '{' ? "\"}" : "\"]");
      byte[] bytes = utf8(body.toString());
      byte[] fast = TokenSplice.apply(t.vault, bytes);
      if (fast != null) {
        spliced++;
        byte[] full = restorer.restoreParsed(bytes);
        JsonNode parsed = parseOrNull(full);
        if (parsed == null) {
          assertArrayEquals(full, fast, body::toString);
        } else {
          // The full restore re-encodes a string it changes (\u00e9 becomes é); the splice keeps
          // every escape as it came. Both must read as the same JSON.
          assertEquals(parsed, parseOrNull(fast), body::toString);
        }
      }
    }
    assertTrue(spliced > 1_000, "the quick way served " + spliced + " of 5,000 bodies");
  }

  private static JsonNode parseOrNull(byte[] body) {
    try {
      return TestSupport.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
