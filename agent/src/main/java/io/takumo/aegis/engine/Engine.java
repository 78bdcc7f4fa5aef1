package io.takumo.aegis.engine;

import io.takumo.aegis.audit.AuditLog;
import io.takumo.aegis.audit.AuditRecord;
import io.takumo.aegis.codec.CodedResponseRestorer;
import io.takumo.aegis.codec.ContentCoding;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.FailMode;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.config.ProviderHosts;
import io.takumo.aegis.config.RestoreScopeMode;
import io.takumo.aegis.config.Setting;
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
import io.takumo.aegis.metrics.VaultFigures;
import io.takumo.aegis.orgcache.OrgPolicyCache;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.rewrite.Rewrite;
import io.takumo.aegis.rewrite.UnrewritableBodyException;
import io.takumo.aegis.scope.ConversationScopes;
import io.takumo.aegis.scope.RestoreScope;
import io.takumo.aegis.scope.ScopedRevealer;
import io.takumo.aegis.scope.WithheldTokens;
import io.takumo.aegis.vault.TokenFingerprint;
import io.takumo.aegis.vault.Tokenizer;
import io.takumo.aegis.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
  /** Null unless {@code restore-scope: conversation}. */
  private final ConversationScopes conversations;
  /** The org policy the detector holds now (gateway mode); guarded by this. */
  private Map<String, Object> appliedOrgPolicy = Collections.emptyMap();
  /** Whether a verified org policy (the last handshake's, or the cached one before any) is in force. */
  private volatile boolean orgPolicyInForce;
  /** Why not, for the message of a request {@code org-policy-required} blocks. */
  private volatile String orgPolicyMissing = "the gateway has delivered none to this process and none is cached";
  /**
   * The last verified org policy on disk: null unless {@code mode: gateway} with a cache directory;
   * set when the core is built (its key derivation stays off the start-up path).
   */
  private volatile OrgPolicyCache orgPolicyCache;

  /** The parts that take time to build (keys, compiled rules); built once, on first need. */
  private static final class Core {
    final RequestRewriter rewriter;
    final Vault vault;
    /** What the rewriter tokenizes with: the vault, or in mode observe one that keeps nothing. */
    final Tokenizer tokenizer;
    /** The detector, for a rehearsal; null for prebuilt parts. */
    final Detector detector;
    /** The policy file's policy (the built-in rules if it is invalid); null for prebuilt parts. */
    final DetectionPolicy local;

    Core(RequestRewriter rewriter, Vault vault, Tokenizer tokenizer, Detector detector, DetectionPolicy local) {
      this.rewriter = rewriter;
      this.vault = vault;
      this.tokenizer = tokenizer;
      this.detector = detector;
      this.local = local;
    }

    static Core build(AegisConfig config, AegisLog log) {
      Vault vault = new Vault(config.vaultMaxSize(), config.vaultMaxBytes(), config.vaultIdleExpiry());
      // Mode observe never restores, so it keeps nothing; its tokens, and so the fingerprints it
      // reports, are the ones mode local would send.
      Tokenizer tokenizer = config.mode() == Mode.OBSERVE ? vault.withoutKeeping() : vault;
      DetectionPolicy local = DetectionPolicy.orBuiltIn(config.policySource(), log::error);
      return new Core(new RequestRewriter(local.detector(), tokenizer, config.maxBodySize()), vault, tokenizer,
          local.detector(), local);
    }

    /** The same vault (its tokens stay restorable) with another detector. */
    Core with(Detector other, long maxBodySize) {
      return new Core(new RequestRewriter(other, tokenizer, maxBodySize), vault, tokenizer, other, local);
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
    this(config, log, new Core(rewriter, vault, vault, null, null));
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
    metrics.vaultFrom(new VaultReadings(this));
    this.log = log;
    this.config = config;
    this.core = prebuilt;
    this.gateway = config.mode() == Mode.GATEWAY ? Gateway.create(config, log) : null;
    this.conversations = config.restoreScope() == RestoreScopeMode.CONVERSATION
        ? new ConversationScopes(config.vaultMaxSize(), config.vaultIdleExpiry())
        : null;
    if (gateway != null) {
      gateway.onSessionEstablished(new OrgPolicyListener(this));
    }
  }

  /** The cache for this gateway and key (no I/O yet), or null: none configured, or a bad path (one line). */
  private static OrgPolicyCache orgPolicyCache(AegisConfig config, AegisLog log) {
    try {
      Path dir = config.orgPolicyCache();
      return dir == null ? null : OrgPolicyCache.of(dir, config.get(Setting.GATEWAY_URL), config.get(Setting.API_KEY), log);
    } catch (RuntimeException e) {
      log.warn("org-policy-cache is not a usable path (" + e.getClass().getSimpleName() + "); no org policy cache");
      return null;
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
      engine.applyOrgPolicy(session.orgPolicy(), false);
    }
  }

  /**
   * Swaps in a detector built from the policy file's policy plus the org policy {@code document},
   * unless that org policy is the one applied already. Called in the handshake's thread before the
   * session is used, so the requests waiting for it are protected by the org policy. Requests in
   * flight finish with the detector they started with; the request path takes no lock for this,
   * it reads the volatile {@code core} once. A policy from a handshake is then cached on disk.
   *
   * @param cached whether {@code document} comes from the cache (applied at start) rather than a handshake
   */
  void applyOrgPolicy(Map<String, Object> document, boolean cached) {
    try {
      synchronized (this) {
        if (document.equals(appliedOrgPolicy)) {
          orgPolicyInForce = true;
          return;
        }
        Core c = core();
        DetectionPolicy local = c.local != null ? c.local : DetectionPolicy.builtIn();
        OrgPolicy org = OrgPolicy.parse(document, log::warn, log::debug);
        DetectionPolicy merged = local.withOrg(org, config.orgPolicyMayRelax(), log::warn, log::debug);
        core = c.with(merged.detector(), maxBodySize);
        appliedOrgPolicy = document;
        orgPolicyInForce = true;
        log.info("org policy applied" + (cached ? " from the cache (until the gateway delivers one)" : "") + ": "
            + merged.org().customRuleCount() + " custom rules, " + merged.org().allowlistEntryCount() + " allowlist entries");
      }
      OrgPolicyCache cache = orgPolicyCache;
      if (!cached && cache != null) {
        cache.save(document);
      }
    } catch (RuntimeException e) {
      orgPolicyInForce = false;
      orgPolicyMissing = "the gateway's could not be applied";
      log.error("could not apply the org policy from the " + (cached ? "cache" : "gateway") + " ("
          + e.getClass().getSimpleName() + "); requests are protected WITHOUT it, by the "
          + (appliedOrgPolicy.isEmpty() ? "local policy alone" : "org policy applied before")
          + (config.orgPolicyRequired() ? "; org-policy-required is true: provider requests are blocked until one applies"
              : "; set org-policy-required to block them instead"));
    }
  }

  /** Opens the org policy cache and applies the policy it holds, if any; once, when the core is built. */
  private void applyCachedOrgPolicy() {
    if (gateway == null) {
      return;
    }
    OrgPolicyCache cache = orgPolicyCache(config, log);
    orgPolicyCache = cache;
    Map<String, Object> cached = cache == null ? null : cache.load();
    if (cached != null) {
      applyOrgPolicy(cached, true);
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
          applyCachedOrgPolicy();
          c = core;
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
   * signature covers the body (AWS SigV4 to an AWS endpoint): every instrumentation asks this
   * before touching one. A SigV4 header to any other host exempts nothing.
   *
   * @param authorization the request's {@code Authorization} header, or {@code null}
   */
  public boolean leavesUntouched(String host, String authorization) {
    if (!SignedRequests.signsBody(authorization)) {
      return false;
    }
    boolean aws = SignedRequests.isAwsHost(host);
    if (log.isEnabled(AegisLog.Level.DEBUG)) {
      log.debug(aws ? "left a request to " + host + " untouched: it is signed over its body (AWS SigV4)"
          : "a request to " + host + " carries an AWS SigV4 signature, but " + host
              + " is no AWS endpoint: it is protected as usual");
    }
    return aws;
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
    GatewayRoute route;
    try {
      route = gateway.route(uri);
    } catch (GatewayUnavailableException e) {
      throw new RequestBlockedException(Gateway.blockedMessage(uri.getHost(), e));
    } catch (GatewayRejectedException e) {
      throw new RequestBlockedException(gateway.refusedMessage(uri.getHost(), e));
    }
    if (config.orgPolicyRequired() && !orgPolicyInForce) {
      core(); // builds the detector and applies the cached org policy, if not done yet
      if (!orgPolicyInForce) {
        metrics.requestSeen();
        throw block(uri.getHost(), "no verified org policy is in force (" + orgPolicyMissing + ")", -1,
            "Takumo Aegis did not send a request to " + uri.getHost() + ": org-policy-required is true and no verified"
                + " org policy is in force (" + orgPolicyMissing + "); check that the Takumo gateway " + gateway.base()
                + " answers and accepts TAKUMO_API_KEY, or set TAKUMO_AEGIS_ORG_POLICY_REQUIRED=false to send"
                + " requests protected by the local policy alone");
      }
    }
    return route;
  }

  /** The gateway in {@code mode: gateway}, else {@code null}. */
  public Gateway gateway() {
    return gateway;
  }

  public long maxBodySize() {
    return maxBodySize;
  }

  /**
   * A new restore scope for one provider exchange, made when its request starts: every
   * instrumentation passes it to {@link #protectRequest} and {@link #restorerFor}, so that a
   * response gets back only the tokens its own request produced.
   *
   * @param path the request's path (and query), which may name a provider-kept conversation;
   *     null if not known yet (see {@link #scopePath})
   */
  public RestoreScope scopeFor(String path) {
    RestoreScope scope = new RestoreScope();
    scopePath(scope, path);
    return scope;
  }

  /** Notes the request path of a scope made before its request was (async clients build it late). */
  public void scopePath(RestoreScope scope, String path) {
    if (conversations != null && path != null) {
      conversations.namedInPath(scope, path);
    }
  }

  /**
   * Returns the body to send in place of {@code body}: with its secrets tokenized, or {@code body}
   * itself if it holds none (or, with {@code fail-mode: open}, if it cannot be rewritten; or in
   * mode observe, always). Counts it, and writes its audit record. The tokens that replaced its
   * secrets go into {@code scope}: the exchange's response may have them restored.
   *
   * @throws RequestBlockedException if it cannot be rewritten and {@code fail-mode} is closed
   */
  public byte[] protectRequest(String host, String contentType, String contentEncoding, byte[] body, RestoreScope scope)
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
      BodyKind kind = BodyKind.of(contentType, plain);
      rewrite = core().rewriter.rewrite(plain, kind);
      sent = !rewrite.changed() || observing ? body : coding.encode(rewrite.body());
      if (!observing) {
        scope.addTokens(rewrite.tokens());
        if (conversations != null && kind == BodyKind.JSON) {
          conversations.namedInBody(scope, plain, rewrite.tokens());
        }
      }
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
    return block(host, reason, bytes, "Takumo Aegis blocked a request to " + host + ": " + reason
        + " (fail-mode is closed; TAKUMO_AEGIS_FAIL_MODE=open sends such requests unprotected)");
  }

  /** Counts and audits a blocked request, logs {@code message} and returns the exception carrying it. */
  private RequestBlockedException block(String host, String reason, long bytes, String message) {
    metrics.failure(FailureKind.BLOCKED);
    audit(host, FailureKind.BLOCKED, reason, bytes);
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
   * needs none: no token issued yet, a binary body, or a coding the agent cannot read. It restores
   * only the tokens in {@code scope} (with {@code restore-scope: conversation}, also those of the
   * conversations it names); any other token the vault issued stays a token, and is counted,
   * logged by fingerprint and audited.
   *
   * @param scope the exchange's scope from {@link #scopeFor}
   */
  public ResponseRestorer restorerFor(String host, String contentType, String contentEncoding, RestoreScope scope) {
    if (observing) {
      return null;
    }
    Vault vault = core().vault;
    if (vault.isEmpty()) {
      return null;
    }
    Set<String> allowed = conversations == null ? scope.tokens() : conversations.allowed(scope);
    ResponseRestorer restorer = ResponseRestorers.forContentType(
        new ScopedRevealer(vault, allowed, new Withheld(this, host)), contentType, maxBodySize,
        new OversizedResponse(this, host));
    if (restorer == null) {
      return null;
    }
    if (conversations != null) {
      restorer = conversations.recording(restorer, allowed);
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

  /**
   * Reports a token the vault issued that a response from {@code host} held out of its exchange's
   * restore scope: it reaches the app as the token. A class, not a lambda, like the others here.
   */
  private static final class Withheld implements WithheldTokens {
    private final Engine engine;
    private final String host;

    Withheld(Engine engine, String host) {
      this.engine = engine;
      this.host = host;
    }

    @Override
    public void withheld(String token) {
      engine.tokenNotRestored(host, token);
    }
  }

  private void tokenNotRestored(String host, String token) {
    metrics.tokenNotRestored();
    log.warn("a response from " + host + " holds token " + TokenFingerprint.of(token)
        + ", which its request did not send in place of a secret; left as the token (restore-scope "
        + (conversations == null ? "request" : "conversation") + ")");
    if (audit != null) {
      audit.record(AuditRecord.notRestored(System.currentTimeMillis(), modeName, host, token));
    }
  }

  /** Logs a failure of the agent itself while restoring; the app then gets the bytes as they came. */
  public void restoreFailed(String host, Throwable e) {
    metrics.failure(FailureKind.RESTORE_FAILED);
    log.warn("could not restore tokens in a response from " + host + " (" + e.getClass().getSimpleName()
        + "); passing the rest of it through unchanged");
  }

  /**
   * Counts, logs and audits a response whose restorer would have had to hold more than
   * max-body-size at once (a JSON body, one event of a stream), and so passed the rest of it
   * through as it came. Never throws (a restorer calls it mid-body).
   */
  private void responseTooLarge(String host) {
    try {
      metrics.failure(FailureKind.RESPONSE_TOO_LARGE);
      String reason = "more than max-body-size (" + maxBodySize + " bytes) to hold for restoring"
          + "; passed through as it came, tokens in it not restored";
      audit(host, FailureKind.RESPONSE_TOO_LARGE, reason, -1);
      log.warn("a response from " + host + ": " + reason);
    } catch (RuntimeException e) {
      // The count is best effort; the response goes on either way.
    }
  }

  /** Tells the engine about one oversized response. */
  private static final class OversizedResponse implements Runnable {
    private final Engine engine;
    private final String host;

    OversizedResponse(Engine engine, String host) {
      this.engine = engine;
      this.host = host;
    }

    @Override
    public void run() {
      engine.responseTooLarge(host);
    }
  }

  /** The vault's figures for the metrics, all 0 before it exists. */
  private static final class VaultReadings implements VaultFigures {
    private final Engine engine;

    VaultReadings(Engine engine) {
      this.engine = engine;
    }

    @Override
    public long tokens() {
      Core c = engine.core;
      return c == null ? 0 : c.vault.size();
    }

    @Override
    public long bytes() {
      Core c = engine.core;
      return c == null ? 0 : c.vault.bytes();
    }

    @Override
    public long evictions() {
      Core c = engine.core;
      return c == null ? 0 : c.vault.evictedCount();
    }
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
