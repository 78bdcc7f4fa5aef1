package io.takumo.aegis.server.usage;

import io.takumo.aegis.server.provider.Provider;
import io.takumo.aegis.server.store.AdmissionStore;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRecord;
import java.time.Clock;

/** Prices a finished request's usage and records it for its org, key and provider. Blocking. */
public final class UsageRecorder {
  private final AdmissionStore store;
  private final PriceTable prices;
  private final Clock clock;

  public UsageRecorder(AdmissionStore store, PriceTable prices, Clock clock) {
    this.store = store;
    this.prices = prices;
    this.clock = clock;
  }

  /**
   * @param month the month the request was admitted in (it is charged there, even if it ends in the next)
   * @throws StoreException when the store cannot take it
   */
  public void record(String orgId, String keyId, Provider provider, String month, Usage usage) {
    long credits = prices.creditsMicros(provider, usage);
    store.recordUsage(new UsageRecord(orgId, keyId, provider.id(), month, usage.inputTokens(), usage.outputTokens(),
        credits), clock.instant());
  }
}
