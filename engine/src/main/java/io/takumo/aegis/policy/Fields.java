package io.takumo.aegis.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads typed values out of a parsed YAML map, failing with a message that says where. */
final class Fields {

  private Fields() {}

  /** Fails if {@code map} has a key outside {@code known}. */
  static void onlyKnown(Map<?, ?> map, Set<String> known, String where) {
    for (Object key : map.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        throw new InvalidPolicyException(
            where + ": unknown field '" + key + "' (expected " + String.join(", ", known) + ")");
      }
    }
  }

  /** A string, or null if absent; a number or boolean is taken as written. */
  static String string(Map<?, ?> map, String key, String where) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map || value instanceof List) {
      throw new InvalidPolicyException(where + ": " + key + " must be a single value");
    }
    return String.valueOf(value);
  }

  /** A list of strings; a single value is a list of one; absent is empty. */
  static List<String> strings(Object value, String where) {
    if (value == null) {
      return Collections.emptyList();
    }
    if (!(value instanceof List)) {
      if (value instanceof Map) {
        throw new InvalidPolicyException(where + " must be a list");
      }
      return Collections.singletonList(String.valueOf(value));
    }
    List<String> out = new ArrayList<>();
    for (Object item : (List<?>) value) {
      if (item == null || item instanceof Map || item instanceof List) {
        throw new InvalidPolicyException(where + " must be a list of strings");
      }
      out.add(String.valueOf(item));
    }
    return out;
  }

  /** A comma-separated setting value as a list of its trimmed, non-empty parts. */
  static List<String> commaSeparated(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",")) {
      if (!part.trim().isEmpty()) {
        out.add(part.trim());
      }
    }
    return out;
  }
}
