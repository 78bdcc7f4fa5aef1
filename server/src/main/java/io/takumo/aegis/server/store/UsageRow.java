package io.takumo.aegis.server.store;

/** A month's usage of one key with one provider. */
public record UsageRow(String keyId, String keyPrefix, String keyName, String provider, long requests,
    long inputTokens, long outputTokens, long creditsMicros) {
}
