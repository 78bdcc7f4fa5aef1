package io.takumo.aegis.server.config;

import io.takumo.aegis.server.provider.Provider;
import io.takumo.aegis.server.shared.SharedState;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code takumo-server gateway} runs with (flags and their environment variables:
 * docs/server.md, "Configuration").
 *
 * @param tlsCert PEM certificate chain for the gateway listener, or null for plain HTTP
 * @param tlsKey PEM private key (PKCS#8) for it, or null
 * @param baseUrls provider base URLs that replace the public ones
 * @param prices a price file whose entries are added over the shipped table, or null
 * @param signingKey the gateway's signing key (PEM PKCS#8), or null for the one generated into the data directory
 * @param sessionLifetimeSeconds the {@code expires_in} of agents' sessions
 * @param redisUrl the Redis the gateways of one org share state through, or null to keep it in memory
 * @param redisFailure what the gateway does while that Redis does not answer
 */
public record GatewayConfig(HostPort listen, HostPort adminListen, Path dataDir, Path tlsCert, Path tlsKey,
    Map<Provider, URI> baseUrls, boolean allowPrivateUpstreams, Path prices, int maxConcurrentRequests,
    int drainTimeoutSeconds, int upstreamConnectTimeoutSeconds, int upstreamIdleTimeoutSeconds, boolean accessLog,
    int storeConnections, Path signingKey, int sessionLifetimeSeconds, String redisUrl,
    SharedState.OnFailure redisFailure) {
}
