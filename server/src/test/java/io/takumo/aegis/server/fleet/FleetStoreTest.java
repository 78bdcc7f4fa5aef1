package io.takumo.aegis.server.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.server.fleet.v1.Config;
import io.takumo.aegis.server.fleet.v1.KeyConfig;
import io.takumo.aegis.server.fleet.v1.OrgConfig;
import io.takumo.aegis.server.fleet.v1.PlanConfig;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetStoreTest {
  private static final String HASH = "a".repeat(64);

  private final MutableClock clock = new MutableClock();
  private final FleetStore store = new FleetStore(Duration.ofSeconds(30), clock);

  @Test
  void admitsWithThePushedConfigAndForgetsAKeyThatLeavesIt() {
    assertThrows(StoreException.class, () -> store.findActiveKey(HASH), "no config yet");
    store.apply(config(7, true));
    store.connected();
    KeyPrincipal key = store.findActiveKey(HASH).orElseThrow();
    assertEquals("key_1", key.keyId());
    assertEquals("acme", key.orgName());
    assertEquals(Set.of(Scope.LLM_CHAT), key.scopes());
    assertEquals(60, key.plan().rateLimitPerMinute());
    assertEquals(null, key.plan().requestsPerMonth());
    assertEquals(Set.of("openai"), key.plan().providers());
    assertEquals(7, store.version());

    store.apply(config(8, false));
    assertTrue(store.findActiveKey(HASH).isEmpty(), "revoked: no longer in the config");
    assertEquals(8, store.version());
  }

  @Test
  void carriesTheOrgPolicyWhenThereIsOne() {
    store.apply(config(1, true).toBuilder().setOrgs(0, OrgConfig.newBuilder().setId("org_1").setName("acme")
        .setPlanId("plan_1").setPolicyJson("{\"rules\":[]}")).build());
    assertEquals("{\"rules\":[]}", store.orgPolicy("org_1").orElseThrow());
    store.apply(config(2, true));
    assertTrue(store.orgPolicy("org_1").isEmpty());
  }

  @Test
  void keepsAdmittingOfflineForTheGraceThenNothing() {
    store.apply(config(1, true));
    store.connected();
    store.disconnected();
    clock.advance(Duration.ofSeconds(30));
    assertTrue(store.findActiveKey(HASH).isPresent(), "within the grace");
    clock.advance(Duration.ofMillis(1));
    StoreException past = assertThrows(StoreException.class, () -> store.findActiveKey(HASH));
    assertTrue(past.getMessage().contains("offline grace (30 s)"), past.getMessage());
    assertThrows(StoreException.class, store::ping, "not ready");
    store.connected();
    assertTrue(store.findActiveKey(HASH).isPresent(), "back");
  }

  @Test
  void aRemovedGatewayAdmitsNothing() {
    store.apply(config(1, true));
    store.connected();
    store.removed();
    assertThrows(StoreException.class, () -> store.findActiveKey(HASH));
  }

  @Test
  void theMonthlyLimitHoldsExactlyUnderConcurrencyOnThisGateway() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger counted = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      pool.execute(() -> {
        if (store.reserveRequest("org_1", "2026-12", 50L)) {
          counted.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(50, counted.get());
    assertFalse(store.reserveRequest("org_1", "2026-12", 50L));
    assertTrue(store.reserveRequest("org_1", "2027-01", 50L), "a new month");
  }

  @Test
  void usageIsQueuedForTheCoordinatorAndCreditsCountedHere() {
    store.apply(config(1, true));
    store.connected();
    store.recordUsage(new UsageRecord("org_1", "key_1", "openai", "2026-12", 10, 20, 300), Instant.EPOCH);
    store.recordUsage(new UsageRecord("org_1", "key_1", "openai", "2026-12", 1, 2, 3), Instant.EPOCH);
    assertEquals(303, store.monthlyTotals("org_1", "2026-12").creditsMicros());
    var first = store.drainUsage(1);
    assertEquals(1, first.size());
    assertEquals(300, first.get(0).getCreditsMicros());
    store.requeue(first);
    assertEquals(2, store.drainUsage(10).size());
    assertTrue(store.drainUsage(10).isEmpty());
  }

  private static Config config(long version, boolean withKey) {
    Config.Builder config = Config.newBuilder().setVersion(version)
        .addPlans(PlanConfig.newBuilder().setId("plan_1").setName("team").setRateLimitPerMinute(60).addProviders("openai"))
        .addOrgs(OrgConfig.newBuilder().setId("org_1").setName("acme").setPlanId("plan_1"));
    if (withKey) {
      config.addKeys(KeyConfig.newBuilder().setId("key_1").setOrgId("org_1").setKeyHash(HASH).setPrefix("tk_live_abcdefgh")
          .addScopes("llm:chat"));
    } else {
      config.addRevokedKeyIds("key_1");
    }
    return config.build();
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-07T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
