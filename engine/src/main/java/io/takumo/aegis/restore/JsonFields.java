package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonParser;
import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.json.MalformedJsonException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads a few named string members of a JSON document, with the strict parser the restorers use. */
public final class JsonFields {

  private JsonFields() {}

  /**
   * The strings found at {@code paths} in {@code body}, in order, skipping absent ones: each path
   * names members from the root object down, dot-separated ({@code conversation.id}). Empty if the
   * body is not a well-formed JSON object.
   */
  public static List<String> strings(byte[] body, String... paths) {
    JsonValue root;
    try {
      root = JsonParser.parse(body, 0, body.length);
    } catch (MalformedJsonException e) {
      return Collections.emptyList();
    }
    List<String> found = new ArrayList<>(paths.length);
    for (String path : paths) {
      JsonValue value = root;
      for (String name : path.split("\\.")) {
        value = value == null ? null : value.get(name);
      }
      if (value != null && value.isString()) {
        found.add(value.text());
      }
    }
    return found;
  }
}
