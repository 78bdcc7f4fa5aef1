package io.takumo.aegis.server.session;

import io.takumo.aegis.protocol.RequestCheck;
import io.takumo.aegis.protocol.SessionCrypto;
import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.provider.UpstreamGuard;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The session's check of an agent's routed request (docs/gateway-protocol.md, "Request
 * signature"), before anything is forwarded: the protocol version, the session (known, not ended),
 * the signature over method, upstream, timestamp, nonce, claimed body digest and signed headers
 * ({@link RequestCheck}), the nonce not seen in the window, and an upstream the gateway forwards
 * to. The body's digest is checked as the body streams through ({@link BodyDigest}).
 */
public final class SessionGate {
  public static final String SESSION_HEADER = "X-Takumo-Session";

  /** The check's outcome. */
  public sealed interface Verdict {
  }

  public record Refused(TakumoError error) implements Verdict {
  }

  /** Passed: the session, where the request goes, and the check its body must pass at its end. */
  public record Passed(Session session, UpstreamGuard.AgentTarget target, BodyDigest body) implements Verdict {
  }

  private final SessionStore registry;
  private final UpstreamGuard guard;
  private final Clock clock;

  public SessionGate(SessionStore registry, UpstreamGuard guard, Clock clock) {
    this.registry = registry;
    this.guard = guard;
    this.clock = clock;
  }

  /** Whether a request is an agent's routed request (it names a session). */
  public static boolean isRouted(HttpServerRequest request) {
    return request.headers().contains(SESSION_HEADER);
  }

  public Verdict check(HttpServerRequest request) {
    if (!String.valueOf(SessionCrypto.VERSION).equals(request.getHeader(HandshakeEndpoint.PROTOCOL_HEADER))) {
      return refused(ErrorCode.UNSUPPORTED_PROTOCOL, "This gateway speaks protocol " + SessionCrypto.VERSION + ".");
    }
    SessionStore.Lookup lookup = registry.find(request.getHeader(SESSION_HEADER));
    if (lookup instanceof SessionStore.Unknown) {
      return refused(ErrorCode.SESSION_UNKNOWN, "The gateway holds no such session; make a new one.");
    }
    if (lookup instanceof SessionStore.Expired) {
      return refused(ErrorCode.SESSION_EXPIRED, "The session has expired; make a new one.");
    }
    Session session = ((SessionStore.Found) lookup).session();
    RequestCheck.Signed signed = new RequestCheck.Signed(request.getHeader("X-Takumo-Upstream"), session.id(),
        request.getHeader("X-Takumo-Timestamp"), request.getHeader("X-Takumo-Nonce"),
        request.getHeader("X-Takumo-Content-SHA256"), request.getHeader("X-Takumo-Signed-Headers"),
        request.getHeader("X-Takumo-Signature"));
    long now = clock.millis() / 1000;
    String problem = signedTwice(request);
    if (problem == null) {
      problem = RequestCheck.headerProblem(session.macKey(), request.method().name(), signed, request::getHeader, now);
    }
    if (problem != null) {
      return badSignature(problem);
    }
    switch (registry.acceptNonce(session, request.getHeader("X-Takumo-Nonce"),
        Long.parseLong(request.getHeader("X-Takumo-Timestamp")), now)) {
      case REPLAYED:
        return badSignature("the nonce was already used in this session");
      case FULL:
        return new Refused(new TakumoError(ErrorCode.RATE_LIMITED, "The session sent more requests in the replay window than"
            + " the gateway remembers; retry shortly.", Map.of("Retry-After", "5")));
      default:
        break;
    }
    Optional<UpstreamGuard.AgentTarget> target = guard.agentTarget(request.method().name(),
        request.getHeader("X-Takumo-Upstream"), request.headers().contains("anthropic-version"));
    if (target.isEmpty()) {
      // The upstream URL is not echoed: its query may hold a provider key.
      return refused(ErrorCode.UNSUPPORTED_ENDPOINT, "The gateway does not forward " + request.method().name()
          + " to this X-Takumo-Upstream: not a provider operation on a provider origin it serves.");
    }
    return new Passed(session, target.get(), signed.unsignedPayload() ? null : new BodyDigest(signed));
  }

  /** Whether {@link #check} and {@link #revoked} may block on the network (a shared session store). */
  public boolean blocking() {
    return registry.blocking();
  }

  /** The session's key was found revoked: every session of that key ends now. */
  public void revoked(Session session) {
    registry.dropKey(session.keyHash());
  }

  /** A signed header sent twice: which value was signed is ambiguous, so the request is refused. */
  private static String signedTwice(HttpServerRequest request) {
    String list = request.getHeader("X-Takumo-Signed-Headers");
    if (list == null || list.isEmpty()) {
      return null;
    }
    for (String name : list.split(";", -1)) {
      if (request.headers().getAll(name).size() > 1) {
        return "a signed header is on the request twice: " + name;
      }
    }
    return null;
  }

  private static Verdict badSignature(String problem) {
    return refused(ErrorCode.BAD_SIGNATURE, "The request failed the signature check: " + problem + ".");
  }

  private static Verdict refused(ErrorCode code, String message) {
    return new Refused(new TakumoError(code, message));
  }
}
