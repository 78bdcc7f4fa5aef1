package io.takumo.aegis.server.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.provider.Provider;
import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.store.Database;
import io.takumo.aegis.server.store.JdbcStore;
import io.takumo.aegis.server.store.Org;
import io.takumo.aegis.server.store.TestStores;
import io.takumo.aegis.server.store.UsageRecord;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:20Z");
  private static final ProviderRoute CHAT = ProviderRoute.of("POST", "/v1/chat/completions", false).orElseThrow();
  private static final ProviderRoute EMBEDDINGS = ProviderRoute.of("POST", "/v1/embeddings", false).orElseThrow();
  private static final ProviderRoute MODELS = ProviderRoute.of("GET", "/v1/models", false).orElseThrow();
  private static final ProviderRoute ANTHROPIC = ProviderRoute.of("POST", "/v1/messages", true).orElseThrow();

  private final ApiKeys keys = new ApiKeys(new SecureRandom());
  @TempDir
  Path dir;
  private Database db;
  private JdbcStore store;
  private Admission admission;

  @BeforeEach
  void open() {
    db = TestStores.open(dir);
    store = TestStores.store(db);
    admission = new Admission(store, new LocalRateLimiter(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private String key(String plan, Integer rate, Long requests, Long credits, Set<String> providers, Scope... scopes) {
    store.createPlan(plan, rate, requests, credits, providers);
    store.createOrg("org-" + plan, plan);
    String key = keys.newKey();
    store.createKey("org-" + plan, null, EnumSet.of(scopes[0], scopes), ApiKeys.prefix(key), ApiKeys.hash(key), NOW);
    return key;
  }

  private static Decision.Rejected rejected(Decision decision, ErrorCode code) {
    Decision.Rejected rejected = assertInstanceOf(Decision.Rejected.class, decision);
    assertEquals(code, rejected.error().code(), rejected.error().message());
    return rejected;
  }

  @Test
  void aHandshakeNeedsAnActiveKeyWithAScopeForProviderTrafficAndCountsNothing() {
    String key = key("team", null, 1L, null, Set.of("openai"), Scope.LLM_READ);
    Decision.Identified identified = assertInstanceOf(Decision.Identified.class, admission.handshake(key));
    assertEquals("org-team", identified.principal().orgName());
    assertEquals(0, store.monthlyTotals(identified.principal().orgId(), "2026-12").requests(), "nothing counted");
    rejected(admission.handshake(null), ErrorCode.INVALID_API_KEY);
    rejected(admission.handshake(keys.newKey()), ErrorCode.INVALID_API_KEY);
    String adminOnly = keys.newKey();
    store.createKey("org-team", null, EnumSet.of(Scope.ADMIN), ApiKeys.prefix(adminOnly), ApiKeys.hash(adminOnly), NOW);
    rejected(admission.handshake(adminOnly), ErrorCode.MISSING_SCOPE);
  }

  @Test
  void aSessionsRequestIsAdmittedByItsKeysHashUntilTheKeyIsRevoked() {
    String key = key("team", null, null, null, Set.of("openai"), Scope.LLM_CHAT);
    assertInstanceOf(Decision.Admitted.class, admission.admitSession(ApiKeys.hash(key), CHAT));
    rejected(admission.admitSession(ApiKeys.hash(key), EMBEDDINGS), ErrorCode.MISSING_SCOPE);
    store.revokeKey(ApiKeys.prefix(key), null, NOW);
    assertEquals("The API key was revoked during the session.",
        rejected(admission.admitSession(ApiKeys.hash(key), CHAT), ErrorCode.INVALID_API_KEY).error().message());
  }

  @Test
  void aMissingMalformedUnknownOrRevokedKeyIsInvalid() {
    String key = key("free", null, null, null, Set.of(), Scope.LLM_CHAT);
    assertEquals("The X-Takumo-Api-Key header is missing.", rejected(admission.admit(null, CHAT), ErrorCode.INVALID_API_KEY).error().message());
    rejected(admission.admit("sk-not-a-takumo-key", CHAT), ErrorCode.INVALID_API_KEY);
    rejected(admission.admit(keys.newKey(), CHAT), ErrorCode.INVALID_API_KEY);
    assertInstanceOf(Decision.Admitted.class, admission.admit(key, CHAT));
    store.revokeKey(ApiKeys.prefix(key), null, NOW);
    Decision.Rejected revoked = rejected(admission.admit(key, CHAT), ErrorCode.INVALID_API_KEY);
    assertEquals("The API key is unknown or revoked.", revoked.error().message());
    assertEquals(401, revoked.error().code().status());
  }

  @Test
  void eachRouteNeedsItsScopeAndTheRefusalNamesIt() {
    String chatOnly = key("free", null, null, null, Set.of(), Scope.LLM_CHAT);
    assertInstanceOf(Decision.Admitted.class, admission.admit(chatOnly, CHAT));
    Decision.Rejected e = rejected(admission.admit(chatOnly, EMBEDDINGS), ErrorCode.MISSING_SCOPE);
    assertEquals("This key lacks the scope llm:embeddings.", e.error().message());
    assertEquals(403, e.error().code().status());
    assertEquals("This key lacks the scope llm:read.", rejected(admission.admit(chatOnly, MODELS), ErrorCode.MISSING_SCOPE).error().message());
  }

  @Test
  void refusalsOfKnownKeysAreRememberedPerOrgNewestFirstBoundedAndWithoutTheKey() {
    String key = key("refusals", 1, null, null, Set.of("openai"), Scope.LLM_CHAT);
    String orgId = store.findOrg("org-refusals").orElseThrow().id();
    rejected(admission.admit(keys.newKey(), CHAT), ErrorCode.INVALID_API_KEY);
    assertTrue(admission.refusals().of(orgId).isEmpty(), "an unknown key belongs to no org");
    assertInstanceOf(Decision.Admitted.class, admission.admit(key, CHAT));
    rejected(admission.admit(key, CHAT), ErrorCode.RATE_LIMITED);
    rejected(admission.admit(key, EMBEDDINGS), ErrorCode.MISSING_SCOPE);
    List<RecentRefusals.Refusal> recent = admission.refusals().of(orgId);
    assertEquals(List.of("missing_scope", "rate_limited"), recent.stream().map(RecentRefusals.Refusal::code).toList());
    RecentRefusals.Refusal newest = recent.get(0);
    assertEquals(403, newest.status());
    assertEquals("This key lacks the scope llm:embeddings.", newest.message());
    assertEquals(ApiKeys.prefix(key), newest.keyPrefix());
    assertEquals("openai", newest.provider());
    assertEquals(NOW, newest.at());
    assertEquals(429, recent.get(1).status());
    for (int i = 0; i < RecentRefusals.PER_ORG + 10; i++) {
      rejected(admission.admit(key, ANTHROPIC), ErrorCode.PLAN_LIMIT);
    }
    recent = admission.refusals().of(orgId);
    assertEquals(RecentRefusals.PER_ORG, recent.size());
    assertTrue(recent.stream().allMatch(r -> r.code().equals("plan_limit") && !r.message().contains(key)));
  }

  @Test
  void aProviderOutsideThePlanIsAPlanLimitNamingIt() {
    String key = key("openai-only", null, null, null, Set.of("openai"), Scope.LLM_CHAT);
    assertInstanceOf(Decision.Admitted.class, admission.admit(key, CHAT));
    assertEquals("The plan openai-only does not include the provider anthropic.",
        rejected(admission.admit(key, ANTHROPIC), ErrorCode.PLAN_LIMIT).error().message());
  }

  @Test
  void usedUpCreditsAreAPlanLimitNamingTheCreditLimit() {
    String key = key("credits", null, null, 1_000_000L, Set.of(), Scope.LLM_CHAT);
    Decision.Admitted first = assertInstanceOf(Decision.Admitted.class, admission.admit(key, CHAT));
    store.recordUsage(new UsageRecord(first.principal().orgId(), first.principal().keyId(), "openai", "2026-12", 1, 1, 999_999), NOW);
    assertInstanceOf(Decision.Admitted.class, admission.admit(key, CHAT));
    store.recordUsage(new UsageRecord(first.principal().orgId(), first.principal().keyId(), "openai", "2026-12", 1, 1, 1), NOW);
    assertEquals("The monthly credit limit of $1.00 of the plan credits is used up.",
        rejected(admission.admit(key, CHAT), ErrorCode.PLAN_LIMIT).error().message());
  }

  @Test
  void aPlanOf50RequestsServesExactly50UnderConcurrency() throws Exception {
    String key = key("fifty", null, 50L, null, Set.of(), Scope.LLM_CHAT);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Callable<Decision>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(() -> admission.admit(key, CHAT));
      }
      int admitted = 0;
      int planLimit = 0;
      for (Future<Decision> f : pool.invokeAll(calls)) {
        Decision d = f.get();
        if (d instanceof Decision.Admitted) {
          admitted++;
        } else if (((Decision.Rejected) d).error().code() == ErrorCode.PLAN_LIMIT) {
          assertEquals("The monthly request limit of 50 of the plan fifty is used up.", ((Decision.Rejected) d).error().message());
          planLimit++;
        }
      }
      assertEquals(50, admitted);
      assertEquals(150, planLimit);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theRateLimitCountsDownInItsHeadersThenRefusesWithRetryAfter() {
    String key = key("three", 3, null, null, Set.of(), Scope.LLM_CHAT);
    for (int remaining = 2; remaining >= 0; remaining--) {
      Map<String, String> headers = assertInstanceOf(Decision.Admitted.class, admission.admit(key, CHAT)).quotaHeaders();
      assertEquals("3", headers.get("X-RateLimit-Limit"));
      assertEquals(Integer.toString(remaining), headers.get("X-RateLimit-Remaining"));
      assertEquals("\"minute\";q=3;w=60", headers.get("RateLimit-Policy"));
      assertEquals("\"minute\";r=" + remaining + ";t=40", headers.get("RateLimit"));
    }
    Decision.Rejected limited = rejected(admission.admit(key, CHAT), ErrorCode.RATE_LIMITED);
    assertEquals(429, limited.error().code().status());
    assertEquals("40", limited.error().headers().get("Retry-After"), "seconds to the end of the minute");
    assertEquals("0", limited.error().headers().get("X-RateLimit-Remaining"));
    assertEquals("3", limited.error().headers().get("X-RateLimit-Limit"));
    assertEquals("\"minute\";r=0;t=40", limited.error().headers().get("RateLimit"));
    assertEquals("The rate limit of 3 requests per minute of the plan three is reached; retry after 40 s.", limited.error().message());
    assertNull(assertInstanceOf(Decision.Admitted.class, admission.admit(key("none", null, null, null, Set.of(), Scope.LLM_CHAT), CHAT))
        .quotaHeaders().get("X-RateLimit-Limit"), "no rate limit, no rate-limit headers");
  }

  @Test
  void aStoreThatCannotAnswerMakesTheGatewayUnavailable() {
    String key = key("free", null, null, null, Set.of(), Scope.LLM_CHAT);
    db.close();
    Decision.Rejected down = rejected(admission.admit(key, CHAT), ErrorCode.UNAVAILABLE);
    assertEquals(503, down.error().code().status());
    assertEquals("5", down.error().headers().get("Retry-After"));
    assertTrue(down.error().message().contains("store"));
  }

  @Test
  void theRoutesOfEachProviderNeedTheirScopes() {
    assertEquals(Provider.GEMINI, ProviderRoute.of("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", false).orElseThrow().provider());
    assertEquals(Scope.LLM_EMBEDDINGS, ProviderRoute.of("POST", "/v1beta/models/gemini-embedding-001:embedContent", false).orElseThrow().scope());
    assertEquals(Scope.LLM_CHAT, ProviderRoute.of("POST", "/v1/responses", false).orElseThrow().scope());
    assertEquals(Provider.ANTHROPIC, ProviderRoute.of("GET", "/v1/models", true).orElseThrow().provider());
    assertEquals(Scope.LLM_READ, ProviderRoute.of("GET", "/v1beta/models", false).orElseThrow().scope());
  }
}
