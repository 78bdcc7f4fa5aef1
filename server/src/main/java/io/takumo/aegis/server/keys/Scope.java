package io.takumo.aegis.server.keys;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What an org API key may do. The wire names are those of the admin API and CLI. */
public enum Scope {
  /** Chat completions, Responses, Anthropic messages, Gemini generate and stream. */
  LLM_CHAT("llm:chat"),
  /** Embeddings. */
  LLM_EMBEDDINGS("llm:embeddings"),
  /** Model lists and other reads. */
  LLM_READ("llm:read"),
  /** The admin API, for the key's own org. */
  ADMIN("admin");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether it lets a key send provider traffic (every scope but {@code admin}). */
  public boolean forProviderTraffic() {
    return this != ADMIN;
  }

  /** The scope of this wire name; throws with a one-line message naming the valid ones. */
  public static Scope parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Scope scope : values()) {
      if (scope.wireName.equals(wanted)) {
        return scope;
      }
    }
    throw new IllegalArgumentException("unknown scope '" + name.trim() + "' (valid: " + names(EnumSet.allOf(Scope.class)) + ")");
  }

  /** A comma-separated list of scopes; at least one. */
  public static Set<Scope> parseList(String list) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        scopes.add(parse(part));
      }
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope is required (valid: " + names(EnumSet.allOf(Scope.class)) + ")");
    }
    return scopes;
  }

  /** The stored and displayed form: wire names in declaration order, comma-separated. */
  public static String names(Set<Scope> scopes) {
    return Arrays.stream(values()).filter(scopes::contains).map(Scope::wireName).collect(Collectors.joining(","));
  }
}
