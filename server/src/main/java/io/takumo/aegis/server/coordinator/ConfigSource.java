package io.takumo.aegis.server.coordinator;

import io.takumo.aegis.server.fleet.v1.Config;
import io.takumo.aegis.server.fleet.v1.KeyConfig;
import io.takumo.aegis.server.fleet.v1.OrgConfig;
import io.takumo.aegis.server.fleet.v1.PlanConfig;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.store.Org;
import io.takumo.aegis.server.store.Plan;
import io.takumo.aegis.server.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads what gateways admit requests with from the coordinator's database: plans and orgs
 * through the {@link Store}, keys (their hashes, which the store never hands out) and the orgs'
 * policies directly.
 */
final class ConfigSource {
  private final Store store;
  private final DataSource dataSource;

  ConfigSource(Store store, DataSource dataSource) {
    this.store = store;
    this.dataSource = dataSource;
  }

  /** The current config, without a version. */
  Config read() {
    Config.Builder config = Config.newBuilder();
    for (Plan plan : store.listPlans()) {
      PlanConfig.Builder p = PlanConfig.newBuilder().setId(plan.id()).setName(plan.name())
          .addAllProviders(new TreeSet<>(plan.providers()));
      if (plan.rateLimitPerMinute() != null) {
        p.setRateLimitPerMinute(plan.rateLimitPerMinute());
      }
      if (plan.requestsPerMonth() != null) {
        p.setRequestsPerMonth(plan.requestsPerMonth());
      }
      if (plan.creditsPerMonthMicros() != null) {
        p.setCreditsPerMonthMicros(plan.creditsPerMonthMicros());
      }
      config.addPlans(p);
    }
    Map<String, String> policies = orgPolicies();
    for (Org org : store.listOrgs()) {
      OrgConfig.Builder o = OrgConfig.newBuilder().setId(org.id()).setName(org.name()).setPlanId(org.planId());
      String policy = policies.get(org.id());
      if (policy != null) {
        o.setPolicyJson(policy);
      }
      config.addOrgs(o);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT id, org_id, key_hash, prefix, scopes, revoked_at FROM api_keys ORDER BY id");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        if (r.getObject(6) != null) {
          config.addRevokedKeyIds(r.getString(1));
          continue;
        }
        KeyConfig.Builder key = KeyConfig.newBuilder().setId(r.getString(1)).setOrgId(r.getString(2))
            .setKeyHash(r.getString(3).trim()).setPrefix(r.getString(4));
        Scope.parseList(r.getString(5)).forEach(scope -> key.addScopes(scope.wireName()));
        config.addKeys(key);
      }
    } catch (SQLException e) {
      throw FleetRepository.failed("read keys for the fleet", e);
    }
    return config.build();
  }

  /**
   * The orgs' policies (as {@link Store#orgPolicy} reads them) in one query: this runs at every
   * poll, and one query per org would grow with the orgs.
   */
  private Map<String, String> orgPolicies() {
    Map<String, String> policies = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id, policy FROM orgs WHERE policy IS NOT NULL");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        policies.put(r.getString(1), r.getString(2));
      }
    } catch (SQLException e) {
      throw FleetRepository.failed("read org policies for the fleet", e);
    }
    return policies;
  }
}
