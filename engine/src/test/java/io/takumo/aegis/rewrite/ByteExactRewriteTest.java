package io.takumo.aegis.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A string literal holding a secret is rewritten by cutting the secret's bytes out of the
 * original literal: every other byte of it (escapes, raw UTF-8, escaped surrogate pairs) stays
 * as the app wrote it.
 */
class ByteExactRewriteTest {

  private static final String KEY = "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ";
  private static final String AWS = "AKIAZ7QWERTYUIOP2345";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vault vault = new Vault(1000, Duration.ofHours(1));
  private final RequestRewriter rewriter = new RequestRewriter(SecretDetector.withBuiltinRules(), vault, 1 << 20);

  @Test
  void escapesAroundASecretAreKeptByteForByte() throws Exception {
    String content = "caf\\u00e9 \\/path\\/x \\\"quoted\\\" tab\\there\\r\\n caf\u00e9 \u00fc\u4e2d "
        + "\ud83d\ude00 \\ud83d\\ude00 key " + KEY + " then \\u00e9\ud83d\ude00 " + AWS + "\\n\\\\ end \u4e2d";
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";

    byte[] out = rewriter.rewrite(bytes(body), BodyKind.JSON).body();

    String expected = body.replace(KEY, vault.tokenize(KEY, "oai")).replace(AWS, vault.tokenize(AWS, "aws"));
    assertEquals(expected, new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void aSecretFillingTheWholeLiteralOrTouchingMultiByteCharsIsCutExactly() throws Exception {
    String body = "{\"a\":\"" + KEY + "\",\"b\":\"\u00e9" + KEY + "\u4e2d\",\"c\":\"\ud83d\ude00" + KEY + "\ud83d\ude00\","
        + "\"d\":\"\\n" + KEY + "\\u0020\"}";
    String token = vault.tokenize(KEY, "oai");

    Rewrite r = rewriter.rewrite(bytes(body), BodyKind.JSON);

    assertEquals(body.replace(KEY, token), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(4, r.countsByRule().get("openai-api-key"));
  }

  @Test
  void aBodyWithEscapesButNoSecretIsTheSameArray() throws Exception {
    byte[] body = bytes("{\"content\":\"caf\\u00e9 \\/ \\\"q\\\" \ud83d\ude00 \\ud83d\\ude00\\n\"}");
    assertSame(body, rewriter.rewrite(body, BodyKind.JSON).body());
  }

  @Test
  void jsonInsideAStringIsStillRewrittenAndReEscaped() throws Exception {
    String arguments = "{\"note\":\"caf\u00e9\",\"key\":\"" + KEY + "\"}";
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("arguments", arguments).put("text", "x " + AWS));

    byte[] out = rewriter.rewrite(bytes(body), BodyKind.JSON).body();

    String inner = JSON.readTree(out).path("arguments").asText();
    assertEquals(arguments.replace(KEY, vault.tokenize(KEY, "oai")), inner);
    assertEquals("x " + vault.tokenize(AWS, "aws"), JSON.readTree(out).path("text").asText());
  }

  @Test
  void aFindingBetweenTheHalvesOfASurrogatePairIsNeverSentAsABrokenString() {
    // Raw 4-byte UTF-8 has no byte between its two chars, and a token there would leave half a
    // pair: the rewrite fails (the engine then applies the fail mode) rather than send that.
    Detector splitsThePair = new Detector() {
      @Override
      public List<Finding> find(CharSequence text) {
        return text.length() > 4 ? Collections.singletonList(new Finding(2, 5, "test-rule", "tst")) : Collections.<Finding>emptyList();
      }
    };
    RequestRewriter odd = new RequestRewriter(splitsThePair, vault, 1 << 20);

    assertThrows(IllegalArgumentException.class,
        () -> odd.rewrite(bytes("{\"t\":\"a\ud83d\ude00bcdefgh \\u00e9\"}"), BodyKind.JSON));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
