package io.takumo.aegis.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.keys.Scope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private final ApiKeys keys = new ApiKeys(new SecureRandom());

  @TempDir
  Path dir;

  @Test
  void migrationsRunOnceAndDataSurvivesAReopen() throws Exception {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("starter", 60, 1000L, 25_000_000L, Set.of("openai"));
      store.createOrg("acme", "starter");
    }
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      assertEquals("acme", store.findOrg("acme").orElseThrow().name());
      Plan plan = store.listPlans().get(0);
      assertEquals(60, plan.rateLimitPerMinute());
      assertEquals(1000L, plan.requestsPerMonth());
      assertEquals(25_000_000L, plan.creditsPerMonthMicros());
      assertEquals(Set.of("openai"), plan.providers());
      try (Connection c = db.dataSource().getConnection();
          ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'")) {
        r.next();
        // Every migration file applied once (others add migrations: the count comes from the files).
        long files;
        try (var list = java.nio.file.Files.list(Path.of(getClass().getResource("/db/migration").toURI()))) {
          files = list.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        assertEquals(files, r.getInt(1), "each migration applied, once");
      }
    }
  }

  @Test
  void anOrgPolicyIsStoredByOrgNameReadByOrgIdAndRemovedWithNull() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("starter", null, null, null, Set.of("openai"));
      Org acme = store.createOrg("acme", "starter");
      Org other = store.createOrg("other", "starter");
      assertTrue(store.orgPolicy(acme.id()).isEmpty());
      String policy = "{\"generic-names\":[\"passcode\"]}";
      store.setOrgPolicy("acme", policy);
      assertEquals(policy, store.orgPolicy(acme.id()).orElseThrow());
      assertTrue(store.orgPolicy(other.id()).isEmpty(), "only that org's");
      assertTrue(store.orgPolicy("org_nosuch").isEmpty());
      assertThrows(NotFoundException.class, () -> store.setOrgPolicy("nosuch", policy));
      store.setOrgPolicy("acme", null);
      assertTrue(store.orgPolicy(acme.id()).isEmpty());
    }
  }

  @Test
  void namesAreUniqueAndReferencesMustExist() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, null, null, Set.of());
      assertThrows(ConflictException.class, () -> store.createPlan("free", null, null, null, Set.of()));
      assertThrows(NotFoundException.class, () -> store.createOrg("acme", "nope"));
      store.createOrg("acme", "free");
      assertThrows(ConflictException.class, () -> store.createOrg("acme", "free"));
      assertThrows(NotFoundException.class, () -> store.createKey("nope", null, EnumSet.of(Scope.LLM_CHAT), "p", "h", NOW));
    }
  }

  @Test
  void keysAreFoundByHashOnlyWhileActiveAndRevokedByIdOrPrefix() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, null, null, Set.of());
      store.createOrg("acme", "free");
      String first = keys.newKey();
      String second = keys.newKey();
      KeyInfo a = store.createKey("acme", "ci", EnumSet.of(Scope.LLM_CHAT, Scope.ADMIN), ApiKeys.prefix(first), ApiKeys.hash(first), NOW);
      store.createKey("acme", null, EnumSet.of(Scope.LLM_READ), ApiKeys.prefix(second), ApiKeys.hash(second), NOW);

      KeyPrincipal found = store.findActiveKey(ApiKeys.hash(first)).orElseThrow();
      assertEquals(a.id(), found.keyId());
      assertEquals("acme", found.orgName());
      assertEquals(EnumSet.of(Scope.LLM_CHAT, Scope.ADMIN), found.scopes());
      assertTrue(store.findActiveKey(ApiKeys.hash(keys.newKey())).isEmpty());

      KeyInfo revoked = store.revokeKey(ApiKeys.prefix(first), null, NOW);
      assertTrue(revoked.revoked());
      assertTrue(store.findActiveKey(ApiKeys.hash(first)).isEmpty(), "a revoked key is not found on the next look-up");
      assertTrue(store.findActiveKey(ApiKeys.hash(second)).isPresent());
      assertEquals(revoked.revokedAt(), store.revokeKey(a.id(), null, NOW.plusSeconds(5)).revokedAt(), "idempotent");
      assertThrows(NotFoundException.class, () -> store.revokeKey("tk_live_nothere", null, NOW));

      List<KeyInfo> listed = store.listKeys("acme");
      assertEquals(2, listed.size());
      assertEquals(1, listed.stream().filter(k -> k.id().equals(a.id()) && k.revoked()).count());
      assertEquals(1, listed.stream().filter(k -> !k.revoked()).count());
    }
  }

  @Test
  void anAmbiguousPrefixRevokesNothing() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, null, null, Set.of());
      store.createOrg("acme", "free");
      store.createKey("acme", null, EnumSet.of(Scope.LLM_CHAT), "tk_live_same0000", ApiKeys.hash(keys.newKey()), NOW);
      store.createKey("acme", null, EnumSet.of(Scope.LLM_CHAT), "tk_live_same0000", ApiKeys.hash(keys.newKey()), NOW);
      ConflictException e = assertThrows(ConflictException.class, () -> store.revokeKey("tk_live_same0000", null, NOW));
      assertTrue(e.getMessage().contains("matches 2 keys"), e.getMessage());
      assertTrue(store.listKeys("acme").stream().noneMatch(KeyInfo::revoked));
    }
  }

  @Test
  void anOrgScopedRevocationDoesNotReachAnotherOrgsKey() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, null, null, Set.of());
      Org acme = store.createOrg("acme", "free");
      store.createOrg("other", "free");
      String key = keys.newKey();
      KeyInfo theirs = store.createKey("other", null, EnumSet.of(Scope.LLM_CHAT), ApiKeys.prefix(key), ApiKeys.hash(key), NOW);
      assertThrows(NotFoundException.class, () -> store.revokeKey(theirs.id(), acme.id(), NOW));
      assertFalse(store.listKeys("other").get(0).revoked());
    }
  }

  @Test
  void reservationsNeverPassTheLimitUnderConcurrency() throws Exception {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, 50L, null, Set.of());
      Org org = store.createOrg("acme", "free");
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        // Several months, each a fresh row: 32 threads released at once, 200 reservations for a limit of 50.
        for (int month = 1; month <= 6; month++) {
          String period = "2026-0" + month;
          CountDownLatch start = new CountDownLatch(1);
          List<Callable<Boolean>> calls = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            calls.add(() -> {
              start.await();
              return store.reserveRequest(org.id(), period, 50L);
            });
          }
          List<Future<Boolean>> results = new ArrayList<>();
          for (Callable<Boolean> call : calls) {
            results.add(pool.submit(call));
          }
          start.countDown();
          long admitted = 0;
          for (Future<Boolean> f : results) {
            admitted += f.get() ? 1 : 0;
          }
          assertEquals(50, admitted, period);
          assertEquals(50, store.monthlyTotals(org.id(), period).requests(), period);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void usageIsChargedToTheOrgAndRecordedPerKeyAndProvider() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, null, null, Set.of());
      Org org = store.createOrg("acme", "free");
      String key = keys.newKey();
      KeyInfo info = store.createKey("acme", "ci", EnumSet.of(Scope.LLM_CHAT), ApiKeys.prefix(key), ApiKeys.hash(key), NOW);
      store.reserveRequest(org.id(), "2026-12", null);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "openai", "2026-12", 100, 50, 750), NOW);
      store.reserveRequest(org.id(), "2026-12", null);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "openai", "2026-12", 10, 5, 75), NOW);
      store.reserveRequest(org.id(), "2026-12", null);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "anthropic", "2026-12", 1, 1, 18), NOW);

      assertEquals(new MonthlyTotals(3, 843), store.monthlyTotals(org.id(), "2026-12"));
      List<UsageRow> rows = store.usage(org.id(), "2026-12");
      assertEquals(2, rows.size());
      UsageRow openai = rows.stream().filter(r -> r.provider().equals("openai")).findFirst().orElseThrow();
      assertEquals(new UsageRow(info.id(), info.prefix(), "ci", "openai", 2, 110, 55, 825), openai);
      assertNotNull(store.listKeys("acme").get(0).lastUsedAt());
      assertTrue(store.usage(org.id(), "2026-11").isEmpty());
    }
  }

  @Test
  void usageIsAlsoKeptPerDayAndProviderForTheMonthOfTheDay() {
    try (Database db = TestStores.open(dir)) {
      Store store = TestStores.store(db);
      store.createPlan("free", null, null, null, Set.of());
      Org org = store.createOrg("acme", "free");
      String key = keys.newKey();
      KeyInfo info = store.createKey("acme", "ci", EnumSet.of(Scope.LLM_CHAT), ApiKeys.prefix(key), ApiKeys.hash(key), NOW);
      Instant nextDay = NOW.plusSeconds(86_400);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "openai", "2026-12", 1, 1, 100), NOW);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "openai", "2026-12", 1, 1, 20), NOW);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "gemini", "2026-12", 1, 1, 3), NOW);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "openai", "2026-12", 1, 1, 4), nextDay);
      store.recordUsage(new UsageRecord(org.id(), info.id(), "openai", "2027-01", 1, 1, 5), Instant.parse("2027-01-01T00:00:01Z"));

      assertEquals(List.of(new DailyUsage("2026-12-07", "gemini", 1, 3), new DailyUsage("2026-12-07", "openai", 2, 120),
          new DailyUsage("2026-12-08", "openai", 1, 4)), store.dailyUsage(org.id(), "2026-12"));
      assertEquals(List.of(new DailyUsage("2027-01-01", "openai", 1, 5)), store.dailyUsage(org.id(), "2027-01"));
    }
  }

  @Test
  void aClosedDatabaseIsAStoreFailureWithoutTheDriversMessage() {
    Database db = TestStores.open(dir);
    Store store = TestStores.store(db);
    db.close();
    StoreException e = assertThrows(StoreException.class, () -> store.findActiveKey(ApiKeys.hash(keys.newKey())));
    assertTrue(e.getMessage().startsWith("the store could not look up a key (SQL state"), e.getMessage());
    assertEquals(null, e.getCause());
  }
}
