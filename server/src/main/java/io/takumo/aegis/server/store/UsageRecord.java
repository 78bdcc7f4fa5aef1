package io.takumo.aegis.server.store;

/** One finished provider request, as charged to its key. */
public record UsageRecord(String orgId, String keyId, String provider, String month, long inputTokens,
    long outputTokens, long creditsMicros) {
}
