package io.takumo.aegis.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  public void usageNotRecorded() {
    Counter.builder("takumo_gateway_usage_not_recorded").description("Finished requests whose usage the store did not take")
        .register(registry).increment();
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
