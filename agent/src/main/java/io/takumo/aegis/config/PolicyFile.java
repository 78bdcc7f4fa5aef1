package io.takumo.aegis.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Reads the policy file: YAML, or JSON (which is YAML too). Jackson loads only if one is set. */
final class PolicyFile {

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
      return (Map<String, Object>) root;
    } catch (IOException e) {
      // Jackson's messages can quote the file's content, which may hold secrets: name only the place.
      throw new IllegalArgumentException("policy file " + location + " is not valid YAML" + where(e));
    }
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
