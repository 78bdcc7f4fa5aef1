package io.takumo.aegis.server.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.util.Map;

/**
 * Reads the usage fields of one JSON document as its bytes arrive, with Jackson's non-blocking
 * parser: nothing is buffered beyond the token being read. A document that is not JSON (an HTML
 * error page, {@code [DONE]}) yields nothing.
 */
final class JsonUsageScanner {
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, UsageFields.Role> fields;
  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  /** The field name of each open object, or null for an array; {@code depth} entries in use. */
  private final String[] names = new String[UsageFields.MAX_DEPTH + 1];
  private final boolean[] isArray = new boolean[UsageFields.MAX_DEPTH + 1];
  private int depth;
  private int arrays;
  private boolean failed;
  private long input;
  private long output;
  private String model;

  JsonUsageScanner(Map<String, UsageFields.Role> fields) {
    this.fields = fields;
    try {
      this.parser = JSON.createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
  }

  void feed(byte[] bytes, int offset, int length) {
    if (failed || length == 0) {
      return;
    }
    try {
      feeder.feedInput(bytes, offset, offset + length);
      drain();
    } catch (IOException | RuntimeException e) {
      failed = true;
    }
  }

  void end() {
    if (failed) {
      return;
    }
    feeder.endOfInput();
    try {
      drain();
    } catch (IOException | RuntimeException e) {
      failed = true;
    }
  }

  long input() {
    return input;
  }

  long output() {
    return output;
  }

  String model() {
    return model;
  }

  private void drain() throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      switch (token) {
        case START_OBJECT:
        case START_ARRAY:
          depth++;
          if (depth <= UsageFields.MAX_DEPTH) {
            names[depth] = null;
            isArray[depth] = token == JsonToken.START_ARRAY;
            if (isArray[depth]) {
              arrays++;
            }
          }
          break;
        case END_OBJECT:
        case END_ARRAY:
          if (depth <= UsageFields.MAX_DEPTH && isArray[depth]) {
            arrays--;
          }
          depth--;
          break;
        case FIELD_NAME:
          if (depth <= UsageFields.MAX_DEPTH) {
            names[depth] = parser.currentName();
          }
          break;
        case VALUE_NUMBER_INT:
        case VALUE_STRING:
          value(token);
          break;
        default:
          break;
      }
    }
  }

  private void value(JsonToken token) throws IOException {
    if (depth < 1 || depth > UsageFields.MAX_DEPTH || arrays > 0) {
      return;
    }
    UsageFields.Role role = fields.get(path());
    if (role == null) {
      return;
    }
    if (role == UsageFields.Role.MODEL) {
      if (token == JsonToken.VALUE_STRING && model == null) {
        model = parser.getText();
      }
    } else if (token == JsonToken.VALUE_NUMBER_INT) {
      long value = Math.max(0, parser.getLongValue());
      if (role == UsageFields.Role.INPUT) {
        input += value;
      } else {
        output += value;
      }
    }
  }

  private String path() {
    if (depth == 1) {
      return names[1];
    }
    StringBuilder path = new StringBuilder(names[1]);
    for (int i = 2; i <= depth; i++) {
      path.append('.').append(names[i]);
    }
    return path.toString();
  }
}
