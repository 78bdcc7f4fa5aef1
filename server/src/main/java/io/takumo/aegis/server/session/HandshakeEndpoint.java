package io.takumo.aegis.server.session;

import io.takumo.aegis.protocol.SessionCrypto;
import io.takumo.aegis.server.admission.Admission;
import io.takumo.aegis.server.admission.Decision;
import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.ops.AccessLog;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.Lifecycle;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.AdmissionStore;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code POST {base}/_takumo/session} and every other path under {@code /_takumo/} (reserved for
 * the protocol). The checks, in order: the protocol version (header, then body; {@code 400
 * unsupported_protocol}), the API key ({@code 401 invalid_api_key}, {@code 403 missing_scope}),
 * the body's fields ({@code 400 invalid_handshake}); then the session is made and the org's
 * policy sealed into the reply.
 */
public final class HandshakeEndpoint implements Handler<HttpServerRequest> {
  public static final String API_KEY_HEADER = "X-Takumo-Api-Key";
  public static final String PROTOCOL_HEADER = "X-Takumo-Protocol";
  /** The handshake's body is a few hundred bytes; more is not a handshake. */
  private static final int MAX_BODY = 16 * 1024;
  private static final String SESSION_PATH = "/_takumo/session";

  private final Admission admission;
  private final AdmissionStore store;
  private final WorkerExecutor storeWorker;
  private final Handshake handshake;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  private final Lifecycle lifecycle;

  public HandshakeEndpoint(Admission admission, AdmissionStore store, WorkerExecutor storeWorker, Handshake handshake,
      GatewayMetrics metrics, AccessLog accessLog, Lifecycle lifecycle) {
    this.admission = admission;
    this.store = store;
    this.storeWorker = storeWorker;
    this.handshake = handshake;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.lifecycle = lifecycle;
  }

  /** Whether a path is the protocol's ({@code /_takumo/…} under the base URL {@code /v1}, or at the root). */
  public static boolean isProtocolPath(String path) {
    return path.startsWith("/_takumo/") || path.startsWith("/v1/_takumo/");
  }

  @Override
  public void handle(HttpServerRequest request) {
    long started = System.nanoTime();
    String path = request.path();
    if (request.method() != HttpMethod.POST || !(path.equals(SESSION_PATH) || path.equals("/v1" + SESSION_PATH))) {
      answer(request, started, null, new TakumoError(ErrorCode.UNSUPPORTED_ENDPOINT,
          "The gateway has no protocol endpoint " + request.method().name() + " " + path + "."));
      return;
    }
    if (!String.valueOf(SessionCrypto.VERSION).equals(request.getHeader(PROTOCOL_HEADER))) {
      answer(request, started, null, unsupported());
      return;
    }
    if (lifecycle.draining()) {
      // A session made now would end with this process: the agent tries again (or falls back) instead.
      answer(request, started, null, new TakumoError(ErrorCode.UNAVAILABLE, "The gateway is shutting down; retry shortly.",
          Map.of("Retry-After", "1")));
      return;
    }
    String apiKey = request.getHeader(API_KEY_HEADER);
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() <= MAX_BODY) {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> {
      if (body.length() > MAX_BODY) {
        answer(request, started, null, new TakumoError(ErrorCode.INVALID_HANDSHAKE,
            "The handshake request is not valid: its body is over " + MAX_BODY / 1024 + " KiB."));
        return;
      }
      JsonObject json;
      try {
        json = new JsonObject(body);
      } catch (DecodeException | ClassCastException e) {
        json = null;
      }
      if (json == null || !Integer.valueOf(SessionCrypto.VERSION).equals(json.getValue("protocol"))) {
        // A body without protocol 2 is not this version's handshake, whatever its header said.
        answer(request, started, null, unsupported());
        return;
      }
      JsonObject input = json;
      storeWorker.executeBlocking(() -> handshake(apiKey, input)).onComplete(ar -> {
        if (ar.succeeded()) {
          Outcome outcome = ar.result();
          if (outcome.error() != null) {
            answer(request, started, outcome.principal(), outcome.error());
          } else {
            metrics.handshake("ok", outcome.principal().orgName());
            accessLog.log(entry(request, started, 200, outcome.principal(), null));
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(outcome.reply().encode());
          }
        } else {
          answer(request, started, null, new TakumoError(ErrorCode.UNAVAILABLE, "The gateway cannot make a session now;"
              + " retry shortly.", Map.of("Retry-After", "5")));
        }
      });
    });
  }

  private record Outcome(KeyPrincipal principal, JsonObject reply, TakumoError error) {
  }

  /** Blocking: the key and the org's policy from the store, then the session. */
  private Outcome handshake(String apiKey, JsonObject input) {
    Decision decision = admission.handshake(apiKey);
    if (decision instanceof Decision.Rejected rejected) {
      return new Outcome(rejected.principal(), null, rejected.error());
    }
    KeyPrincipal principal = ((Decision.Identified) decision).principal();
    try {
      String policy = store.orgPolicy(principal.orgId()).orElse("{}");
      return new Outcome(principal, handshake.answer(input, ApiKeys.hash(apiKey), policy), null);
    } catch (Refusal refusal) {
      return new Outcome(principal, null, refusal.error());
    }
  }

  private static TakumoError unsupported() {
    return new TakumoError(ErrorCode.UNSUPPORTED_PROTOCOL, "This gateway speaks protocol " + SessionCrypto.VERSION + ".");
  }

  private void answer(HttpServerRequest request, long started, KeyPrincipal principal, TakumoError error) {
    metrics.handshake(error.code().code(), principal == null ? null : principal.orgName());
    accessLog.log(entry(request, started, error.code().status(), principal, error.code().code()));
    request.resume();
    error.send(request.response());
  }

  private static AccessLog.Entry entry(HttpServerRequest request, long started, int status, KeyPrincipal principal,
      String error) {
    return new AccessLog.Entry(request.method().name(), request.path(), status, principal == null ? null : principal.orgName(),
        principal == null ? null : principal.keyId(), null, (System.nanoTime() - started) / 1000, -1, 0, 0, error);
  }
}
