package io.takumo.aegis.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.takumo.aegis.json.ByteEdits;
import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.json.MalformedJsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON primitives of {@code io.takumo.aegis.json} beside Jackson's, on the same chat body, so
 * that one run shows which is faster (issue 18 kept the faster of each: BENCHMARKS.md, "One JSON
 * stack"). {@code scan} reads every string value with the name it is under; {@code edit} cuts five
 * secrets out of the body ({@link ByteEdits}, which both directions use); {@code quote} encodes a
 * long text as a string literal ({@link JsonStrings}, which both directions use).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonStackBenchmark {

  private static final byte[] TOKEN =
      "TKM_sec_0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII);

  @Param({"1024", "16384", "262144"})
  int bytes;

  private final JsonFactory jackson = new JsonFactory();
  private byte[] doc;
  private int[] spans;
  private String text;

  @Setup
  public void setUp() {
    text = ChatBodies.message(bytes);
    doc = ChatBodies.openAiRequest(bytes);
    String latin1 = new String(doc, StandardCharsets.ISO_8859_1);
    spans = new int[ChatBodies.SECRETS.length * 2];
    for (int i = 0; i < ChatBodies.SECRETS.length; i++) {
      String secret = ChatBodies.SECRETS[i].replace("\"", "\\\"");
      spans[2 * i] = latin1.indexOf(secret);
      spans[2 * i + 1] = spans[2 * i] + secret.length();
    }
  }

  /** The response side's read: the span-keeping parser, every string decoded. */
  @Benchmark
  public long scan() throws MalformedJsonException {
    return walk(io.takumo.aegis.json.JsonParser.parse(doc, 0, doc.length), null);
  }

  private static long walk(JsonValue value, String name) {
    if (value.isString()) {
      return value.text().length() + value.start() + value.end() + (name == null ? 0 : name.length());
    }
    long sum = 0;
    List<JsonValue> children = value.children();
    if (value.isObject()) {
      for (int i = 0; i < children.size(); i += 2) {
        sum += walk(children.get(i + 1), children.get(i).text());
      }
    } else {
      for (JsonValue item : children) {
        sum += walk(item, null);
      }
    }
    return sum;
  }

  /** The request side's read: Jackson's streaming parser, as {@code JsonBodyRewriter} uses it. */
  @Benchmark
  public long scanJackson() throws IOException {
    long sum = 0;
    try (JsonParser parser = jackson.createParser(doc)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_STRING) {
          int start = (int) parser.currentTokenLocation().getByteOffset();
          String name = parser.currentName();
          String value = parser.getText();
          int end = (int) parser.currentLocation().getByteOffset();
          sum += value.length() + start + end + (name == null ? 0 : name.length());
        }
      }
    }
    return sum;
  }

  @Benchmark
  public byte[] edit() {
    ByteEdits edits = new ByteEdits();
    for (int i = 0; i < spans.length; i += 2) {
      edits.add(spans[i], spans[i + 1], TOKEN);
    }
    return edits.applyTo(doc);
  }

  @Benchmark
  public byte[] quote() {
    return JsonStrings.quote(text);
  }

  /** The request side's quoting before issue 18: Jackson's encoder. */
  @Benchmark
  public byte[] quoteJackson() {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
    byte[] literal = new byte[escaped.length + 2];
    literal[0] = '"';
    System.arraycopy(escaped, 0, literal, 1, escaped.length);
    literal[literal.length - 1] = '"';
    return literal;
  }
}
