package io.takumo.aegis.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteEditsTest {

  private static final byte[] DOC = bytes("{\"a\":\"one\",\"b\":[\"two\",3],\"c\":\"three\"}");

  @Test
  void editsInDocumentOrderReplaceTheirSpansOnly() {
    ByteEdits edits = new ByteEdits();
    edits.add(5, 10, bytes("\"1\""));
    edits.add(16, 21, bytes("\"second\""));
    edits.add(29, 36, bytes("\"\""));
    assertEquals("{\"a\":\"1\",\"b\":[\"second\",3],\"c\":\"\"}", text(edits.applyTo(DOC)));
  }

  @Test
  void editsAddedOutOfOrderAreAppliedInDocumentOrder() {
    // The stream restorer adds its delta fields' edits first, then those of the other strings.
    ByteEdits edits = new ByteEdits();
    edits.add(16, 21, bytes("\"second\""));
    edits.add(29, 36, bytes("\"\""));
    edits.add(5, 10, bytes("\"1\""));
    assertEquals("{\"a\":\"1\",\"b\":[\"second\",3],\"c\":\"\"}", text(edits.applyTo(DOC)));
  }

  @Test
  void manyEditsGrowTheirArrays() {
    byte[] doc = bytes("abcdefghijklmnopqrstuvwxyz");
    ByteEdits edits = new ByteEdits();
    for (int i = 25; i >= 0; i -= 2) {
      edits.add(i, i + 1, bytes("[" + (char) ('a' + i) + "]"));
    }
    assertEquals("a[b]c[d]e[f]g[h]i[j]k[l]m[n]o[p]q[r]s[t]u[v]w[x]y[z]", text(edits.applyTo(doc)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
