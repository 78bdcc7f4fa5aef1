package io.takumo.aegis.cli;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.config.Setting;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayRejectedException;
import io.takumo.aegis.gateway.GatewaySession;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.metrics.JmxRegistration;
import io.takumo.aegis.policy.OrgPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code takumo-aegis doctor}: checks the gateway set-up step by step, as the agent would use it
 * (same settings, same proxy choice, same handshake), and prints each step's result, its time,
 * and for a failure the fix. Exit code 0: every check passed; 1: one failed; 2: usage.
 */
final class DoctorCommand {

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<?, ?> properties;
  private final Map<String, String> env;
  private long stepStarted;

  DoctorCommand(PrintStream out, PrintStream err, Map<?, ?> properties, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.properties = properties;
    this.env = env;
  }

  int run(String[] args) {
    if (args.length == 2 && args[0].equals("--pid") && args[1].matches("[0-9]+")) {
      out.println("takumo-aegis doctor --pid " + args[1]);
      return checkRunningAgent(args[1]);
    }
    if (args.length > 0) {
      err.println("usage: takumo-aegis doctor   (reads the same settings as the agent: TAKUMO_GATEWAY_URL, TAKUMO_API_KEY, ...)\n"
          + "       takumo-aegis doctor --pid PID   (checks the agent running in JVM PID: every client class woven)");
      return AegisCli.USAGE;
    }
    out.println("takumo-aegis doctor");

    start();
    AegisConfig config;
    try {
      config = AegisConfig.load(properties, env);
    } catch (IllegalArgumentException e) {
      return fail("configuration", e.getMessage(), "fix the setting named above (see the README's Configuration table)");
    }
    String url = config.get(Setting.GATEWAY_URL);
    String apiKey = config.get(Setting.API_KEY);
    if (apiKey.isEmpty()) {
      return fail("configuration", "no org API key", "set TAKUMO_API_KEY (or -Dtakumo.aegis.api-key) to a key from Settings > API Keys");
    }
    URI base;
    try {
      base = URI.create(url);
      if (base.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      return fail("configuration", "gateway-url '" + url + "' is not a URL",
          "set TAKUMO_GATEWAY_URL to https://gateway.takumo.io/v1, or your on-prem gateway's external URL");
    }
    ok("configuration", "mode " + config.mode().name().toLowerCase(java.util.Locale.ROOT)
        + (config.mode() == Mode.GATEWAY ? "" : " (the agent uses the gateway only with TAKUMO_AEGIS_MODE=gateway)")
        + ", gateway " + url + ", API key set (" + apiKey.length() + " chars), gateway key "
        + (config.gatewayPublicKeys().isEmpty() ? "NOT SET" : pinned(config.gatewayPublicKeys())) + ", gateway-fallback "
        + (config.gatewayFallbackLocal() ? "local" : "none"));

    Gateway gateway = Gateway.create(config, new AegisLog(AegisLog.Level.ERROR, err));
    String host = base.getHost();
    int port = base.getPort() > 0 ? base.getPort() : ("https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
    Proxy proxy = gateway.proxyFor(gateway.sessionUri());
    InetSocketAddress proxyAddress = proxy.type() == Proxy.Type.HTTP ? (InetSocketAddress) proxy.address() : null;

    start();
    String resolveHost = proxyAddress == null ? host : proxyAddress.getHostString();
    try {
      InetAddress[] addresses = InetAddress.getAllByName(resolveHost);
      ok("dns", resolveHost + " -> " + addresses[0].getHostAddress()
          + (addresses.length > 1 ? " (+" + (addresses.length - 1) + " more)" : "")
          + (proxyAddress == null ? "" : " (the proxy; it resolves " + host + " itself)"));
    } catch (UnknownHostException e) {
      return fail("dns", "cannot resolve " + resolveHost,
          "check the host in TAKUMO_GATEWAY_URL and your DNS (nslookup " + resolveHost + ")");
    }

    start();
    String target = proxyAddress == null ? host + ":" + port : proxyAddress.getHostString() + ":" + proxyAddress.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(proxyAddress == null ? new InetSocketAddress(host, port)
          : new InetSocketAddress(proxyAddress.getHostString(), proxyAddress.getPort()), CONNECT_TIMEOUT_MS);
      ok("connect", target + (proxyAddress == null ? " (direct)" : " (proxy for " + host + ":" + port + ")"));
    } catch (IOException e) {
      return fail("connect", "cannot connect to " + target + " (" + e.getClass().getSimpleName() + ")",
          proxyAddress == null
              ? "check the firewall: port " + port + " must be open to the gateway; behind a corporate proxy set https.proxyHost/https.proxyPort or HTTPS_PROXY"
              : "check the proxy settings (https.proxyHost/https.proxyPort, HTTPS_PROXY) and that the proxy is up");
    }

    start();
    GatewaySession session;
    try {
      session = gateway.handshakeNow();
    } catch (GatewayRejectedException e) {
      String said = (e.code() == null ? "" : e.code()) + (e.gatewayMessage() == null ? "" : " \"" + e.gatewayMessage().replace(apiKey, "[api key]") + "\"");
      ok("handshake", "the gateway answered HTTP " + e.status());
      start();
      return fail("api key", "refused: HTTP " + e.status() + (said.isEmpty() ? "" : " " + said), fixFor(e.status()));
    } catch (GatewayUnavailableException e) {
      return fail("handshake", e.whatFailed() + " at " + gateway.sessionUri(),
          e.isUntrusted() ? GatewayUnavailableException.trustChecks() : GatewayUnavailableException.checks(url));
    } catch (IOException | RuntimeException e) {
      return fail("handshake", e.getClass().getSimpleName(), GatewayUnavailableException.checks(url));
    }
    ok("handshake", "session established (protocol " + io.takumo.aegis.protocol.SessionCrypto.VERSION
        + ", X25519, HKDF-SHA256); signed by a pinned gateway key; org policy decrypted");
    start();
    ok("api key", "accepted; org policy: " + session.orgPolicy().size() + " setting(s)"
        + (session.orgPolicy().isEmpty() ? "" : " " + session.orgPolicy().keySet()));
    if (!orgPolicyValid(session)) {
      return AegisCli.FINDINGS;
    }
    out.println("all checks passed");
    return AegisCli.OK;
  }

  private static String pinned(java.util.List<java.security.PublicKey> keys) {
    java.util.List<String> prints = new java.util.ArrayList<>();
    for (java.security.PublicKey k : keys) {
      prints.add(io.takumo.aegis.protocol.GatewayKeys.fingerprint(k));
    }
    return String.join(" ", prints);
  }

  /**
   * The agent in a running JVM: whether each client class it has seen loaded is woven, read from
   * its metrics ({@code ClientClassesNotWoven}). Registered on the first provider request, like
   * every metric, so an app that has made none yet cannot be checked.
   */
  private int checkRunningAgent(String pid) {
    start();
    RunningAgent.Status status;
    try {
      status = RunningAgent.of(pid);
    } catch (Exception | LinkageError e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
      return fail("agent", "cannot read JVM " + pid + " (" + cause.getClass().getSimpleName() + ")",
          "run doctor as the JVM's user, with a JDK (the attach API), on the same machine (in a container: kubectl exec into it)");
    }
    if (status == null) {
      return fail("agent", "JVM " + pid + " shows no " + JmxRegistration.OBJECT_NAME,
          "the agent registers its metrics on the first provider request: check again after one, that the JVM runs"
              + " -javaagent:takumo-aegis.jar (or JAVA_TOOL_OPTIONS) and that jmx is not false");
    }
    ok("agent", "JVM " + pid + ": mode " + status.mode);
    start();
    if (!status.notWoven.isEmpty()) {
      List<String> clients = new ArrayList<>();
      for (Map.Entry<String, ?> e : status.notWoven.entrySet()) {
        clients.add(e.getValue() + " (" + e.getKey() + ")");
      }
      return fail("weaving", status.notWoven.size() + " client class(es) not woven: " + String.join(", ", clients)
          + "; their provider requests are not protected (HttpURLConnection's are held to fail-mode)",
          "the agent's log says why, one line each ('could not instrument ...'); report it with the other agents"
              + " on the command line and in JAVA_TOOL_OPTIONS, in their order");
    }
    ok("weaving", "every client class loaded so far is woven");
    out.println("all checks passed");
    return AegisCli.OK;
  }

  /**
   * Validates the org policy received as the agent applies it (each custom rule's regex compiles
   * with RE2/J, each allowlist regex and glob, ...): prints one line per invalid entry, named by
   * rule id or place, never by its pattern or values.
   */
  private boolean orgPolicyValid(GatewaySession session) {
    start();
    List<String> problems = new ArrayList<>();
    OrgPolicy policy = OrgPolicy.parse(session.orgPolicy(), problems::add, ignored -> { });
    if (problems.isEmpty()) {
      ok("org policy", policy.customRuleCount() + " custom rule(s), " + policy.allowlistEntryCount()
          + " allowlist entr" + (policy.allowlistEntryCount() == 1 ? "y" : "ies") + ", all valid");
      return true;
    }
    out.printf(java.util.Locale.ROOT, "  FAIL  %-14s %d invalid entr%s; the agent skips %s and applies the rest  (%s)%n",
        "org policy", problems.size(), problems.size() == 1 ? "y" : "ies", problems.size() == 1 ? "it" : "them", took());
    for (String problem : problems) {
      out.println("        - " + problem.replace(OrgPolicy.WHERE, ""));
    }
    out.println("        fix: correct the entries named above in the org policy (Takumo dashboard, the org's detection policy);"
        + " run takumo-aegis doctor again to check");
    return false;
  }

  private static String fixFor(int status) {
    switch (status) {
      case 401:
        return "check TAKUMO_API_KEY: copied whole, not revoked (Settings > API Keys)";
      case 403:
        return "check the key's scopes (Settings > API Keys > the key) and the plan's limits (Settings > Billing)";
      case 429:
        return "rate limited: wait for Retry-After; if this is regular, upgrade the plan or reduce request frequency";
      default:
        return "read the gateway's message above";
    }
  }

  private void start() {
    stepStarted = System.nanoTime();
  }

  private String took() {
    return String.format(java.util.Locale.ROOT, "%.1f ms", (System.nanoTime() - stepStarted) / 1e6);
  }

  private void ok(String step, String detail) {
    out.printf(java.util.Locale.ROOT, "  ok    %-14s %s  (%s)%n", step, detail, took());
  }

  private int fail(String step, String detail, String fix) {
    out.printf(java.util.Locale.ROOT, "  FAIL  %-14s %s  (%s)%n", step, detail, took());
    out.println("        fix: " + fix);
    return AegisCli.FINDINGS;
  }
}
