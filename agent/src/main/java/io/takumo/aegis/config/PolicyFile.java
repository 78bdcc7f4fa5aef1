package io.takumo.aegis.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the policy file: YAML, or JSON (which is YAML too). Jackson loads only if one is set.
 * Field names may be written in any case style ({@code secret-group}, {@code secret_group},
 * {@code secretGroup}, {@code SECRET_GROUP}); they are read as the documented kebab-case ones.
 */
final class PolicyFile {

  /** Other spellings people reach for, after case folding, and the documented name. */
  private static final Map<String, String> ALIASES =
      Map.of(
          "allow-list", "allowlist",
          "disabled", "disable",
          "disabled-rules", "disable",
          "disable-rules", "disable");

  private PolicyFile() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(String location) {
    Path path = Paths.get(location);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("policy file " + location + " does not exist or is not a file");
    }
    try {
      Object root = new ObjectMapper(new YAMLFactory()).readValue(path.toFile(), Object.class);
      if (!(root instanceof Map)) {
        throw new IllegalArgumentException("policy file " + location + " must be a map of settings");
      }
      return (Map<String, Object>) canonical(root);
    } catch (IOException e) {
      // Jackson's messages can quote the file's content, which may hold secrets: name only the place.
      throw new IllegalArgumentException("policy file " + location + " is not valid YAML" + where(e));
    }
  }

  /** {@code node} with every map key, at any depth, in its documented spelling. */
  private static Object canonical(Object node) {
    if (node instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
        String key = String.valueOf(e.getKey());
        String name = ALIASES.getOrDefault(kebabCase(key), kebabCase(key));
        // A second spelling of a field already read stays as written, to be reported, not lost.
        out.put(out.containsKey(name) ? key : name, canonical(e.getValue()));
      }
      return out;
    }
    if (node instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object item : (List<?>) node) {
        out.add(canonical(item));
      }
      return out;
    }
    return node;
  }

  /** {@code secretGroup}, {@code secret_group}, {@code SECRET_GROUP}: {@code secret-group}. */
  static String kebabCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        out.append('-');
      } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static String where(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      com.fasterxml.jackson.core.JsonLocation loc =
          ((com.fasterxml.jackson.core.JsonProcessingException) e).getLocation();
      if (loc != null && loc.getLineNr() > 0) {
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
      }
    }
    return "";
  }
}
