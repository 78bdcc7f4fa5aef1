package io.takumo.aegis.server.coordinator;

import java.time.Instant;

/** A gateway that joined the fleet, as {@code admin fleet list} shows it. */
public record GatewayInfo(String id, String name, String joinKeyId, String joinKeyName, String version, String address,
    Instant joinedAt, Instant lastSeenAt, boolean connected, Long configVersionAcked, Instant removedAt) {

  public boolean removed() {
    return removedAt != null;
  }
}
