package io.takumo.aegis.gateway;

import java.util.Collections;
import java.util.Map;

/** An established session: its id, request-MAC key, lifetime and the org policy it delivered. */
public final class GatewaySession {

  private final String id;
  private final byte[] macKey;
  private final long expiresAtNanos;
  private final Map<String, Object> orgPolicy;

  GatewaySession(String id, byte[] macKey, long expiresAtNanos, Map<String, Object> orgPolicy) {
    this.id = id;
    this.macKey = macKey;
    this.expiresAtNanos = expiresAtNanos;
    this.orgPolicy = Collections.unmodifiableMap(orgPolicy);
  }

  public String id() {
    return id;
  }

  byte[] macKey() {
    return macKey;
  }

  /** Renewed a little before the gateway would expire it, so a request never carries a stale one. */
  boolean isFresh(long nowNanos) {
    return nowNanos - expiresAtNanos < 0;
  }

  /** The org policy: the same keys as the local policy file (custom patterns, allowlists, ...). */
  public Map<String, Object> orgPolicy() {
    return orgPolicy;
  }
}
