package io.takumo.aegis.server.proxy;

import io.takumo.aegis.server.admission.Admission;
import io.takumo.aegis.server.admission.Decision;
import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.ops.AccessLog;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.Lifecycle;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.provider.UpstreamGuard;
import io.takumo.aegis.server.session.BodyDigest;
import io.takumo.aegis.server.session.Session;
import io.takumo.aegis.server.session.SessionGate;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.usage.Usage;
import io.takumo.aegis.server.usage.UsageMeter;
import io.takumo.aegis.server.usage.UsageRecorder;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Provider traffic on the gateway listener: route by path, admit (key, scope, plan, rate limit),
 * then forward to the provider and stream the answer back, both ways with back-pressure (bodies
 * go through a {@link ProtectionSeam}: the engine's for base-URL clients, which holds a request
 * body whole when protecting it changes its length; one that changes nothing for agents'
 * requests, protected in the agent's process). Usage is read on the way.
 * An agent's routed request (docs/gateway-protocol.md) is authenticated by its session instead of
 * a key ({@link SessionGate}) and goes to its {@code X-Takumo-Upstream}; its body's digest is
 * checked as it streams, its last chunk held back until the check passed, so a provider never
 * gets a whole request whose body was altered (the upstream request is reset instead).
 * The client going away resets the upstream request. Provider failures (5xx) become 502
 * {@code upstream_error} (503 stays 503) with the provider's own body.
 */
public final class ProviderProxy implements Handler<HttpServerRequest> {
  static final String API_KEY_HEADER = "X-Takumo-Api-Key";
  /** Provider error bodies are read whole up to this size to take their message; beyond, streamed on. */
  private static final int ERROR_BODY_LIMIT = 1 << 20;
  private static final String CLIENT_CLOSED = "client_closed";
  /**
   * A request body up to this size is protected on its event loop (a 16 KiB one takes well under
   * a millisecond, see BENCHMARKS.md); a larger one on a worker, so that no event loop stalls.
   */
  static final int INLINE_PROTECT_LIMIT = 256 * 1024;

  private final Vertx vertx;
  private final Lifecycle lifecycle;
  private final Admission admission;
  private final WorkerExecutor storeWorker;
  private final UpstreamGuard guard;
  private final SessionGate sessions;
  private final UpstreamClients clients;
  private final ProtectionSeam clientSeam;
  private final ProtectionSeam agentSeam;
  private final UsageRecorder usage;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  private final long upstreamIdleTimeoutMillis;

  public ProviderProxy(Vertx vertx, Lifecycle lifecycle, Admission admission, WorkerExecutor storeWorker,
      UpstreamGuard guard, SessionGate sessions, ProtectionSeam clientSeam, ProtectionSeam agentSeam,
      UsageRecorder usage, GatewayMetrics metrics, AccessLog accessLog, int upstreamConnectTimeoutMillis,
      int upstreamIdleTimeoutSeconds) {
    this.vertx = vertx;
    this.lifecycle = lifecycle;
    this.admission = admission;
    this.storeWorker = storeWorker;
    this.guard = guard;
    this.sessions = sessions;
    this.clients = new UpstreamClients(vertx, upstreamConnectTimeoutMillis, upstreamIdleTimeoutSeconds);
    this.clientSeam = clientSeam;
    this.agentSeam = agentSeam;
    this.usage = usage;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.upstreamIdleTimeoutMillis = upstreamIdleTimeoutSeconds * 1000L;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long started = System.nanoTime();
    Lifecycle.Admit admit = lifecycle.tryStart();
    if (admit != Lifecycle.Admit.OK) {
      boolean draining = admit == Lifecycle.Admit.DRAINING;
      if (draining && request.version() != HttpVersion.HTTP_2) {
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
      TakumoError error = new TakumoError(ErrorCode.UNAVAILABLE, draining
          ? "The gateway is shutting down; retry shortly." : "The gateway is at its limit of concurrent requests; retry shortly.",
          Map.of("Retry-After", "1"));
      error.send(request.response());
      metrics.request(error.code().status(), null, null);
      accessLog.log(new AccessLog.Entry(request.method().name(), request.path(), error.code().status(), null, null, null,
          (System.nanoTime() - started) / 1000, -1, 0, 0, error.code().code()));
      return;
    }
    new Call(request, started).begin();
  }

  /** Closes the upstream connection pools. */
  public void close() {
    clients.close();
  }

  /** One request through the gateway, from arrival to its access-log line. All on the request's event loop. */
  private final class Call {
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final long started;
    private ProviderRoute route;
    private Decision.Admitted admitted;
    private ProtectionSeam.Exchange exchange;
    /** While the body is read whole (and protected), before the upstream request starts. */
    private boolean readingBody;
    /** The key's principal when admission refused a known key (for the access log and metrics). */
    private KeyPrincipal refused;
    private HttpClientRequest upstream;
    private UsageMeter meter;
    private long addedNanos = -1;
    private long bytesIn;
    private long bytesOut;
    /** An agent's request whose body is signed: checked at its end; null otherwise. */
    private BodyDigest bodyDigest;
    /** The last body chunk, held back from the provider until the body's digest is checked. */
    private Buffer heldBack;
    /** The provider's answer when it came before the body was checked: forwarded once it is. */
    private HttpClientResponse earlyAnswer;
    private boolean bodyChecked;
    private boolean bodyRefused;
    /** An agent's routed request (authenticated by its session). */
    private boolean fromAgent;
    private boolean clientGone;
    private boolean finished;

    Call(HttpServerRequest request, long started) {
      this.request = request;
      this.response = request.response();
      this.started = started;
    }

    void begin() {
      response.closeHandler(v -> clientClosed());
      response.exceptionHandler(t -> clientClosed());
      if (SessionGate.isRouted(request)) {
        beginRouted();
        return;
      }
      Optional<ProviderRoute> found = ProviderRoute.of(request.method().name(), request.path(),
          request.headers().contains("anthropic-version"));
      Optional<URI> target = found.flatMap(r -> guard.target(r.provider(), request.path(), request.query()));
      if (target.isEmpty()) {
        refuse(new TakumoError(ErrorCode.UNSUPPORTED_ENDPOINT,
            "The gateway does not forward " + request.method().name() + " " + request.path() + "."));
        return;
      }
      route = found.get();
      String apiKey = request.getHeader(API_KEY_HEADER);
      admit(() -> admission.admit(apiKey, route), target.get(), null);
    }

    /**
     * An agent's routed request: its session, signature and upstream, then admission by the
     * session's key. A shared session store is asked on the store worker, off the event loop.
     */
    private void beginRouted() {
      if (!sessions.blocking()) {
        routed(sessions.check(request));
        return;
      }
      request.pause();
      storeWorker.executeBlocking(() -> sessions.check(request)).onComplete(ar -> {
        if (ar.failed()) {
          refuse(new TakumoError(ErrorCode.UNAVAILABLE, "The gateway cannot check sessions now; retry shortly.",
              Map.of("Retry-After", "5")));
        } else {
          routed(ar.result());
        }
      });
    }

    private void routed(SessionGate.Verdict verdict) {
      if (verdict instanceof SessionGate.Refused refusal) {
        metrics.sessionRefused(refusal.error().code().code());
        refuse(refusal.error());
        return;
      }
      SessionGate.Passed passed = (SessionGate.Passed) verdict;
      fromAgent = true;
      route = passed.target().route();
      bodyDigest = passed.body();
      admit(() -> admission.admitSession(passed.session().keyHash(), route), passed.target().target(), passed.session());
    }

    /** @param session the agent's session, or null for a base-URL request */
    private void admit(Callable<Decision> decide, URI target, Session session) {
      request.pause();
      MultiMap requestHeaders = request.headers();
      ProtectionSeam seam = session == null ? clientSeam : agentSeam;
      storeWorker.executeBlocking(() -> {
        Decision decision = decide.call();
        // Opened here: the seam may look the org's policy up in the store.
        return new Opened(decision, decision instanceof Decision.Admitted a
            ? seam.open(route, a.principal(), requestHeaders) : null);
      }).onComplete(ar -> {
        if (ar.failed()) {
          refuse(new TakumoError(ErrorCode.UNAVAILABLE, "The gateway cannot admit requests now; retry shortly.",
              Map.of("Retry-After", "5")));
        } else if (ar.result().decision() instanceof Decision.Rejected rejected) {
          if (rejected.error().code() == ErrorCode.RATE_LIMITED) {
            metrics.rateLimited(rejected.principal().orgName());
          }
          if (session != null && rejected.error().code() == ErrorCode.INVALID_API_KEY) {
            // The key was revoked: its sessions end here, not at their expiry.
            if (sessions.blocking()) {
              storeWorker.executeBlocking(() -> {
                sessions.revoked(session);
                return null;
              });
            } else {
              sessions.revoked(session);
            }
          }
          refused = rejected.principal();
          refuse(rejected.error());
        } else {
          admitted = (Decision.Admitted) ar.result().decision();
          exchange = ar.result().exchange();
          forward(target);
        }
      });
    }

    private void forward(URI target) {
      if (clientGone) {
        finish(499, CLIENT_CLOSED);
        return;
      }
      boolean hasBody = request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD;
      if (hasBody && !exchange.keepsRequestLength()) {
        readWhole(target);
      } else {
        send(target, hasBody, null);
      }
    }

    /** Reads the body whole through the exchange (which bounds it), then sends what it made of it. */
    private void readWhole(URI target) {
      Buffer body = Buffer.buffer();
      readingBody = true;
      request.handler(chunk -> {
        if (finished) {
          return;
        }
        bytesIn += chunk.length();
        try {
          body.appendBuffer(exchange.requestChunk(chunk));
        } catch (RefusedBody e) {
          refuseBody(e);
        }
      });
      request.endHandler(v -> {
        if (finished) {
          return;
        }
        // A compressed body may inflate far beyond its size on the wire: protected on a worker.
        if (bytesIn <= INLINE_PROTECT_LIMIT && request.getHeader(HttpHeaders.CONTENT_ENCODING) == null) {
          protectedBody(target, body, () -> exchange.requestEnd());
        } else {
          vertx.executeBlocking(() -> exchange.requestEnd(), false).onComplete(ar -> {
            if (ar.succeeded()) {
              protectedBody(target, body, ar::result);
            } else {
              protectedBody(target, body, () -> {
                throw ar.cause() instanceof RuntimeException r ? r : new IllegalStateException(ar.cause());
              });
            }
          });
        }
      });
      request.exceptionHandler(t -> clientClosed());
      request.resume();
    }

    private void protectedBody(URI target, Buffer body, java.util.function.Supplier<Buffer> end) {
      try {
        body.appendBuffer(end.get());
      } catch (RefusedBody e) {
        refuseBody(e);
        return;
      } catch (RuntimeException e) {
        ServerLog.warn("could not protect a request body (" + e.getClass().getSimpleName() + "); it was not forwarded");
        refuse(new TakumoError(ErrorCode.UNAVAILABLE, "The gateway could not protect this request; it was not forwarded."));
        return;
      }
      if (clientGone) {
        finish(499, CLIENT_CLOSED);
        return;
      }
      readingBody = false;
      send(target, true, body);
    }

    private void refuseBody(RefusedBody e) {
      if (request.version() != HttpVersion.HTTP_2) {
        // The rest of a refused body is not worth reading: the connection closes after the answer.
        response.putHeader(HttpHeaders.CONNECTION, "close");
      }
      refuse(e.error());
    }

    /**
     * Starts the upstream request and sends the body: {@code whole} when the exchange read it
     * already, else streamed from the client through the exchange.
     */
    private void send(URI target, boolean hasBody, Buffer whole) {
      MultiMap headers = HttpHeaders.headers();
      Headers.copyEndToEnd(request.headers(), headers);
      // Identity encoding: usage and restore read the stream as it passes.
      headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
      String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (whole != null) {
        headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(whole.length()));
      } else if (hasBody && contentLength != null) {
        headers.set(HttpHeaders.CONTENT_LENGTH, contentLength);
      } else {
        headers.remove(HttpHeaders.CONTENT_LENGTH);
      }
      RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(target.getHost())
          .setPort(UpstreamGuard.port(target)).setSsl("https".equalsIgnoreCase(target.getScheme()))
          .setURI(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()))
          .setFollowRedirects(false).setIdleTimeout(upstreamIdleTimeoutMillis).setHeaders(headers);
      clients.forScheme(target.getScheme()).request(options).onComplete(ar -> {
        if (ar.failed()) {
          upstreamFailed(ar.cause());
          return;
        }
        upstream = ar.result();
        // Failures of the upstream request also fail its response future, which answers them.
        upstream.exceptionHandler(t -> { });
        addedNanos = System.nanoTime() - started;
        metrics.addedLatency(route.provider().id(), addedNanos);
        if (clientGone) {
          upstream.reset();
          finish(499, CLIENT_CLOSED);
          return;
        }
        if (hasBody && headers.get(HttpHeaders.CONTENT_LENGTH) == null) {
          upstream.setChunked(true);
        }
        upstream.response().onComplete(rar -> {
          if (bodyRefused) {
            return;
          }
          if (rar.failed()) {
            upstreamFailed(rar.cause());
          } else if (bodyDigest != null && !bodyChecked) {
            earlyAnswer = rar.result();
            earlyAnswer.pause();
          } else {
            respond(rar.result());
          }
        });
        if (whole != null) {
          upstream.end(whole);
        } else {
          pumpRequest(hasBody);
        }
      });
    }

    private void pumpRequest(boolean hasBody) {
      request.handler(chunk -> {
        if (bodyDigest != null) {
          bodyDigest.update(chunk);
        }
        if (!hasBody) {
          return;
        }
        bytesIn += chunk.length();
        Buffer out = exchange.requestChunk(chunk);
        if (bodyDigest != null) {
          Buffer previous = heldBack;
          heldBack = out;
          out = previous == null ? Buffer.buffer(0) : previous;
        }
        if (out.length() > 0) {
          upstream.write(out);
        }
        if (upstream.writeQueueFull()) {
          request.pause();
          upstream.drainHandler(v -> request.resume());
        }
      });
      request.endHandler(v -> {
        Buffer tail = hasBody ? exchange.requestEnd() : Buffer.buffer(0);
        if (bodyDigest != null) {
          String problem = bodyDigest.problem();
          if (problem != null) {
            refuseAlteredBody(problem);
            return;
          }
          bodyChecked = true;
          if (heldBack != null) {
            tail = heldBack.appendBuffer(tail);
          }
        }
        if (tail.length() > 0) {
          upstream.end(tail);
        } else {
          upstream.end();
        }
        answerHeldForTheBody();
      });
      request.exceptionHandler(t -> clientClosed());
      request.resume();
    }

    /** Called once the body passed its check: the provider's answer that came before it goes on now. */
    private void answerHeldForTheBody() {
      if (earlyAnswer != null) {
        HttpClientResponse answer = earlyAnswer;
        earlyAnswer = null;
        respond(answer);
        answer.resume();
      }
    }

    /**
     * The body does not match its signed digest: the upstream request is reset before its last
     * bytes (so the provider never has it whole) and the agent gets {@code 401 bad_signature}.
     */
    private void refuseAlteredBody(String problem) {
      bodyRefused = true;
      upstream.reset();
      metrics.sessionRefused(ErrorCode.BAD_SIGNATURE.code());
      TakumoError error = new TakumoError(ErrorCode.BAD_SIGNATURE, "The request failed the signature check: " + problem + ".");
      finish(error.code().status(), error.code().code());
      if (!clientGone) {
        error.send(response);
      }
    }

    private void respond(HttpClientResponse answer) {
      if (clientGone) {
        upstream.reset();
        finish(499, CLIENT_CLOSED);
        return;
      }
      int status = answer.statusCode();
      if (status >= 500) {
        new UpstreamError(answer).forward();
        return;
      }
      if (fromAgent && status / 100 == 3) {
        // docs/gateway-protocol.md: a gateway never answers a routed request with a redirect.
        answer.exceptionHandler(t -> { });
        upstream.reset();
        sendUpstreamError("The provider " + route.provider().id() + " answered HTTP " + status
            + " (a redirect), which the gateway does not pass to agents.");
        return;
      }
      response.setStatusCode(status);
      Headers.copyEndToEnd(answer.headers(), response.headers());
      admitted.quotaHeaders().forEach(response::putHeader);
      exchange.responseHead(status, answer.headers());
      String contentLength = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (contentLength != null && exchange.keepsResponseLength()) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, contentLength);
      } else if (request.version() != HttpVersion.HTTP_2) {
        response.setChunked(true);
      }
      if (status / 100 == 2) {
        meter = UsageMeter.forResponse(route.provider(), answer.getHeader(HttpHeaders.CONTENT_TYPE), route.model());
      }
      answer.handler(chunk -> {
        if (meter != null) {
          byte[] bytes = chunk.getBytes();
          meter.accept(bytes, 0, bytes.length);
        }
        Buffer out = exchange.responseChunk(chunk);
        bytesOut += out.length();
        if (out.length() > 0) {
          response.write(out);
        }
        if (response.writeQueueFull()) {
          answer.pause();
          response.drainHandler(v -> answer.resume());
        }
      });
      answer.endHandler(v -> {
        Buffer tail = exchange.responseEnd();
        bytesOut += tail.length();
        // Finished before the end is written: over HTTP/2 ending the stream runs the close handler at once.
        finish(status, null);
        response.end(tail);
      });
      answer.exceptionHandler(t -> {
        // The status line is out: all that can tell the client the stream broke is ending it abruptly.
        finish(status, "upstream_reset");
        response.reset();
      });
    }

    private void upstreamFailed(Throwable cause) {
      if (clientGone) {
        finish(499, CLIENT_CLOSED);
        return;
      }
      String why = cause instanceof ConnectException ? "the connection was refused"
          : cause instanceof TimeoutException ? "it timed out"
          : cause instanceof SSLException ? "the TLS handshake failed"
          : cause instanceof UnknownHostException ? "its host name did not resolve"
          : "the connection failed (" + cause.getClass().getSimpleName() + ")";
      sendUpstreamError("The provider " + route.provider().id() + " could not be reached: " + why + ".");
    }

    /** A 502 {@code upstream_error} of the gateway's own making, or a reset if the answer has begun. */
    private void sendUpstreamError(String message) {
      TakumoError error = new TakumoError(ErrorCode.UPSTREAM_ERROR, message);
      finish(error.code().status(), error.code().code());
      if (!response.headWritten()) {
        response.setStatusCode(error.code().status());
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        upstreamErrorHeaders(error.code(), error.message());
        response.end(error.body());
      } else {
        response.reset();
      }
    }

    private void upstreamErrorHeaders(ErrorCode code, String message) {
      response.putHeader("X-Takumo-Error", code.code());
      response.putHeader("X-Takumo-Error-Message", TakumoError.headerText(message));
      response.putHeader("X-Takumo-Error-Source", "upstream");
    }

    private void refuse(TakumoError error) {
      finish(error.code().status(), error.code().code());
      if (!clientGone) {
        error.send(response);
      }
      // The body (if any) is not wanted: let it be read and dropped so the connection stays usable.
      request.resume();
    }

    private void clientClosed() {
      if (finished || clientGone) {
        return;
      }
      clientGone = true;
      if (upstream != null) {
        upstream.reset();
        finish(499, CLIENT_CLOSED);
      } else if (readingBody) {
        finish(499, CLIENT_CLOSED);
      }
      // Otherwise admission or the upstream connection is pending: its callback sees clientGone and finishes.
    }

    private void finish(int status, String error) {
      if (finished) {
        return;
      }
      finished = true;
      KeyPrincipal principal = admitted != null ? admitted.principal() : refused;
      String org = principal != null ? principal.orgName() : null;
      String provider = route != null ? route.provider().id() : null;
      metrics.request(status, org, provider);
      accessLog.log(new AccessLog.Entry(request.method().name(), request.path(), status, org,
          principal != null ? principal.keyId() : null, provider, (System.nanoTime() - started) / 1000,
          addedNanos < 0 ? -1 : addedNanos / 1000, bytesIn, bytesOut, error));
      if (admitted == null) {
        lifecycle.finished();
        return;
      }
      Usage used = meter != null ? meter.finish() : Usage.NONE;
      Decision.Admitted a = admitted;
      storeWorker.executeBlocking(() -> {
        usage.record(a.principal().orgId(), a.principal().keyId(), route.provider(), a.month(), used);
        return null;
      }).onComplete(ar -> {
        if (ar.failed()) {
          metrics.usageNotRecorded();
        }
        lifecycle.finished();
      });
    }

    /** A provider's 5xx: forwarded as 502 (or 503) with its own body, its message in the headers. */
    private final class UpstreamError {
      private final HttpClientResponse answer;
      private final Buffer held = Buffer.buffer();
      private boolean streaming;

      UpstreamError(HttpClientResponse answer) {
        this.answer = answer;
      }

      void forward() {
        answer.handler(chunk -> {
          bytesOut += chunk.length();
          if (streaming) {
            response.write(chunk);
          } else if (held.length() + chunk.length() <= ERROR_BODY_LIMIT) {
            held.appendBuffer(chunk);
          } else {
            writeHead(null);
            response.write(held);
            response.write(chunk);
            streaming = true;
          }
        });
        answer.endHandler(v -> {
          finish(code().status(), code().code());
          if (streaming) {
            response.end();
          } else {
            writeHead(ProviderMessages.of(held));
            response.end(held);
          }
        });
        answer.exceptionHandler(t -> {
          finish(502, "upstream_reset");
          response.reset();
        });
      }

      private ErrorCode code() {
        return answer.statusCode() == 503 ? ErrorCode.UNAVAILABLE : ErrorCode.UPSTREAM_ERROR;
      }

      private void writeHead(String providerMessage) {
        ErrorCode code = code();
        response.setStatusCode(code.status());
        Headers.copyEndToEnd(answer.headers(), response.headers());
        admitted.quotaHeaders().forEach(response::putHeader);
        if (request.version() != HttpVersion.HTTP_2) {
          response.setChunked(true);
        }
        String message = "The provider " + route.provider().id() + " answered HTTP " + answer.statusCode()
            + (providerMessage == null ? "." : ": " + providerMessage);
        upstreamErrorHeaders(code, message);
      }
    }
  }

  /** Admission's decision and, for an admitted request, its exchange of the seam. */
  private record Opened(Decision decision, ProtectionSeam.Exchange exchange) {
  }

  /** The message of a provider's error body (OpenAI, Anthropic and Gemini put it at error.message). */
  static final class ProviderMessages {
    private ProviderMessages() {
    }

    static String of(Buffer body) {
      try {
        JsonObject json = new JsonObject(body);
        Object error = json.getValue("error");
        if (error instanceof JsonObject object && object.getValue("message") instanceof String message) {
          return message;
        }
        if (error instanceof String message) {
          return message;
        }
        return json.getValue("message") instanceof String message ? message : null;
      } catch (RuntimeException e) {
        return null;
      }
    }
  }
}
