package io.takumo.aegis.metrics;

import java.util.Map;

/**
 * What the agent exposes over JMX as {@code io.takumo.aegis:type=Agent}. Only open types (numbers,
 * strings, maps of them), so jconsole, VisualVM and JMX exporters read it without the agent's
 * classes. No attribute ever holds a secret value: rule ids and counts only.
 */
public interface AgentMetricsMXBean {

  /** {@code local}, {@code gateway} or {@code observe}. */
  String getMode();

  /** Provider requests with a body the agent examined (or had to refuse). */
  long getRequestsSeen();

  /** Provider requests in which at least one secret was found. */
  long getRequestsWithSecrets();

  /** Provider requests whose body was rewritten (none in mode observe). */
  long getRequestsRewritten();

  /** Secrets found in provider requests (tokenized; in mode observe, would have been). */
  long getSecretsTokenized();

  /** {@link #getSecretsTokenized()} by rule id, e.g. {@code openai-api-key -> 3}. */
  Map<String, Long> getSecretsTokenizedByRule();

  /** Tokens replaced by their original values in responses. */
  long getTokensRestored();

  /**
   * Tokens the vault issued that a response held although its request had not sent them in place
   * of a secret (out of its restore scope): left as tokens. Each distinct token once per response.
   */
  long getTokensNotRestored();
  /** Tokens the vault holds now (none in mode observe, which keeps nothing). */
  long getVaultTokens();

  /** Bytes the vault holds now, as {@code vault-max-bytes} counts them. */
  long getVaultBytes();

  /**
   * Tokens the vault forgot to stay within {@code vault-max-size} or {@code vault-max-bytes}
   * (idle expiry not counted): none of them is restored any more.
   */
  long getVaultEvictions();

  /** Failures by kind ({@link FailureKind#id()}), every kind listed, zero or not. */
  Map<String, Long> getFailuresByKind();

  /**
   * Client classes loaded in this JVM that the agent could not weave (another agent's changes it
   * could not follow, an unexpected shape), class name to client, e.g.
   * {@code sun.net.www.protocol.http.HttpURLConnection -> http-url-connection}. Empty when every
   * client class loaded so far is woven. {@code takumo-aegis doctor --pid} reads this.
   */
  Map<String, String> getClientClassesNotWoven();

  /** Provider requests not sent because they could not be protected (fail-mode closed). */
  long getRequestsBlocked();

  /** Provider requests sent unprotected because they could not be rewritten (fail-mode open). */
  long getRequestsSentUnprotected();

  /** Responses in which restoring failed or could not be done. */
  long getRestoreFailures();

  /** The gateway's last {@code X-RateLimit-Remaining}, or -1 when not known (mode local). */
  long getRateLimitRemaining();

  /** How many requests the added-latency figures cover. */
  long getAddedLatencyCount();

  long getAddedLatencyTotalMicros();

  long getAddedLatencyMaxMicros();

  /** Median time the agent added to a provider request (within 25%). */
  long getAddedLatencyP50Micros();

  /** 99th percentile of the time the agent added to a provider request (within 25%). */
  long getAddedLatencyP99Micros();
}
