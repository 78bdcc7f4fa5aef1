package io.takumo.aegis.audit;

import io.takumo.aegis.vault.TokenFingerprint;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * One provider request as the audit log records it. It holds tokens (which the provider sees
 * anyway), never a value; the JSON line names tokens only by their fingerprints, and is built on
 * the audit log's own thread, not the request's.
 */
public final class AuditRecord {

  private final long epochMillis;
  private final String mode;
  private final String host;
  private final String outcome;
  private final String reason;
  private final Map<String, Integer> countsByRule;
  private final Collection<String> tokens;
  private final long bytesBefore;
  private final long bytesAfter;
  private final long addedMicros;

  /**
   * @param outcome {@code tokenized}, {@code clean}, {@code observed}, {@code token-not-restored}, or a
   *     failure kind id
   * @param reason why the request could not be protected, or null
   * @param bytesBefore the body's size as the app wrote it, or -1 if not read
   * @param bytesAfter the body's size as sent, or -1 if not sent or not read
   * @param addedMicros the time the agent added, or -1 if not measured
   */
  public AuditRecord(
      long epochMillis,
      String mode,
      String host,
      String outcome,
      String reason,
      Map<String, Integer> countsByRule,
      Collection<String> tokens,
      long bytesBefore,
      long bytesAfter,
      long addedMicros) {
    this.epochMillis = epochMillis;
    this.mode = mode;
    this.host = host;
    this.outcome = outcome;
    this.reason = reason;
    this.countsByRule = countsByRule;
    this.tokens = tokens;
    this.bytesBefore = bytesBefore;
    this.bytesAfter = bytesAfter;
    this.addedMicros = addedMicros;
  }

  /** A request the agent could not scan: blocked, or sent as it was. */
  public static AuditRecord refused(
      long epochMillis, String mode, String host, String outcome, String reason, long bytesBefore, long bytesAfter) {
    return new AuditRecord(epochMillis, mode, host, outcome, reason,
        Collections.<String, Integer>emptyMap(), Collections.<String>emptySet(), bytesBefore, bytesAfter, -1);
  }

  /**
   * A token the vault issued that a response held out of its exchange's restore scope, left as the
   * token: outcome {@code token-not-restored}, the token by its fingerprint.
   */
  public static AuditRecord notRestored(long epochMillis, String mode, String host, String token) {
    return new AuditRecord(epochMillis, mode, host, "token-not-restored", "not in the request's restore scope",
        Collections.<String, Integer>emptyMap(), Collections.singletonList(token), -1, -1, -1);
  }

  /** The record as one line of JSON, without the line break. */
  public String toJson() {
    StringBuilder s = new StringBuilder(256);
    s.append("{\"time\":");
    string(s, Instant.ofEpochMilli(epochMillis).toString());
    s.append(",\"mode\":");
    string(s, mode);
    s.append(",\"host\":");
    string(s, host);
    s.append(",\"outcome\":");
    string(s, outcome);
    if (reason != null) {
      s.append(",\"reason\":");
      string(s, reason);
    }
    int secrets = 0;
    s.append(",\"rules\":{");
    boolean first = true;
    for (Map.Entry<String, Integer> e : countsByRule.entrySet()) {
      if (!first) {
        s.append(',');
      }
      first = false;
      string(s, e.getKey());
      s.append(':').append(e.getValue());
      secrets += e.getValue();
    }
    s.append("},\"secrets\":").append(secrets);
    s.append(",\"tokens\":[");
    first = true;
    for (String token : tokens) {
      if (!first) {
        s.append(',');
      }
      first = false;
      string(s, TokenFingerprint.of(token));
    }
    s.append(']');
    number(s, "bytesBefore", bytesBefore);
    number(s, "bytesAfter", bytesAfter);
    number(s, "addedMicros", addedMicros);
    return s.append('}').toString();
  }

  private static void number(StringBuilder s, String name, long value) {
    if (value >= 0) {
      s.append(",\"").append(name).append("\":").append(value);
    }
  }

  private static void string(StringBuilder s, String value) {
    s.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    s.append('"');
  }
}
