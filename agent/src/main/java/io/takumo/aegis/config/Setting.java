package io.takumo.aegis.config;

import java.util.Locale;

/**
 * Every setting the agent reads, in one place. The README's configuration table lists exactly
 * these (a test keeps the two in step).
 */
public enum Setting {
  ENABLED("enabled", "true", "Master switch. `false` makes the agent inert: it transforms no class."),
  MODE("mode", "local", "`local`: straight to the provider, tokenized in-process. `gateway`: through the Takumo gateway. `observe`: scan, log, count and audit; change nothing."),
  PROVIDER_HOSTS("provider-hosts", "", "Extra provider hosts, comma-separated: `host`, `host:port` or `*.suffix`. Added to the built-in list."),
  FAIL_MODE("fail-mode", "closed", "`closed`: a provider request that cannot be rewritten is not sent (the app gets an IOException). `open`: it is sent unmodified, with one warning."),
  MAX_BODY_SIZE("max-body-size", "32MB", "Largest request body the agent rewrites (larger ones are handled by `fail-mode`), and most it holds to restore a response, a JSON body or one event (beyond it the response passes through unrestored). Suffixes KB, MB."),
  VAULT_MAX_SIZE("vault-max-size", "100000", "Most tokens the vault holds; the least recently used are dropped first."),
  RESTORE_SCOPE("restore-scope", "request", "Which tokens a response gets back as values. `request`: only those its own request's secrets were replaced by. `conversation`: also those of the provider-kept conversation the request names (`previous_response_id`, `conversation`, a thread id); whoever can name the id gets them. See [Restore scope](#restore-scope)."),
  VAULT_MAX_BYTES("vault-max-bytes", "64MB", "Most bytes of sealed values and tokens the vault holds; the least recently used are dropped first. Suffixes KB, MB, GB."),
  VAULT_IDLE_EXPIRY("vault-idle-expiry", "12h", "A token unused this long is forgotten and no longer restored. Suffixes ms, s, m, h, d."),
  LOG_LEVEL("log-level", "info", "`error`, `warn`, `info` or `debug`."),
  LOG_FILE("log-file", "stderr", "Where the agent logs: `stderr` or a file path (appended; created readable by its owner only). Never the app's logging framework."),
  POLICY("policy", "", "Path of the YAML (or JSON) policy file; its top-level keys are the setting names in this table."),
  GATEWAY_URL("gateway-url", "https://gateway.takumo.io/v1", "Takumo gateway base URL, for `mode: gateway`. Env: `TAKUMO_GATEWAY_URL`."),
  API_KEY("api-key", "", "Takumo org API key, for `mode: gateway`. Env: `TAKUMO_API_KEY`."),
  GATEWAY_PUBLIC_KEY("gateway-public-key", "", "The gateway's signing key(s), pinned, for `mode: gateway`: PEM, base64 DER (`MFkw...`), or a PEM file's path. Env: `TAKUMO_GATEWAY_PUBLIC_KEY`."),
  DISABLE("disable", "", "Built-in rule ids to turn off, comma-separated (a list in the policy file)."),
  GENERIC_NAMES("generic-names", "", "Extra variable names whose assigned values are secrets, like the built-in `password` or `api_key`; comma-separated (a list in the policy file)."),
  SCAN_MAX_FILE_SIZE("scan-max-file-size", "5MB", "Largest file `takumo-aegis scan` reads; larger ones are skipped. Suffixes KB, MB."),
  AUDIT_FILE("audit-file", "", "Path of the audit log (JSON lines, appended; created readable by its owner only): one record per provider request, never a value. Empty: no audit log."),
  JMX("jmx", "true", "Whether the agent registers its metrics MBean `io.takumo.aegis:type=Agent` (on the first provider request)."),
  GATEWAY_FALLBACK("gateway-fallback", "none", "`none`: when the gateway is unreachable (503, refused, DNS, TLS) a provider request fails with an IOException. `local`: it goes straight to the provider, tokenized locally, and the agent says so once."),
  ORG_POLICY_MAY_RELAX("org-policy-may-relax", "false", "`false`: the org policy from the gateway may only add detection; its `disable` entries, allowlist and rules reusing a local rule's id are ignored, with one warning each. `true`: they apply."),
  ORG_POLICY_REQUIRED("org-policy-required", "false", "With `mode: gateway`, `true` sends no provider request (the app gets an IOException) unless a verified org policy is in force: from a handshake of this process, or the cached one."),
  ORG_POLICY_CACHE("org-policy-cache", "~/.takumo-aegis/org-policy", "Directory where the agent keeps the last verified org policy (one file per gateway URL and API key, mode 0600, sealed), applied at start until a handshake succeeds. Empty: no cache.");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The name in the policy file, e.g. {@code fail-mode}. */
  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The system property, e.g. {@code takumo.aegis.fail-mode}. */
  public String systemProperty() {
    return "takumo.aegis." + key;
  }

  /** The environment variable, e.g. {@code TAKUMO_AEGIS_FAIL_MODE}. */
  public String environmentVariable() {
    switch (this) {
      case GATEWAY_URL:
        return "TAKUMO_GATEWAY_URL";
      case API_KEY:
        return "TAKUMO_API_KEY";
      case GATEWAY_PUBLIC_KEY:
        return "TAKUMO_GATEWAY_PUBLIC_KEY";
      default:
        return "TAKUMO_AEGIS_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }
}
