package io.takumo.aegis.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LiteralOffsetsTest {

  /** Pieces of a literal as sent, and how many chars each decodes to. */
  private static final String[] PIECES = {
    "a", "Z", "0", " ", "-", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\u00e9", "\\u0041", "\\ud83d", "\\ude00",
    "\u00e9", "\u00fc", "\u4e2d", "\u20ac", "\ud83d\ude00", "\ud834\udd1e", "abcdefghijklmnop", "0123456789abcdef0123456789"
  };

  @Test
  void everyCharBoundaryMapsToTheByteWhereItsEncodingStarts() throws Exception {
    Random random = new Random(42);
    JsonFactory factory = new JsonFactory();
    for (int round = 0; round < 2000; round++) {
      ByteArrayOutputStream literal = new ByteArrayOutputStream();
      literal.write('"');
      List<Integer> charAt = new ArrayList<>();
      List<Integer> byteAt = new ArrayList<>();
      int chars = 0;
      int pieces = random.nextInt(40);
      for (int p = 0; p < pieces; p++) {
        String piece = PIECES[random.nextInt(PIECES.length)];
        byte[] encoded = piece.getBytes(StandardCharsets.UTF_8);
        int decoded = decodedLength(piece);
        // A boundary before each decoded char, except inside a raw surrogate pair.
        int step = piece.startsWith("\\") ? 1 : piece.codePointCount(0, piece.length()) == 1 ? decoded : 1;
        for (int k = 0; k < decoded; k += step) {
          charAt.add(chars + k);
          byteAt.add(literal.size() + (step == 1 && !piece.startsWith("\\") ? k : 0));
        }
        literal.write(encoded);
        chars += decoded;
      }
      charAt.add(chars);
      byteAt.add(literal.size());
      literal.write('"');
      byte[] json = literal.toByteArray();
      String value;
      try (JsonParser parser = factory.createParser(json)) {
        parser.nextToken();
        value = parser.getText();
      }
      assertEquals(chars, value.length());

      TreeSet<Integer> picked = new TreeSet<>();
      for (int n = random.nextInt(6) + 1; n > 0; n--) {
        picked.add(random.nextInt(charAt.size()));
      }
      int[] positions = new int[picked.size()];
      int[] expected = new int[picked.size()];
      int i = 0;
      for (int pick : picked) {
        positions[i] = charAt.get(pick);
        expected[i++] = byteAt.get(pick);
      }
      int[] offsets = new int[positions.length];
      assertTrue(LiteralOffsets.locate(json, 1, json.length - 1, positions, value.length(), offsets), value);
      assertArrayEquals(expected, offsets, value);
    }
  }

  @Test
  void aPositionInsideARawSurrogatePairIsRefused() {
    byte[] json = ("\"x\ud83d\ude00y\"").getBytes(StandardCharsets.UTF_8);
    int[] offsets = new int[1];
    assertFalse(LiteralOffsets.locate(json, 1, json.length - 1, new int[] {2}, 4, offsets));
    assertTrue(LiteralOffsets.locate(json, 1, json.length - 1, new int[] {3}, 4, offsets));
    assertEquals(6, offsets[0]);
  }

  @Test
  void aLengthThatDisagreesWithTheLiteralIsRefused() {
    byte[] json = "\"abc\\n\"".getBytes(StandardCharsets.UTF_8);
    int[] offsets = new int[1];
    assertFalse(LiteralOffsets.locate(json, 1, json.length - 1, new int[] {1}, 5, offsets));
    assertFalse(LiteralOffsets.locate(json, 1, json.length - 1, new int[] {9}, 4, offsets));
    assertTrue(LiteralOffsets.locate(json, 1, json.length - 1, new int[] {4}, 4, offsets));
    assertEquals(6, offsets[0]);
  }

  private static int decodedLength(String piece) {
    return piece.startsWith("\\") ? 1 : piece.length();
  }
}
