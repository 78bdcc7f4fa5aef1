package io.takumo.aegis.config;

import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.policy.PolicySource;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's settings, resolved from (highest first) system properties {@code takumo.aegis.*},
 * environment variables {@code TAKUMO_AEGIS_*}, the policy file, and built-in defaults.
 */
public final class AegisConfig {

  private final Map<Setting, String> values;

  private final boolean enabled;
  private final Mode mode;
  private final FailMode failMode;
  private final RestoreScopeMode restoreScope;
  private final ProviderHosts providerHosts;
  private final long maxBodySize;
  private final long vaultMaxSize;
  private final long vaultMaxBytes;
  private final Duration vaultIdleExpiry;
  private final AegisLog.Level logLevel;
  private final long scanMaxFileSize;
  private final Map<String, Object> policyDocument;
  private final boolean jmx;
  private final boolean orgPolicyMayRelax;
  private final boolean orgPolicyRequired;
  private final List<String> apiKeyWarnings;
  private List<PublicKey> gatewayPublicKeys = Collections.emptyList();

  private AegisConfig(Map<Setting, String> values, Map<String, Object> policyDocument, List<String> apiKeyWarnings) {
    this.values = values;
    this.policyDocument = policyDocument;
    this.apiKeyWarnings = apiKeyWarnings;
    enabled = parseBoolean(Setting.ENABLED);
    mode = Mode.parse(get(Setting.MODE));
    failMode = FailMode.parse(get(Setting.FAIL_MODE));
    restoreScope = RestoreScopeMode.parse(get(Setting.RESTORE_SCOPE));
    providerHosts = ProviderHosts.withBuiltIns(get(Setting.PROVIDER_HOSTS));
    maxBodySize = Sizes.parseBytes(Setting.MAX_BODY_SIZE, get(Setting.MAX_BODY_SIZE));
    vaultMaxSize = Sizes.parsePositiveLong(Setting.VAULT_MAX_SIZE, get(Setting.VAULT_MAX_SIZE));
    vaultMaxBytes = Sizes.parseBytes(Setting.VAULT_MAX_BYTES, get(Setting.VAULT_MAX_BYTES));
    vaultIdleExpiry = Sizes.parseDuration(Setting.VAULT_IDLE_EXPIRY, get(Setting.VAULT_IDLE_EXPIRY));
    logLevel = AegisLog.Level.parse(get(Setting.LOG_LEVEL));
    scanMaxFileSize = Sizes.parseBytes(Setting.SCAN_MAX_FILE_SIZE, get(Setting.SCAN_MAX_FILE_SIZE));
    jmx = parseBoolean(Setting.JMX);
    orgPolicyMayRelax = parseBoolean(Setting.ORG_POLICY_MAY_RELAX);
    orgPolicyRequired = parseBoolean(Setting.ORG_POLICY_REQUIRED);
    if (mode == Mode.GATEWAY) {
      validateGateway();
    }
  }

  /** Reads the JVM's system properties, the process environment and the policy file they name. */
  public static AegisConfig load() {
    return load(System.getProperties(), System.getenv());
  }

  /**
   * Resolves every setting from the given sources.
   *
   * @throws IllegalArgumentException with a one-line message naming the setting, if a value is
   *     invalid or the policy file cannot be read
   */
  public static AegisConfig load(Map<?, ?> systemProperties, Map<String, String> environment) {
    String policyPath = lookup(Setting.POLICY, systemProperties, environment, Collections.emptyMap());
    Map<String, Object> policy =
        policyPath == null || policyPath.isEmpty()
            ? Collections.<String, Object>emptyMap()
            : PolicyFile.read(policyPath);
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = lookup(setting, systemProperties, environment, policy);
      values.put(setting, value == null ? setting.defaultValue() : value);
    }
    return new AegisConfig(values, Collections.unmodifiableMap(policy),
        apiKeyWarnings(systemProperties, environment, policy, policyPath));
  }

  /**
   * Where the org API key can be read by others than the app's user: a system property (in the
   * process list, {@code ps}), or a policy file that its group or everyone may read.
   */
  private static List<String> apiKeyWarnings(
      Map<?, ?> properties, Map<String, String> env, Map<String, Object> policy, String policyPath) {
    if (properties.get(Setting.API_KEY.systemProperty()) != null) {
      return Collections.singletonList("the org API key comes from the system property " + Setting.API_KEY.systemProperty()
          + ", which any local user can read in the process list (ps); set TAKUMO_API_KEY in the environment instead");
    }
    if (env.get(Setting.API_KEY.environmentVariable()) == null && policy.get(Setting.API_KEY.key()) != null
        && FilePermissions.readableByOthers(policyPath)) {
      return Collections.singletonList("the org API key is in the policy file " + policyPath
          + ", which its group or other users can read; chmod 600 it, or set TAKUMO_API_KEY in the environment instead");
    }
    return Collections.emptyList();
  }

  private static String lookup(
      Setting setting, Map<?, ?> properties, Map<String, String> env, Map<String, Object> policy) {
    Object value = properties.get(setting.systemProperty());
    if (value == null) {
      value = env.get(setting.environmentVariable());
    }
    if (value == null) {
      value = policy.get(setting.key());
      if (value instanceof Iterable) {
        value = String.join(",", stringsOf((Iterable<?>) value));
      }
    }
    return value == null ? null : value.toString().trim();
  }

  private static Iterable<String> stringsOf(Iterable<?> items) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Object item : items) {
      out.add(String.valueOf(item));
    }
    return out;
  }

  private boolean parseBoolean(Setting setting) {
    String v = get(setting).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(setting.key() + " must be true or false, not '" + v + "'");
  }

  private void validateGateway() {
    String url = get(Setting.GATEWAY_URL);
    URI uri;
    try {
      uri = new URI(url);
      if (uri.getHost() == null
          || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (Exception e) {
      throw new IllegalArgumentException("gateway-url must be an http(s) URL, not '" + url + "'");
    }
    if ("http".equalsIgnoreCase(uri.getScheme()) && !Loopback.isLoopback(uri.getHost())) {
      throw new IllegalArgumentException("gateway-url must be https: plain http is allowed only to a gateway on this host"
          + " (127.0.0.0/8, ::1, localhost), not to " + uri.getHost());
    }
    String pin = get(Setting.GATEWAY_PUBLIC_KEY);
    if (!pin.isEmpty()) {
      gatewayPublicKeys = GatewayKeySetting.read(pin);
    }
    String fallback = get(Setting.GATEWAY_FALLBACK).toLowerCase(Locale.ROOT);
    if (!fallback.equals("none") && !fallback.equals("local")) {
      throw new IllegalArgumentException("gateway-fallback must be none or local, not '" + fallback + "'");
    }
    if (get(Setting.API_KEY).isEmpty()) {
      throw new IllegalArgumentException("mode gateway needs an org API key: set TAKUMO_API_KEY");
    }
  }

  /** The pinned gateway signing keys ({@code gateway-public-key}); empty when none is set. */
  public List<PublicKey> gatewayPublicKeys() {
    return gatewayPublicKeys;
  }

  /** One-line warnings about where the org API key was read from (never the key). */
  public List<String> apiKeyWarnings() {
    return mode == Mode.GATEWAY ? apiKeyWarnings : Collections.<String>emptyList();
  }

  public String get(Setting setting) {
    return values.get(setting);
  }

  public boolean enabled() {
    return enabled;
  }

  public Mode mode() {
    return mode;
  }

  public RestoreScopeMode restoreScope() {
    return restoreScope;
  }

  public FailMode failMode() {
    return failMode;
  }

  public ProviderHosts providerHosts() {
    return providerHosts;
  }

  public long maxBodySize() {
    return maxBodySize;
  }

  public long vaultMaxSize() {
    return vaultMaxSize;
  }

  public long vaultMaxBytes() {
    return vaultMaxBytes;
  }

  public Duration vaultIdleExpiry() {
    return vaultIdleExpiry;
  }

  /** With {@code mode: gateway}: whether to go straight to the provider when the gateway is down. */
  public boolean gatewayFallbackLocal() {
    return get(Setting.GATEWAY_FALLBACK).equalsIgnoreCase("local");
  }

  public AegisLog.Level logLevel() {
    return logLevel;
  }

  public long scanMaxFileSize() {
    return scanMaxFileSize;
  }

  /**
   * The policy file as read (empty without one): its entries beyond the settings, such as {@code
   * rules} and {@code allowlist}, are read by {@code io.takumo.aegis.policy.DetectionPolicy}.
   */
  public Map<String, Object> policyDocument() {
    return policyDocument;
  }

  /** The local detection policy's inputs: the policy file's document and the policy settings. */
  public PolicySource policySource() {
    return new PolicySource(policyDocument, get(Setting.DISABLE), get(Setting.GENERIC_NAMES), get(Setting.POLICY));
  }

  /** Whether the org policy may relax the local one (disable, allowlist, replace a rule). */
  public boolean orgPolicyMayRelax() {
    return orgPolicyMayRelax;
  }

  /** With {@code mode: gateway}: whether a provider request needs a verified org policy in force. */
  public boolean orgPolicyRequired() {
    return orgPolicyRequired;
  }

  /** The directory of the org policy cache, a leading {@code ~/} being the user's home; null for none. */
  public Path orgPolicyCache() {
    String dir = get(Setting.ORG_POLICY_CACHE);
    if (dir.isEmpty()) {
      return null;
    }
    if (dir.equals("~") || dir.startsWith("~/")) {
      return Paths.get(System.getProperty("user.home", ""), dir.substring(1).replaceFirst("^/", ""));
    }
    return Paths.get(dir);
  }

  /** Whether the metrics MBean is registered with the platform MBeanServer. */
  public boolean jmx() {
    return jmx;
  }

  /** The audit log's path, or the empty string when there is none. */
  public String auditFile() {
    return get(Setting.AUDIT_FILE);
  }
}
