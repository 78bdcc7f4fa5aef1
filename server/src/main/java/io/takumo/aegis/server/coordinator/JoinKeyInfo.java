package io.takumo.aegis.server.coordinator;

import java.time.Instant;

/** What is known of a join key besides its hash: all of it is safe to display. */
public record JoinKeyInfo(String id, String name, String prefix, Instant createdAt, Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
