package io.takumo.aegis.server.gateway;

import io.takumo.aegis.server.ops.GatewayMetrics;

/**
 * What feeds a gateway's store from elsewhere (a fleet gateway's link to its coordinator): it adds
 * its gauges to the gateway's metrics and is closed after the drain.
 */
public interface RemoteStoreLink extends AutoCloseable {
  void registerMetrics(GatewayMetrics metrics);
}
