package io.takumo.aegis.server.store;

import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.keys.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The store over JDBC, in SQL that H2 and PostgreSQL both run. Each statement runs in auto-commit:
 * counters move by single conditional {@code UPDATE}s, which the database serialises per row, and
 * a missing row is inserted once (a concurrent insert loses on the primary key and updates).
 */
public final class JdbcStore implements Store {
  private static final String DUPLICATE_KEY = "23505";
  private static final String PRINCIPAL_SELECT =
      "SELECT k.id, k.prefix, k.scopes, o.id, o.name, p.id, p.name, p.rate_limit_per_minute, p.requests_per_month,"
          + " p.credits_per_month_micros, p.providers FROM api_keys k JOIN orgs o ON o.id = k.org_id"
          + " JOIN plans p ON p.id = o.plan_id WHERE k.key_hash = ? AND k.revoked_at IS NULL";
  private static final String KEY_SELECT =
      "SELECT k.id, k.org_id, o.name, k.name, k.prefix, k.scopes, k.created_at, k.last_used_at, k.revoked_at"
          + " FROM api_keys k JOIN orgs o ON o.id = k.org_id";

  private final DataSource dataSource;
  private final ApiKeys ids;

  public JdbcStore(DataSource dataSource, ApiKeys ids) {
    this.dataSource = dataSource;
    this.ids = ids;
  }

  @Override
  public Plan createPlan(String name, Integer rateLimitPerMinute, Long requestsPerMonth, Long creditsPerMonthMicros,
      Set<String> providers) {
    Plan plan = new Plan(ids.newId("plan_"), name, rateLimitPerMinute, requestsPerMonth, creditsPerMonthMicros,
        Set.copyOf(providers));
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("INSERT INTO plans (id, name, rate_limit_per_minute, requests_per_month,"
            + " credits_per_month_micros, providers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, plan.id());
      s.setString(2, name);
      setNullable(s, 3, rateLimitPerMinute == null ? null : rateLimitPerMinute.longValue(), Types.INTEGER);
      setNullable(s, 4, requestsPerMonth, Types.BIGINT);
      setNullable(s, 5, creditsPerMonthMicros, Types.BIGINT);
      s.setString(6, String.join(",", new TreeSet<>(providers)));
      s.setLong(7, System.currentTimeMillis());
      s.executeUpdate();
      return plan;
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        throw new ConflictException("a plan named '" + name + "' already exists");
      }
      throw failed("create a plan", e);
    }
  }

  @Override
  public List<Plan> listPlans() {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("SELECT id, name, rate_limit_per_minute, requests_per_month,"
            + " credits_per_month_micros, providers FROM plans ORDER BY name");
        ResultSet r = s.executeQuery()) {
      List<Plan> plans = new ArrayList<>();
      while (r.next()) {
        plans.add(plan(r, 1));
      }
      return plans;
    } catch (SQLException e) {
      throw failed("list plans", e);
    }
  }

  @Override
  public Org createOrg(String name, String planName) {
    try (Connection c = connection()) {
      String planId = planId(c, planName);
      String id = ids.newId("org_");
      try (PreparedStatement s = c.prepareStatement("INSERT INTO orgs (id, name, plan_id, created_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, id);
        s.setString(2, name);
        s.setString(3, planId);
        s.setLong(4, System.currentTimeMillis());
        s.executeUpdate();
      }
      return new Org(id, name, planId, planName);
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        throw new ConflictException("an org named '" + name + "' already exists");
      }
      throw failed("create an org", e);
    }
  }

  @Override
  public List<Org> listOrgs() {
    return queryOrgs("", null);
  }

  @Override
  public Optional<Org> findOrg(String name) {
    return queryOrgs(" WHERE o.name = ?", name).stream().findFirst();
  }

  private List<Org> queryOrgs(String where, String name) {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement(
            "SELECT o.id, o.name, p.id, p.name FROM orgs o JOIN plans p ON p.id = o.plan_id" + where + " ORDER BY o.name")) {
      if (name != null) {
        s.setString(1, name);
      }
      try (ResultSet r = s.executeQuery()) {
        List<Org> orgs = new ArrayList<>();
        while (r.next()) {
          orgs.add(new Org(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
        }
        return orgs;
      }
    } catch (SQLException e) {
      throw failed("read orgs", e);
    }
  }

  @Override
  public Optional<String> orgPolicy(String orgId) {
    try (Connection c = connection(); PreparedStatement s = c.prepareStatement("SELECT policy FROM orgs WHERE id = ?")) {
      s.setString(1, orgId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("read an org policy", e);
    }
  }

  @Override
  public void setOrgPolicy(String orgName, String policyJson) {
    try (Connection c = connection(); PreparedStatement s = c.prepareStatement("UPDATE orgs SET policy = ? WHERE name = ?")) {
      s.setString(1, policyJson);
      s.setString(2, orgName);
      if (s.executeUpdate() == 0) {
        throw new NotFoundException("no org named '" + orgName + "'");
      }
    } catch (SQLException e) {
      throw failed("set an org policy", e);
    }
  }

  @Override
  public KeyInfo createKey(String orgName, String name, Set<Scope> scopes, String prefix, String keyHash, Instant now) {
    Org org = findOrg(orgName).orElseThrow(() -> new NotFoundException("no org named '" + orgName + "'"));
    String id = ids.newId("key_");
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("INSERT INTO api_keys (id, org_id, name, prefix, key_hash, scopes,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, org.id());
      s.setString(3, name);
      s.setString(4, prefix);
      s.setString(5, keyHash);
      s.setString(6, Scope.names(scopes));
      s.setLong(7, now.toEpochMilli());
      s.executeUpdate();
      return new KeyInfo(id, org.id(), org.name(), name, prefix, EnumSet.copyOf(scopes), now, null, null);
    } catch (SQLException e) {
      throw failed("create a key", e);
    }
  }

  @Override
  public List<KeyInfo> listKeys(String orgName) {
    Org org = findOrg(orgName).orElseThrow(() -> new NotFoundException("no org named '" + orgName + "'"));
    return queryKeys(" WHERE k.org_id = ? ORDER BY k.created_at, k.id", org.id());
  }

  @Override
  public KeyInfo revokeKey(String idOrPrefix, String orgId, Instant now) {
    List<KeyInfo> matches = orgId == null
        ? queryKeys(" WHERE k.id = ? OR k.prefix = ?", idOrPrefix, idOrPrefix)
        : queryKeys(" WHERE (k.id = ? OR k.prefix = ?) AND k.org_id = ?", idOrPrefix, idOrPrefix, orgId);
    if (matches.isEmpty()) {
      throw new NotFoundException("no key with id or prefix '" + idOrPrefix + "'");
    }
    if (matches.size() > 1) {
      throw new ConflictException("the prefix '" + idOrPrefix + "' matches " + matches.size() + " keys; give the key id");
    }
    KeyInfo key = matches.get(0);
    if (key.revoked()) {
      return key;
    }
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      s.setLong(1, now.toEpochMilli());
      s.setString(2, key.id());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failed("revoke a key", e);
    }
    return queryKeys(" WHERE k.id = ?", key.id()).get(0);
  }

  private List<KeyInfo> queryKeys(String where, String... params) {
    try (Connection c = connection(); PreparedStatement s = c.prepareStatement(KEY_SELECT + where)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<KeyInfo> keys = new ArrayList<>();
        while (r.next()) {
          keys.add(new KeyInfo(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              Scope.parseList(r.getString(6)), instant(r, 7), instant(r, 8), instant(r, 9)));
        }
        return keys;
      }
    } catch (SQLException e) {
      throw failed("read keys", e);
    }
  }

  @Override
  public Optional<KeyPrincipal> findActiveKey(String keyHash) {
    try (Connection c = connection(); PreparedStatement s = c.prepareStatement(PRINCIPAL_SELECT)) {
      s.setString(1, keyHash);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new KeyPrincipal(r.getString(1), r.getString(2), Scope.parseList(r.getString(3)),
            r.getString(4), r.getString(5), plan(r, 6)));
      }
    } catch (SQLException e) {
      throw failed("look up a key", e);
    }
  }

  @Override
  public MonthlyTotals monthlyTotals(String orgId, String month) {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement(
            "SELECT requests, credits_micros FROM org_monthly_usage WHERE org_id = ? AND usage_month = ?")) {
      s.setString(1, orgId);
      s.setString(2, month);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new MonthlyTotals(r.getLong(1), r.getLong(2)) : new MonthlyTotals(0, 0);
      }
    } catch (SQLException e) {
      throw failed("read monthly usage", e);
    }
  }

  @Override
  public boolean reserveRequest(String orgId, String month, Long limit) {
    String update = "UPDATE org_monthly_usage SET requests = requests + 1 WHERE org_id = ? AND usage_month = ?"
        + (limit == null ? "" : " AND requests < ?");
    try (Connection c = connection()) {
      if (update(c, update, orgId, month, limit) == 1) {
        return true;
      }
      if (limit != null && limit <= 0) {
        return false;
      }
      // No row for this month yet (or the org is at its limit: then the insert clashes too).
      if (insertIgnoringDuplicate(c, "INSERT INTO org_monthly_usage (org_id, usage_month, requests, credits_micros)"
          + " VALUES (?, ?, 1, 0)", orgId, month)) {
        return true;
      }
      return update(c, update, orgId, month, limit) == 1;
    } catch (SQLException e) {
      throw failed("reserve a request", e);
    }
  }

  @Override
  public void recordUsage(UsageRecord u, Instant now) {
    try (Connection c = connection()) {
      if (u.creditsMicros() != 0) {
        String charge = "UPDATE org_monthly_usage SET credits_micros = credits_micros + ? WHERE org_id = ? AND usage_month = ?";
        if (update(c, charge, u.creditsMicros(), u.orgId(), u.month()) == 0
            && !insertIgnoringDuplicate(c, "INSERT INTO org_monthly_usage (org_id, usage_month, requests, credits_micros)"
                + " VALUES (?, ?, 0, ?)", u.orgId(), u.month(), u.creditsMicros())) {
          update(c, charge, u.creditsMicros(), u.orgId(), u.month());
        }
      }
      String add = "UPDATE key_monthly_usage SET requests = requests + 1, input_tokens = input_tokens + ?,"
          + " output_tokens = output_tokens + ?, credits_micros = credits_micros + ?"
          + " WHERE key_id = ? AND provider = ? AND usage_month = ?";
      Object[] addParams = {u.inputTokens(), u.outputTokens(), u.creditsMicros(), u.keyId(), u.provider(), u.month()};
      if (update(c, add, addParams) == 0
          && !insertIgnoringDuplicate(c, "INSERT INTO key_monthly_usage (key_id, provider, usage_month, requests,"
              + " input_tokens, output_tokens, credits_micros) VALUES (?, ?, ?, 1, ?, ?, ?)",
              u.keyId(), u.provider(), u.month(), u.inputTokens(), u.outputTokens(), u.creditsMicros())) {
        update(c, add, addParams);
      }
      String day = now.atZone(ZoneOffset.UTC).toLocalDate().toString();
      String daily = "UPDATE org_daily_usage SET requests = requests + 1, credits_micros = credits_micros + ?"
          + " WHERE org_id = ? AND usage_day = ? AND provider = ?";
      Object[] dailyParams = {u.creditsMicros(), u.orgId(), day, u.provider()};
      if (update(c, daily, dailyParams) == 0
          && !insertIgnoringDuplicate(c, "INSERT INTO org_daily_usage (org_id, usage_day, provider, requests, credits_micros)"
              + " VALUES (?, ?, ?, 1, ?)", u.orgId(), day, u.provider(), u.creditsMicros())) {
        update(c, daily, dailyParams);
      }
      update(c, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", now.toEpochMilli(), u.keyId());
    } catch (SQLException e) {
      throw failed("record usage", e);
    }
  }

  @Override
  public List<DailyUsage> dailyUsage(String orgId, String month) {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("SELECT usage_day, provider, requests, credits_micros FROM org_daily_usage"
            + " WHERE org_id = ? AND usage_day >= ? AND usage_day <= ? ORDER BY usage_day, provider")) {
      s.setString(1, orgId);
      s.setString(2, month + "-01");
      s.setString(3, month + "-31");
      try (ResultSet r = s.executeQuery()) {
        List<DailyUsage> rows = new ArrayList<>();
        while (r.next()) {
          rows.add(new DailyUsage(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw failed("read daily usage", e);
    }
  }

  @Override
  public List<UsageRow> usage(String orgId, String month) {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("SELECT u.key_id, k.prefix, k.name, u.provider, u.requests,"
            + " u.input_tokens, u.output_tokens, u.credits_micros FROM key_monthly_usage u JOIN api_keys k ON k.id = u.key_id"
            + " WHERE k.org_id = ? AND u.usage_month = ? ORDER BY k.created_at, u.key_id, u.provider")) {
      s.setString(1, orgId);
      s.setString(2, month);
      try (ResultSet r = s.executeQuery()) {
        List<UsageRow> rows = new ArrayList<>();
        while (r.next()) {
          rows.add(new UsageRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
              r.getLong(6), r.getLong(7), r.getLong(8)));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw failed("read usage", e);
    }
  }

  @Override
  public void ping() {
    try (Connection c = connection(); PreparedStatement s = c.prepareStatement("SELECT 1"); ResultSet r = s.executeQuery()) {
      r.next();
    } catch (SQLException e) {
      throw failed("answer a ping", e);
    }
  }

  private String planId(Connection c, String planName) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM plans WHERE name = ?")) {
      s.setString(1, planName);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new NotFoundException("no plan named '" + planName + "'");
        }
        return r.getString(1);
      }
    }
  }

  private static Plan plan(ResultSet r, int first) throws SQLException {
    String providers = r.getString(first + 5);
    Set<String> set = providers.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(providers.split(",")));
    return new Plan(r.getString(first), r.getString(first + 1), r.getObject(first + 2, Integer.class),
        r.getObject(first + 3, Long.class), r.getObject(first + 4, Long.class), Set.copyOf(set));
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    Long millis = r.getObject(column, Long.class);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /** Runs an update whose null parameters are left out (a missing optional limit). */
  private static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    }
  }

  private static boolean insertIgnoringDuplicate(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  private static void bind(PreparedStatement s, Object... params) throws SQLException {
    int index = 1;
    for (Object param : params) {
      if (param != null) {
        s.setObject(index++, param);
      }
    }
  }

  private static void setNullable(PreparedStatement s, int index, Long value, int sqlType) throws SQLException {
    if (value == null) {
      s.setNull(index, sqlType);
    } else {
      s.setLong(index, value);
    }
  }

  private Connection connection() throws SQLException {
    try {
      return dataSource.getConnection();
    } catch (IllegalStateException e) {
      // H2's pool once closed (the server stopping): as unavailable as a database that is down.
      throw new SQLException("connection pool closed", "08003");
    }
  }

  private static StoreException failed(String what, SQLException e) {
    // SQL state and vendor code only: a driver message may quote the values of the statement.
    return new StoreException("the store could not " + what + " (SQL state " + e.getSQLState() + ", code "
        + e.getErrorCode() + ")");
  }
}
