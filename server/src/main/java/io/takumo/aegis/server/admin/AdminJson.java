package io.takumo.aegis.server.admin;

import io.takumo.aegis.server.dashboard.DashboardSessions;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.store.KeyInfo;
import io.takumo.aegis.server.store.Org;
import io.takumo.aegis.server.store.Plan;
import io.takumo.aegis.server.usage.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.TreeSet;

/** The admin API's JSON for plans, orgs and keys. A key's JSON never holds the key. */
final class AdminJson {
  private AdminJson() {
  }

  static JsonObject plan(Plan plan) {
    return new JsonObject().put("id", plan.id()).put("name", plan.name())
        .put("rate_limit_per_minute", plan.rateLimitPerMinute()).put("requests_per_month", plan.requestsPerMonth())
        .put("credits_per_month_usd", plan.creditsPerMonthMicros() == null ? null : Money.decimal(plan.creditsPerMonthMicros()))
        .put("providers", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(plan.providers()))));
  }

  static JsonObject org(Org org) {
    return new JsonObject().put("id", org.id()).put("name", org.name()).put("plan", org.planName());
  }

  static JsonObject key(KeyInfo key) {
    JsonArray scopes = new JsonArray();
    Arrays.stream(Scope.values()).filter(key.scopes()::contains).forEach(s -> scopes.add(s.wireName()));
    return new JsonObject().put("id", key.id()).put("org", key.orgName()).put("name", key.name()).put("prefix", key.prefix())
        .put("scopes", scopes).put("status", key.revoked() ? "revoked" : "active").put("created_at", time(key.createdAt()))
        .put("last_used_at", time(key.lastUsedAt())).put("revoked_at", time(key.revokedAt()));
  }

  /** What a signed-in dashboard page needs: who it is, its CSRF token, and the scopes a key may get. */
  static JsonObject session(DashboardSessions.Session session, String orgName) {
    JsonArray scopes = new JsonArray();
    Arrays.stream(Scope.values()).forEach(s -> scopes.add(s.wireName()));
    return new JsonObject().put("operator", session.orgId() == null).put("org", orgName)
        .put("csrf_token", session.csrfToken()).put("expires_at", time(session.expiresAt())).put("scopes", scopes);
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
