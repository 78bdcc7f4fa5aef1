package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.catalogue.TokenRules.named;
import static io.takumo.aegis.detect.catalogue.TokenRules.prefixed;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.rule.GatedRule;
import java.util.Arrays;
import java.util.List;

/** Keys of AI model providers, the secrets most often pasted into prompts. */
final class AiProviderRules {

  /** A name that mentions a provider, then more name chars: {@code MISTRAL_API_KEY}. */
  private static final String NAME_TAIL = "[A-Za-z0-9_.-]{0,30}?";

  private AiProviderRules() {}

  static List<Rule> rules() {
    return Arrays.asList(
        // OpenAI project keys (the default kind since 2024), often containing T3BlbkFJ.
        prefixed("openai-api-key", "oai", "sk-proj-[A-Za-z0-9_-]{40,}", "sk-proj-").build(),
        prefixed("openai-service-account-key", "oai", "sk-svcacct-[A-Za-z0-9_-]{40,}", "sk-svcacct-")
            .build(),
        prefixed("openai-admin-key", "oai", "sk-admin-[A-Za-z0-9_-]{40,}", "sk-admin-").build(),
        // Listed before the legacy rule, which also takes sk- + 32 hex: named, it is DeepSeek's.
        named(
                "deepseek-api-key", "dsk", "deepseek" + NAME_TAIL, "sk-[a-f0-9]{32}", "deepseek")
            .specificity(Specificity.PROVIDER)
            .build(),
        // Legacy user keys: sk- and 48 letters and digits (20 + T3BlbkFJ + 20 in practice); the
        // OpenAI-compatible providers' sk- keys and hand-made ones have other lengths, 32 and up.
        // "sk-" is in ordinary words (task-, disk-, risk-): only 32 alphanumerics run the regex.
        new GatedRule(
            prefixed("openai-legacy-key", "oai", "sk-[A-Za-z0-9]{32,}", "sk-").build(),
            GatedRule.alphanumericsAfter(32)),
        // Anthropic keys end in AA, but hand-made and future keys need not: the prefix is enough.
        prefixed("anthropic-api-key", "ant", "sk-ant-api\\d\\d-[A-Za-z0-9_-]{32,}", "sk-ant-api")
            .build(),
        prefixed(
                "anthropic-admin-key", "ant", "sk-ant-admin\\d\\d-[A-Za-z0-9_-]{32,}",
                "sk-ant-admin")
            .build(),
        // OAuth access and refresh tokens, as Claude Code and other subscription clients hold them.
        prefixed(
                "anthropic-oauth-token", "ant", "sk-ant-o(?:at|rt)\\d\\d-[A-Za-z0-9_-]{32,}",
                "sk-ant-oat", "sk-ant-ort")
            .build(),
        prefixed("google-api-key", "goog", "AIza[A-Za-z0-9_-]{35}", "AIza").build(),
        prefixed("google-oauth-client-secret", "goog", "GOCSPX-[A-Za-z0-9_-]{28}", "GOCSPX-").build(),
        // OAuth 2.0 access tokens Google issues: ya29. and a long url-safe tail.
        prefixed("google-oauth-access-token", "goog", "ya29\\.[A-Za-z0-9_-]{60,}", "ya29.").build(),
        prefixed("groq-api-key", "groq", "gsk_[A-Za-z0-9]{40,}", "gsk_").build(),
        prefixed("xai-api-key", "xai", "xai-[A-Za-z0-9]{60,}", "xai-").build(),
        prefixed("openrouter-api-key", "ortr", "sk-or-v1-[a-f0-9]{64}", "sk-or-v1-").build(),
        prefixed("perplexity-api-key", "pplx", "pplx-[A-Za-z0-9]{40,}", "pplx-").build(),
        prefixed("replicate-api-token", "repl", "r8_[A-Za-z0-9]{32,}", "r8_").build(),
        prefixed("huggingface-token", "hf", "hf_[A-Za-z0-9]{30,}", "hf_").build(),
        prefixed("huggingface-org-token", "hf", "api_org_[A-Za-z0-9]{30,}", "api_org_").build(),
        prefixed(
                "langsmith-api-key", "lsm", "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", "lsv2_pt_",
                "lsv2_sk_")
            .build(),
        // Mistral and Cohere keys are plain letters and digits: only with the provider's name.
        named("mistral-api-key", "mstr", "mistral" + NAME_TAIL, "[A-Za-z0-9]{32}", "mistral").build(),
        named(
                "cohere-api-key", "cohr", "(?:cohere|co_api)" + NAME_TAIL, "[A-Za-z0-9]{40}", "cohere",
                "co_api")
            .build(),
        named(
                "azure-openai-api-key", "azai", "azure[_.-]?openai" + NAME_TAIL,
                "[a-f0-9]{32}|[A-Za-z0-9]{84}", "azure_openai", "azureopenai", "azure-openai",
                "azure.openai")
            .build());
  }
}
