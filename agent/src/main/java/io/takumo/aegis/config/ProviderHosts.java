package io.takumo.aegis.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a request is bound for an LLM provider. This runs for every request of every
 * client the agent hooks, so it is a hash lookup plus a short suffix scan, nothing more.
 */
public final class ProviderHosts {

  static final List<String> BUILT_IN =
      Collections.unmodifiableList(
          Arrays.asList(
              "api.openai.com",
              "api.anthropic.com",
              "generativelanguage.googleapis.com",
              "*.openai.azure.com",
              "*.services.ai.azure.com",
              "api.mistral.ai",
              "api.groq.com",
              "api.x.ai",
              "api.deepseek.com",
              "openrouter.ai",
              "api.together.xyz",
              "api.fireworks.ai",
              "api.cohere.com",
              "api.cohere.ai",
              "api.perplexity.ai"));

  /**
   * AWS endpoints (Bedrock Runtime among them) sign the request body with SigV4: a rewritten body
   * would no longer match its signature, so they are never provider hosts, whatever the settings.
   */
  private static final List<String> SIGNED_DOMAINS = Arrays.asList("amazonaws.com", "amazonaws.com.cn");

  private final Set<String> hosts = new HashSet<>();
  private final Set<String> hostPorts = new HashSet<>();
  private final List<String> suffixes = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();

  private ProviderHosts() {}

  /** The built-in hosts plus {@code additions} (comma-separated; may be empty). */
  public static ProviderHosts withBuiltIns(String additions) {
    ProviderHosts result = new ProviderHosts();
    for (String host : BUILT_IN) {
      result.add(host);
    }
    for (String entry : additions.split(",")) {
      String trimmed = entry.trim();
      if (!trimmed.isEmpty()) {
        result.add(trimmed);
      }
    }
    return result;
  }

  private void add(String entry) {
    String e = entry.toLowerCase(Locale.ROOT);
    if (e.contains("/") || e.contains("@") || e.contains(" ")) {
      throw new IllegalArgumentException(
          "provider-hosts entries are host, host:port or *.suffix, not '" + entry + "'");
    }
    if (isSignedDomain(e.indexOf(':') > 0 ? e.substring(0, e.indexOf(':')) : e)) {
      refused.add(entry);
    } else if (e.startsWith("*.")) {
      suffixes.add(e.substring(1));
    } else if (e.indexOf(':') > 0 && e.indexOf(':') == e.lastIndexOf(':')) {
      String port = e.substring(e.indexOf(':') + 1);
      try {
        Integer.parseInt(port);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("bad port in provider-hosts entry '" + entry + "'");
      }
      hostPorts.add(e);
    } else {
      hosts.add(e);
    }
  }

  /**
   * @param host the request's host name (any case)
   * @param port the request's port, or -1 if it uses the scheme's default
   */
  public boolean matches(String host, int port) {
    if (host == null) {
      return false;
    }
    String h = toLowerAscii(host);
    if (hosts.contains(h)) {
      return true;
    }
    if (!hostPorts.isEmpty() && (port > 0
        ? hostPorts.contains(h + ':' + port)
        // No port given: the scheme's default, so an entry for either default port applies.
        : hostPorts.contains(h + ":443") || hostPorts.contains(h + ":80"))) {
      return true;
    }
    for (int i = 0; i < suffixes.size(); i++) {
      if (h.endsWith(suffixes.get(i))) {
        // A broad suffix ("*.com") must not reach the AWS endpoints refused one by one above.
        return !isSignedDomain(h);
      }
    }
    return false;
  }

  /**
   * The provider-hosts entries ignored because they name AWS endpoints; the agent warns about
   * them once at start-up.
   */
  public List<String> refused() {
    return Collections.unmodifiableList(refused);
  }

  /** Whether {@code host} (lower case, no port; may start with {@code *.}) is in an AWS domain. */
  private static boolean isSignedDomain(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String domain : SIGNED_DOMAINS) {
      if (h.equals(domain) || h.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }

  private static String toLowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }
}
