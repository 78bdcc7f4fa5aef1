package io.takumo.aegis.engine;

import io.takumo.aegis.codec.CodedResponseRestorer;
import io.takumo.aegis.codec.ContentCoding;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.FailMode;
import io.takumo.aegis.config.ProviderHosts;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.rewrite.Rewrite;
import io.takumo.aegis.rewrite.UnrewritableBodyException;
import io.takumo.aegis.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every instrumentation calls: is this a provider request, protect its body, restore its
 * response. One instance per agent; the instrumentations behave alike because they all go through
 * here (fail mode, logging).
 */
public final class Engine {

  private final ProviderHosts hosts;
  private final FailMode failMode;
  private final long maxBodySize;
  private final AegisLog log;
  private final Supplier<Core> coreFactory;
  private volatile Core core;
  /** Null unless {@code mode: gateway}. */
  private final Gateway gateway;

  /** The parts that take time to build (keys, compiled rules); built once, on first need. */
  private static final class Core {
    final RequestRewriter rewriter;
    final Vault vault;

    Core(RequestRewriter rewriter, Vault vault) {
      this.rewriter = rewriter;
      this.vault = vault;
    }
  }

  /**
   * An engine whose vault and detector are built on first use, or earlier by {@link #initialize()}
   * (the agent calls it on a background thread, so neither start-up nor the first request waits).
   */
  public Engine(AegisConfig config, AegisLog log) {
    this(config, log, () -> {
      Vault vault = new Vault(config.vaultMaxSize(), config.vaultIdleExpiry());
      return new Core(new RequestRewriter(SecretDetector.withBuiltinRules(), vault, config.maxBodySize()), vault);
    });
  }

  /** An engine on prebuilt parts. */
  public Engine(AegisConfig config, RequestRewriter rewriter, Vault vault, AegisLog log) {
    this(config, log, () -> new Core(rewriter, vault));
  }

  private Engine(AegisConfig config, AegisLog log, Supplier<Core> coreFactory) {
    this.hosts = config.providerHosts();
    this.failMode = config.failMode();
    this.maxBodySize = config.maxBodySize();
    this.log = log;
    this.coreFactory = coreFactory;
    this.gateway = config.mode() == Mode.GATEWAY ? Gateway.create(config, log) : null;
  }

  /** Builds the vault and detector now, if not built yet. */
  public void initialize() {
    core();
  }

  private Core core() {
    Core c = core;
    if (c == null) {
      synchronized (coreFactory) {
        c = core;
        if (c == null) {
          c = coreFactory.get();
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
   * Where a provider request for {@code uri} goes: {@code null} straight to the provider (mode
   * local, or gateway-fallback=local while the gateway is down), else its route through the
   * gateway. Every instrumentation asks here, so all clients route alike. Its body is tokenized
   * either way: the gateway sees tokens, never values.
   *
   * @throws RequestBlockedException the gateway is unreachable and gateway-fallback is none
   */
  public GatewayRoute route(URI uri) throws RequestBlockedException {
    if (gateway == null) {
      return null;
    }
    try {
      return gateway.route(uri);
    } catch (GatewayUnavailableException e) {
      throw new RequestBlockedException(Gateway.blockedMessage(uri.getHost(), e));
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
   * itself if it holds none (or, with {@code fail-mode: open}, if it cannot be rewritten).
   *
   * @throws RequestBlockedException if it cannot be rewritten and {@code fail-mode} is closed
   */
  public byte[] protectRequest(String host, String contentType, String contentEncoding, byte[] body)
      throws RequestBlockedException {
    if (body.length == 0) {
      return body;
    }
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
      Rewrite rewrite = core().rewriter.rewrite(plain, BodyKind.of(contentType, plain));
      if (!rewrite.changed()) {
        return body;
      }
      if (log.isEnabled(AegisLog.Level.DEBUG)) {
        log.debug("tokenized " + rewrite.secrets() + " secret(s) " + describe(rewrite.countsByRule())
            + " in a request to " + host);
      }
      return coding.encode(rewrite.body());
    } catch (UnrewritableBodyException e) {
      return unprotected(host, e.getMessage(), body);
    } catch (IOException | RuntimeException e) {
      return unprotected(host, "internal error (" + e.getClass().getSimpleName() + ")", body);
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

  /** Applies the fail mode to a request that could not be rewritten. */
  private byte[] unprotected(String host, String reason, byte[] body) throws RequestBlockedException {
    cannotProtect(host, reason);
    return body;
  }

  /**
   * Applies the fail mode to a provider request the agent cannot protect (for instance a body it
   * cannot read without consuming): throws if it is closed, else logs that the request goes out as
   * it is.
   */
  public void cannotProtect(String host, String reason) throws RequestBlockedException {
    if (failMode == FailMode.CLOSED) {
      throw blocked(host, reason);
    }
    log.warn("sent a request to " + host + " WITHOUT protection: " + reason + " (fail-mode is open)");
  }

  public boolean failsClosed() {
    return failMode == FailMode.CLOSED;
  }

  /** Logs and returns the exception that stops a request the agent cannot protect. */
  public RequestBlockedException blocked(String host, String reason) {
    String message = "Takumo Aegis blocked a request to " + host + ": " + reason
        + " (fail-mode is closed; TAKUMO_AEGIS_FAIL_MODE=open sends such requests unprotected)";
    log.warn(message);
    return new RequestBlockedException(message);
  }

  /**
   * Returns a restorer for a provider response with these headers, or {@code null} when the body
   * needs none: no token issued yet, a binary body, or a coding the agent cannot read.
   */
  public ResponseRestorer restorerFor(String host, String contentType, String contentEncoding) {
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
      log.warn("a response from " + host + " has Content-Encoding '" + contentEncoding
          + "'; tokens in it are not restored");
      return null;
    }
    return coding == ContentCoding.IDENTITY ? restorer : new CodedResponseRestorer(restorer, coding);
  }

  /** Logs a failure of the agent itself while restoring; the app then gets the bytes as they came. */
  public void restoreFailed(String host, Throwable e) {
    log.warn("could not restore tokens in a response from " + host + " (" + e.getClass().getSimpleName()
        + "); passing the rest of it through unchanged");
  }

  public AegisLog log() {
    return log;
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
