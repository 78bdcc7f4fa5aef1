package io.takumo.aegis.server.admission;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@value #PER_ORG} refusals (403, 429) of each org's known keys, newest first, for the
 * dashboard's Billing page. Kept in memory: they are a diagnosis aid, not an audit log. An entry
 * holds the refusal's own message (scopes, plan names and limits), the key's display prefix and
 * the provider; never a key, a header or a body.
 */
public final class RecentRefusals {
  public static final int PER_ORG = 50;

  /** One refusal; {@code status} is the HTTP status the client got. */
  public record Refusal(Instant at, int status, String code, String message, String keyPrefix, String provider) {
  }

  private final Map<String, Deque<Refusal>> byOrg = new ConcurrentHashMap<>();

  void record(String orgId, Refusal refusal) {
    Deque<Refusal> recent = byOrg.computeIfAbsent(orgId, id -> new ArrayDeque<>(PER_ORG));
    synchronized (recent) {
      if (recent.size() == PER_ORG) {
        recent.removeLast();
      }
      recent.addFirst(refusal);
    }
  }

  /** The org's recent refusals, newest first. */
  public List<Refusal> of(String orgId) {
    Deque<Refusal> recent = byOrg.get(orgId);
    if (recent == null) {
      return List.of();
    }
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }
}
