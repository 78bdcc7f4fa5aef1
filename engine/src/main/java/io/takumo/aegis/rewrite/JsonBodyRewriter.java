package io.takumo.aegis.rewrite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.json.ByteEdits;
import io.takumo.aegis.json.JsonStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rewrites the string values of a JSON document in place. Only the secrets' bytes are replaced,
 * by their tokens; every other byte (whitespace, key order, number formats, and the escapes of
 * the rest of a string holding a secret) is kept, so a provider sees exactly what the app sent,
 * less the secrets.
 *
 * <p>A string whose text is itself JSON (tool-call {@code arguments}, for one) is rewritten the
 * same way, value by value, so that a secret inside it is replaced by a token without breaking
 * the inner document. Base64 payloads (images, files, {@code data:} URLs) are skipped.
 *
 * <p>Reads with Jackson's streaming parser, which needs no tree and is 2–3 times faster than the
 * span-keeping parser of {@code io.takumo.aegis.json} (BENCHMARKS.md, "One JSON stack"); edits and
 * quotes with that package's {@link ByteEdits} and {@link JsonStrings}, as the restorers do.
 */
final class JsonBodyRewriter {

  /** How deep JSON-inside-a-string is followed. Real payloads nest once (tool arguments). */
  private static final int MAX_NESTING = 3;

  private static final int BINARY_MIN_LENGTH = 256;

  private final JsonFactory factory;
  private final SecretReplacer replacer;

  JsonBodyRewriter(SecretReplacer replacer, long maxBodySize) {
    this.replacer = replacer;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodySize))
                    .maxNestingDepth(1000)
                    .build())
            .build();
  }

  /**
   * @return the rewritten document, or {@code json} itself when nothing changed
   * @throws UnrewritableBodyException if {@code json} is not a valid JSON document
   */
  byte[] rewrite(byte[] json, Tally counts) throws UnrewritableBodyException {
    try {
      return rewrite(json, counts, 0);
    } catch (JsonProcessingException e) {
      // Jackson's own message can quote the offending text, which may be a secret.
      long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      throw new UnrewritableBodyException(
          "request body is not valid JSON" + (offset >= 0 ? " (near byte " + offset + ")" : ""));
    } catch (IOException e) {
      throw new UnrewritableBodyException("request body could not be read as JSON");
    }
  }

  private byte[] rewrite(byte[] json, Tally counts, int depth) throws IOException {
    ByteEdits edits = new ByteEdits();
    try (JsonParser parser = factory.createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.VALUE_STRING) {
          continue;
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        String name = parser.currentName();
        String value = parser.getText();
        int end = (int) parser.currentLocation().getByteOffset();
        rewriteValue(json, start, end, name, value, counts, depth, edits);
      }
    }
    return edits.isEmpty() ? json : edits.applyTo(json);
  }

  /** Adds to {@code edits} what replaces the secrets of the literal {@code json[start, end)}. */
  private void rewriteValue(byte[] json, int start, int end, String name, String value, Tally counts,
      int depth, ByteEdits edits) {
    if (isBinaryPayload(value)) {
      return;
    }
    if (depth < MAX_NESTING && looksLikeJson(value)) {
      byte[] inner = value.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] rewritten = rewrite(inner, counts, depth + 1);
        if (rewritten != inner) {
          String text = new String(rewritten, StandardCharsets.UTF_8);
          edits.add(start, end, JsonStrings.quoteWhole(text));
        }
        return;
      } catch (IOException notJson) {
        // Text that merely starts like JSON: scan it as text below.
      }
    }
    List<Finding> findings = replacer.find(name, value);
    if (findings.isEmpty()) {
      return;
    }
    int[] chars = new int[findings.size() * 2];
    for (int i = 0; i < findings.size(); i++) {
      chars[2 * i] = findings.get(i).start();
      chars[2 * i + 1] = findings.get(i).end();
    }
    int[] offsets = new int[chars.length];
    if (!LiteralOffsets.locate(json, start + 1, end - 1, chars, value.length(), offsets)) {
      edits.add(start, end, JsonStrings.quoteWhole(replacer.replace(value, findings, counts)));
      return;
    }
    // Tokens are [A-Za-z0-9_] only: they go into the literal as they are, needing no escape.
    for (int i = 0; i < findings.size(); i++) {
      String replacement = replacer.tokenize(value, findings.get(i), counts);
      edits.add(offsets[2 * i], offsets[2 * i + 1], replacement.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static boolean looksLikeJson(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        continue;
      }
      return c == '{' || c == '[';
    }
    return false;
  }

  /** A {@code data:...;base64,} URL, or a long run of nothing but base64 characters. */
  static boolean isBinaryPayload(String s) {
    if (s.startsWith("data:")) {
      int comma = s.indexOf(',');
      return comma > 0 && s.lastIndexOf(";base64", comma) > 0;
    }
    if (s.length() < BINARY_MIN_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean base64 =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
      if (!base64) {
        return false;
      }
    }
    return true;
  }
}
