package io.takumo.aegis.server.store;

import io.takumo.aegis.server.keys.Scope;
import java.time.Instant;
import java.util.Set;

/** What is known of a key besides its hash: all of it is safe to display. */
public record KeyInfo(String id, String orgId, String orgName, String name, String prefix, Set<Scope> scopes,
    Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
