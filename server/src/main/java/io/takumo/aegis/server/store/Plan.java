package io.takumo.aegis.server.store;

import java.util.Set;

/**
 * A plan: the limits every org on it shares. A null limit is no limit; an empty provider set
 * allows every provider.
 *
 * @param creditsPerMonthMicros the monthly credit limit in millionths of a US dollar
 */
public record Plan(String id, String name, Integer rateLimitPerMinute, Long requestsPerMonth,
    Long creditsPerMonthMicros, Set<String> providers) {

  public boolean allowsProvider(String provider) {
    return providers.isEmpty() || providers.contains(provider);
  }
}
