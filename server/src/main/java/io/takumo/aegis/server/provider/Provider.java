package io.takumo.aegis.server.provider;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The providers the gateway forwards to, with their public base URLs. */
public enum Provider {
  OPENAI("openai", "https://api.openai.com"),
  ANTHROPIC("anthropic", "https://api.anthropic.com"),
  GEMINI("gemini", "https://generativelanguage.googleapis.com");

  private final String id;
  private final URI defaultBaseUrl;

  Provider(String id, String defaultBaseUrl) {
    this.id = id;
    this.defaultBaseUrl = URI.create(defaultBaseUrl);
  }

  /** The name used in plans, metrics, the access log and usage. */
  public String id() {
    return id;
  }

  public URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** The provider of this name; throws with a one-line message naming the known ones. */
  public static Provider parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Provider provider : values()) {
      if (provider.id.equals(wanted)) {
        return provider;
      }
    }
    throw new IllegalArgumentException("unknown provider '" + name.trim() + "' (known: " + ids() + ")");
  }

  public static String ids() {
    return Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(","));
  }
}
