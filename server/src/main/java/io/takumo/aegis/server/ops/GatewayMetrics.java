package io.takumo.aegis.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics. Labels are the org's name, the provider and the status:
 * never a key, a path or anything from a body.
 */
public final class GatewayMetrics {
  private static final String UNKNOWN = "-";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> addedLatency = new ConcurrentHashMap<>();

  public GatewayMetrics(Lifecycle lifecycle) {
    Gauge.builder("takumo_gateway_in_flight_requests", lifecycle, Lifecycle::inFlight)
        .description("Provider requests in flight").register(registry);
  }

  /** The agents' sessions held now. */
  public void sessions(Supplier<Number> count) {
    Gauge.builder("takumo_gateway_sessions", count).description("Agents' sessions held").register(registry);
  }

  public void request(int status, String org, String provider) {
    Counter.builder("takumo_gateway_requests").description("Provider requests answered, by status, org and provider")
        .tag("status", Integer.toString(status)).tag("org", org == null ? UNKNOWN : org)
        .tag("provider", provider == null ? UNKNOWN : provider).register(registry).increment();
  }

  public void rateLimited(String org) {
    Counter.builder("takumo_gateway_rate_limited").description("Requests refused by an org's rate limit")
        .tag("org", org).register(registry).increment();
  }

  public void addedLatency(String provider, long nanos) {
    addedLatency.computeIfAbsent(provider, p -> Timer.builder("takumo_gateway_added_latency")
        .description("Time from a request's arrival to its upstream request being under way (admission, store, connection)")
        .tag("provider", p)
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20))
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(Duration.ofNanos(nanos));
  }

  /** A handshake answered: {@code ok} or the error code. */
  public void handshake(String outcome, String org) {
    Counter.builder("takumo_gateway_handshakes").description("Agent handshakes answered, by outcome and org")
        .tag("outcome", outcome).tag("org", org == null ? UNKNOWN : org).register(registry).increment();
  }

  /** Routed agent requests refused by the session check, by error code (bad_signature, session_expired, ...). */
  public void sessionRefused(String code) {
    Counter.builder("takumo_gateway_session_refusals").description("Routed agent requests refused by the session check")
        .tag("code", code).register(registry).increment();
  }

  public void usageNotRecorded() {
    Counter.builder("takumo_gateway_usage_not_recorded").description("Finished requests whose usage the store did not take")
        .register(registry).increment();
  }

  public void secretsTokenized(String org, int count) {
    Counter.builder("takumo_gateway_secrets_tokenized").description("Secrets replaced by tokens in request bodies, by org")
        .tag("org", org).register(registry).increment(count);
  }

  /** @param reason {@code too_large}, {@code unsupported} or {@code invalid} */
  public void bodyRefused(String reason) {
    Counter.builder("takumo_gateway_bodies_refused").description("Request bodies refused because they could not be protected")
        .tag("reason", reason).register(registry).increment();
  }

  public void tokenWithheld() {
    Counter.builder("takumo_gateway_tokens_withheld")
        .description("Tokens in a response that its own request did not produce: left as tokens").register(registry).increment();
  }

  /** @param reason {@code too_large}, {@code coding} or {@code failed} */
  public void responseNotRestored(String reason) {
    Counter.builder("takumo_gateway_responses_not_restored")
        .description("Responses (or their rest) passed through unrestored").tag("reason", reason).register(registry).increment();
  }

  /** A gauge read at each scrape (the fleet link's state, say); the name and description as for the others. */
  public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
