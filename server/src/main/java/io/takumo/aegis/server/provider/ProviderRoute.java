package io.takumo.aegis.server.provider;

import io.takumo.aegis.server.keys.Scope;
import java.util.Optional;

/**
 * Which provider a request on the gateway's base URL is for, and the scope it needs, from its
 * method, path and one header. The path is the provider's own ({@code /v1/chat/completions},
 * {@code /v1/messages}, {@code /v1beta/models/m:generateContent}), so a client keeps its SDK and
 * only changes the base URL.
 *
 * <p>Known operations only: a POST to a path that is not a chat, Responses, messages, generate or
 * embeddings operation (files, audio, fine-tuning, …) is not forwarded, because its body would
 * reach the provider without the protection the engine gives the known formats. Reads (GET) of
 * any provider path need {@code llm:read}.
 *
 * @param model the model named in the path (Gemini), or null
 */
public record ProviderRoute(Provider provider, Scope scope, String model) {

  /** The route of a request, or empty when the gateway does not forward it. */
  public static Optional<ProviderRoute> of(String method, String path, boolean anthropicVersionHeader) {
    if (path.startsWith("/v1beta/") || path.startsWith("/v1alpha/") || geminiAction(path) != null) {
      return gemini(method, path);
    }
    if (!path.startsWith("/v1/")) {
      return Optional.empty();
    }
    boolean get = "GET".equals(method);
    if (path.equals("/v1/messages") || path.equals("/v1/messages/count_tokens")) {
      return get ? Optional.empty() : Optional.of(new ProviderRoute(Provider.ANTHROPIC, Scope.LLM_CHAT, null));
    }
    Provider provider = anthropicVersionHeader ? Provider.ANTHROPIC : Provider.OPENAI;
    if (get) {
      return Optional.of(new ProviderRoute(provider, Scope.LLM_READ, null));
    }
    if (!"POST".equals(method)) {
      return Optional.empty();
    }
    switch (path) {
      case "/v1/chat/completions":
      case "/v1/responses":
      case "/v1/completions":
        return provider == Provider.OPENAI ? Optional.of(new ProviderRoute(provider, Scope.LLM_CHAT, null)) : Optional.empty();
      case "/v1/embeddings":
        return provider == Provider.OPENAI ? Optional.of(new ProviderRoute(provider, Scope.LLM_EMBEDDINGS, null)) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static Optional<ProviderRoute> gemini(String method, String path) {
    if ("GET".equals(method)) {
      return Optional.of(new ProviderRoute(Provider.GEMINI, Scope.LLM_READ, null));
    }
    String action = geminiAction(path);
    if (!"POST".equals(method) || action == null) {
      return Optional.empty();
    }
    String model = path.substring(path.indexOf("/models/") + "/models/".length(), path.lastIndexOf(':'));
    switch (action) {
      case "generateContent":
      case "streamGenerateContent":
      case "countTokens":
        return Optional.of(new ProviderRoute(Provider.GEMINI, Scope.LLM_CHAT, model));
      case "embedContent":
      case "batchEmbedContents":
        return Optional.of(new ProviderRoute(Provider.GEMINI, Scope.LLM_EMBEDDINGS, model));
      default:
        return Optional.empty();
    }
  }

  /** The action of a Gemini model path ({@code …/models/{model}:{action}}), or null. */
  private static String geminiAction(String path) {
    int models = path.indexOf("/models/");
    int colon = path.lastIndexOf(':');
    if (models < 0 || colon < models + "/models/".length() + 1 || path.indexOf('/', models + "/models/".length()) >= 0) {
      return null;
    }
    return path.substring(colon + 1);
  }
}
