package io.takumo.aegis.engine;

import io.takumo.aegis.audit.AuditLog;
import io.takumo.aegis.audit.AuditRecord;
import io.takumo.aegis.codec.CodedResponseRestorer;
import io.takumo.aegis.codec.ContentCoding;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.FailMode;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.config.ProviderHosts;
import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayRejectedException;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.GatewaySession;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.policy.DetectionPolicy;
import io.takumo.aegis.policy.OrgPolicy;
import io.takumo.aegis.metrics.AgentMetrics;
import io.takumo.aegis.metrics.FailureKind;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.rewrite.Rewrite;
import io.takumo.aegis.rewrite.UnrewritableBodyException;
import io.takumo.aegis.vault.TokenFingerprint;
import io.takumo.aegis.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every instrumentation calls: is this a provider request, protect its body, restore its
 * response. One instance per agent; the instrumentations behave alike because they all go through
 * here (fail mode, observe mode, logging, metrics, the audit log).
 */
public final class Engine {

  private final ProviderHosts hosts;
  private final FailMode failMode;
  private final long maxBodySize;
  private final boolean observing;
  private final String modeName;
  private final AgentMetrics metrics;
  /** Null when no audit file is configured. */
  private final AuditLog audit;
  private final AegisLog log;
  private final AegisConfig config;
  private volatile Core core;
  /** Null unless {@code mode: gateway}. */
  private final Gateway gateway;
  /** The org policy the detector holds now (gateway mode); guarded by this. */
  private Map<String, Object> appliedOrgPolicy = Collections.emptyMap();

  /** The parts that take time to build (keys, compiled rules); built once, on first need. */
  private static final class Core {
    final RequestRewriter rewriter;
    final Vault vault;
    /** The detector, for a rehearsal; null for prebuilt parts. */
    final Detector detector;
    /** The policy file's policy (the built-in rules if it is invalid); null for prebuilt parts. */
    final DetectionPolicy local;

    Core(RequestRewriter rewriter, Vault vault, Detector detector, DetectionPolicy local) {
      this.rewriter = rewriter;
      this.vault = vault;
      this.detector = detector;
      this.local = local;
    }

    static Core build(AegisConfig config, AegisLog log) {
      Vault vault = new Vault(config.vaultMaxSize(), config.vaultIdleExpiry());
      DetectionPolicy local = DetectionPolicy.orBuiltIn(config, log::error);
      return new Core(new RequestRewriter(local.detector(), vault, config.maxBodySize()), vault, local.detector(), local);
    }

    /** The same vault (its tokens stay restorable) with another detector. */
    Core with(Detector other, long maxBodySize) {
      return new Core(new RequestRewriter(other, vault, maxBodySize), vault, other, local);
    }
  }

  /**
   * An engine whose vault and detector are built on first use, or earlier by {@link #initialize()}
   * (the agent calls it on a background thread, so neither start-up nor the first request waits).
   * The detector follows the policy file; an invalid one is logged once and the built-in rules
   * are used.
   */
  public Engine(AegisConfig config, AegisLog log) {
    this(config, log, null);
  }

  /** An engine on prebuilt parts. */
  public Engine(AegisConfig config, RequestRewriter rewriter, Vault vault, AegisLog log) {
    this(config, log, new Core(rewriter, vault, null, null));
  }

  private Engine(AegisConfig config, AegisLog log, Core prebuilt) {
    this.hosts = config.providerHosts();
    this.failMode = config.failMode();
    this.maxBodySize = config.maxBodySize();
    this.observing = config.mode() == Mode.OBSERVE;
    this.modeName = config.mode().name().toLowerCase(Locale.ROOT);
    this.metrics = new AgentMetrics(modeName);
    this.audit = AuditLog.open(config.auditFile(), log);
    metrics.tokensRestoredFrom(new RestoredTokens(this));
    this.log = log;
    this.config = config;
    this.core = prebuilt;
    this.gateway = config.mode() == Mode.GATEWAY ? Gateway.create(config, log) : null;
    if (gateway != null) {
      gateway.onSessionEstablished(new OrgPolicyListener(this));
    }
  }

  /** Applies each session's org policy. A class, not a lambda: premain. */
  private static final class OrgPolicyListener implements Consumer<GatewaySession> {
    private final Engine engine;

    OrgPolicyListener(Engine engine) {
      this.engine = engine;
    }

    @Override
    public void accept(GatewaySession session) {
      engine.applyOrgPolicy(session.orgPolicy());
    }
  }

  /**
   * Swaps in a detector built from the policy file's policy plus the org policy {@code document},
   * unless that org policy is the one applied already. Called in the handshake's thread before the
   * session is used, so the requests waiting for it are protected by the org policy. Requests in
   * flight finish with the detector they started with; the request path takes no lock for this,
   * it reads the volatile {@code core} once.
   */
  void applyOrgPolicy(Map<String, Object> document) {
    try {
      synchronized (this) {
        if (document.equals(appliedOrgPolicy)) {
          return;
        }
        Core c = core();
        DetectionPolicy local = c.local != null ? c.local : DetectionPolicy.builtIn();
        OrgPolicy org = OrgPolicy.parse(document, log::warn, log::debug);
        DetectionPolicy merged = local.withOrg(org, log::debug);
        core = c.with(merged.detector(), maxBodySize);
        appliedOrgPolicy = document;
        log.info("org policy applied: " + org.customRuleCount() + " custom rules, "
            + org.allowlistEntryCount() + " allowlist entries");
      }
    } catch (RuntimeException e) {
      log.error("could not apply the org policy from the gateway (" + e.getClass().getSimpleName()
          + "); requests are protected by the local policy only");
    }
  }

  /**
   * Builds the vault and detector now, if not built yet, and rehearses a request and its replies
   * so that the app's first provider request finds that code loaded.
   */
  public void initialize() {
    Core c = core();
    if (c.detector != null) {
      try {
        Rehearsal.run(c.detector, maxBodySize);
      } catch (UnrewritableBodyException | RuntimeException e) {
        log.debug("warm-up rehearsal did not complete: " + e.getClass().getSimpleName());
      }
    }
  }

  private Core core() {
    Core c = core;
    if (c == null) {
      synchronized (this) {
        c = core;
        if (c == null) {
          c = Core.build(config, log);
          core = c;
        }
      }
    }
    return c;
  }

  /** @param port the URL's port, or -1 for the scheme's default */
  public boolean isProviderHost(String host, int port) {
    return hosts.matches(host, port);
  }

  /**
   * Whether a provider request must be left exactly as it is, response included, because its
   * signature covers the body (AWS SigV4): every instrumentation asks this before touching one.
   *
   * @param authorization the request's {@code Authorization} header, or {@code null}
   */
  public boolean leavesUntouched(String host, String authorization) {
    if (!SignedRequests.signsBody(authorization)) {
      return false;
    }
    if (log.isEnabled(AegisLog.Level.DEBUG)) {
      log.debug("left a request to " + host + " untouched: it is signed over its body (AWS SigV4)");
    }
    return true;
  }

  /**
   * Where a provider request for {@code uri} goes: {@code null} straight to the provider (mode
   * local, or gateway-fallback=local while the gateway is down), else its route through the
   * gateway. Every instrumentation asks here, so all clients route alike. Its body is tokenized
   * either way: the gateway sees tokens, never values.
   *
   * @throws RequestBlockedException the gateway is unreachable (or not trusted) and gateway-fallback
   *     is none, or it refused the handshake
   */
  public GatewayRoute route(URI uri) throws RequestBlockedException {
    if (gateway == null) {
      return null;
    }
    try {
      return gateway.route(uri);
    } catch (GatewayUnavailableException e) {
      throw new RequestBlockedException(Gateway.blockedMessage(uri.getHost(), e));
    } catch (GatewayRejectedException e) {
      throw new RequestBlockedException(gateway.refusedMessage(uri.getHost(), e));
    }
  }

  /** The gateway in {@code mode: gateway}, else {@code null}. */
  public Gateway gateway() {
    return gateway;
  }

  public long maxBodySize() {
    return maxBodySize;
  }

  /**
   * Returns the body to send in place of {@code body}: with its secrets tokenized, or {@code body}
   * itself if it holds none (or, with {@code fail-mode: open}, if it cannot be rewritten; or in
   * mode observe, always). Counts it, and writes its audit record.
   *
   * @throws RequestBlockedException if it cannot be rewritten and {@code fail-mode} is closed
   */
  public byte[] protectRequest(String host, String contentType, String contentEncoding, byte[] body)
      throws RequestBlockedException {
    if (body.length == 0) {
      return body;
    }
    long started = System.nanoTime();
    metrics.requestSeen();
    Rewrite rewrite;
    byte[] sent;
    try {
      if (body.length > maxBodySize) {
        throw new UnrewritableBodyException(
            "request body is " + body.length + " bytes, over max-body-size (" + maxBodySize + ")");
      }
      ContentCoding coding = ContentCoding.of(contentEncoding);
      if (coding == null) {
        throw new UnrewritableBodyException(
            "request body has Content-Encoding '" + contentEncoding + "', which the agent cannot read");
      }
      byte[] plain = decode(coding, body);
      rewrite = core().rewriter.rewrite(plain, BodyKind.of(contentType, plain));
      sent = !rewrite.changed() || observing ? body : coding.encode(rewrite.body());
    } catch (UnrewritableBodyException e) {
      refuse(host, e.getMessage(), body.length);
      return body;
    } catch (IOException | RuntimeException e) {
      refuse(host, "internal error (" + e.getClass().getSimpleName() + ")", body.length);
      return body;
    }
    long nanos = System.nanoTime() - started;
    metrics.requestScanned(rewrite.countsByRule(), sent != body, nanos);
    report(host, rewrite, body.length, sent.length, nanos);
    return sent;
  }

  /** Logs what a scanned request held, and writes its audit record. */
  private void report(String host, Rewrite rewrite, int bytesBefore, int bytesAfter, long nanos) {
    if (rewrite.changed()) {
      if (observing) {
        log.info("observe: a request to " + host + " holds " + rewrite.secrets() + " secret(s) "
            + describe(rewrite.countsByRule()) + ", tokens " + fingerprints(rewrite.tokens())
            + "; sent unchanged (mode observe)");
      } else if (log.isEnabled(AegisLog.Level.DEBUG)) {
        log.debug("tokenized " + rewrite.secrets() + " secret(s) " + describe(rewrite.countsByRule())
            + " in a request to " + host + ", tokens " + fingerprints(rewrite.tokens()));
      }
    }
    if (audit != null) {
      String outcome = !rewrite.changed() ? "clean" : observing ? "observed" : "tokenized";
      audit.record(new AuditRecord(System.currentTimeMillis(), modeName, host, outcome, null,
          rewrite.countsByRule(), rewrite.tokens(), bytesBefore, bytesAfter, nanos / 1000));
    }
  }

  private byte[] decode(ContentCoding coding, byte[] body) throws UnrewritableBodyException {
    try {
      return coding.decode(body, maxBodySize);
    } catch (IOException e) {
      throw new UnrewritableBodyException(
          "request body is not valid " + coding.name().toLowerCase(java.util.Locale.ROOT)
              + " or decodes past max-body-size");
    }
  }

  /**
   * Applies the fail mode to a provider request the agent cannot protect (for instance a body it
   * cannot read without consuming): throws if it is closed, else logs that the request goes out as
   * it is. In mode observe it only logs.
   */
  public void cannotProtect(String host, String reason) throws RequestBlockedException {
    metrics.requestSeen();
    refuse(host, reason, -1);
  }

  /** Whether a request the agent cannot protect is stopped (fail-mode closed, and not observing). */
  public boolean failsClosed() {
    return failMode == FailMode.CLOSED && !observing;
  }

  /**
   * Logs, counts and audits a provider request refused before it was sent, and returns the
   * exception that stops it.
   */
  public RequestBlockedException blocked(String host, String reason) {
    metrics.requestSeen();
    return block(host, reason, -1);
  }

  /** The fail mode (or observe mode) for a request that could not be rewritten. */
  private void refuse(String host, String reason, long bytes) throws RequestBlockedException {
    if (observing) {
      metrics.failure(FailureKind.NOT_SCANNED);
      audit(host, FailureKind.NOT_SCANNED, reason, bytes);
      log.warn("observe: a request to " + host + " could not be scanned: " + reason + "; sent unchanged (mode observe;"
          + " in mode local, fail-mode " + failMode.name().toLowerCase(Locale.ROOT)
          + (failMode == FailMode.CLOSED ? " would block it)" : " would send it unprotected)"));
      return;
    }
    if (failMode == FailMode.CLOSED) {
      throw block(host, reason, bytes);
    }
    metrics.failure(FailureKind.SENT_UNPROTECTED);
    audit(host, FailureKind.SENT_UNPROTECTED, reason, bytes);
    log.warn("sent a request to " + host + " WITHOUT protection: " + reason + " (fail-mode is open)");
  }

  private RequestBlockedException block(String host, String reason, long bytes) {
    metrics.failure(FailureKind.BLOCKED);
    audit(host, FailureKind.BLOCKED, reason, bytes);
    String message = "Takumo Aegis blocked a request to " + host + ": " + reason
        + " (fail-mode is closed; TAKUMO_AEGIS_FAIL_MODE=open sends such requests unprotected)";
    log.warn(message);
    return new RequestBlockedException(message);
  }

  private void audit(String host, FailureKind kind, String reason, long bytes) {
    if (audit != null) {
      long sent = kind == FailureKind.BLOCKED ? -1 : bytes;
      audit.record(AuditRecord.refused(System.currentTimeMillis(), modeName, host, kind.id(), reason, bytes, sent));
    }
  }

  /**
   * Returns a restorer for a provider response with these headers, or {@code null} when the body
   * needs none: no token issued yet, a binary body, or a coding the agent cannot read.
   */
  public ResponseRestorer restorerFor(String host, String contentType, String contentEncoding) {
    if (observing) {
      return null;
    }
    Vault vault = core().vault;
    if (vault.isEmpty()) {
      return null;
    }
    ResponseRestorer restorer = ResponseRestorers.forContentType(vault, contentType);
    if (restorer == null) {
      return null;
    }
    ContentCoding coding = ContentCoding.of(contentEncoding);
    if (coding == null) {
      metrics.failure(FailureKind.RESPONSE_NOT_RESTORED);
      log.warn("a response from " + host + " has Content-Encoding '" + contentEncoding
          + "'; tokens in it are not restored");
      return null;
    }
    return coding == ContentCoding.IDENTITY ? restorer : new CodedResponseRestorer(restorer, coding);
  }

  /** Logs a failure of the agent itself while restoring; the app then gets the bytes as they came. */
  public void restoreFailed(String host, Throwable e) {
    metrics.failure(FailureKind.RESTORE_FAILED);
    log.warn("could not restore tokens in a response from " + host + " (" + e.getClass().getSimpleName()
        + "); passing the rest of it through unchanged");
  }

  /** The vault's count of tokens restored, 0 before it exists. A class, not a lambda: premain. */
  private static final class RestoredTokens implements java.util.function.LongSupplier {
    private final Engine engine;

    RestoredTokens(Engine engine) {
      this.engine = engine;
    }

    @Override
    public long getAsLong() {
      Core c = engine.core;
      return c == null ? 0 : c.vault.revealedCount();
    }
  }

  /** The counters every request updates; JMX reads them. */
  public AgentMetrics metrics() {
    return metrics;
  }

  /**
   * Whether the agent is in mode observe: it scans and reports, and changes no byte of any request
   * or response. An instrumentation then also leaves the client's own framing (streaming modes,
   * the request object) as it was wherever it can.
   */
  public boolean observing() {
    return observing;
  }

  public AegisLog log() {
    return log;
  }

  private static String fingerprints(Collection<String> tokens) {
    StringBuilder s = new StringBuilder();
    for (String token : tokens) {
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(TokenFingerprint.of(token));
    }
    return s.toString();
  }

  private static String describe(Map<String, Integer> counts) {
    StringBuilder s = new StringBuilder("(");
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(e.getKey()).append(" x").append(e.getValue());
    }
    return s.append(')').toString();
  }
}
