package io.takumo.aegis.rewrite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the string values of a JSON document in place. Only the string literals that change
 * are re-encoded; every other byte (whitespace, key order, number formats) is kept, so a provider
 * sees exactly what the app sent, less the secrets.
 *
 * <p>A string whose text is itself JSON (tool-call {@code arguments}, for one) is rewritten the
 * same way, value by value, so that a secret inside it is replaced by a token without breaking
 * the inner document. Base64 payloads (images, files, {@code data:} URLs) are skipped.
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
    List<long[]> spans = null;
    List<byte[]> literals = null;
    try (JsonParser parser = factory.createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.VALUE_STRING) {
          continue;
        }
        long start = parser.currentTokenLocation().getByteOffset();
        String name = parser.currentName();
        String value = parser.getText();
        long end = parser.currentLocation().getByteOffset();
        String replaced = rewriteValue(name, value, counts, depth);
        if (replaced != value) {
          if (spans == null) {
            spans = new ArrayList<>();
            literals = new ArrayList<>();
          }
          spans.add(new long[] {start, end});
          literals.add(quote(replaced));
        }
      }
    }
    return spans == null ? json : splice(json, spans, literals);
  }

  private String rewriteValue(String name, String value, Tally counts, int depth) {
    if (isBinaryPayload(value)) {
      return value;
    }
    if (depth < MAX_NESTING && looksLikeJson(value)) {
      byte[] inner = value.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] rewritten = rewrite(inner, counts, depth + 1);
        return rewritten == inner ? value : new String(rewritten, StandardCharsets.UTF_8);
      } catch (IOException notJson) {
        // Text that merely starts like JSON: scan it as text below.
      }
    }
    return replacer.replace(name, value, counts);
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

  private static byte[] quote(String value) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
    byte[] literal = new byte[escaped.length + 2];
    literal[0] = '"';
    System.arraycopy(escaped, 0, literal, 1, escaped.length);
    literal[literal.length - 1] = '"';
    return literal;
  }

  private static byte[] splice(byte[] json, List<long[]> spans, List<byte[]> literals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64 * spans.size());
    int at = 0;
    for (int i = 0; i < spans.size(); i++) {
      int start = (int) spans.get(i)[0];
      int end = (int) spans.get(i)[1];
      out.write(json, at, start - at);
      out.write(literals.get(i), 0, literals.get(i).length);
      at = end;
    }
    out.write(json, at, json.length - at);
    return out.toByteArray();
  }
}
