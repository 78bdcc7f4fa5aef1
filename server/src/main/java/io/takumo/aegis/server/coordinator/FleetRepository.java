package io.takumo.aegis.server.coordinator;

import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.store.ConflictException;
import io.takumo.aegis.server.store.NotFoundException;
import io.takumo.aegis.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Join keys and fleet gateways in the coordinator's database (migration V41), beside the
 * {@link io.takumo.aegis.server.store.Store}'s tables. Only hashes of join keys and gateway
 * credentials are stored.
 */
public final class FleetRepository {
  private static final String JOIN_KEY_SELECT = "SELECT id, name, prefix, created_at, revoked_at FROM join_keys";
  private static final String GATEWAY_SELECT = "SELECT g.id, g.name, g.join_key_id, j.name, g.version, g.address,"
      + " g.joined_at, g.last_seen_at, g.connected, g.config_version_acked, g.removed_at"
      + " FROM fleet_gateways g JOIN join_keys j ON j.id = g.join_key_id";

  /** A gateway's identity as its stream presents it, with the state of what vouches for it. */
  public record GatewayAuth(String credentialHash, boolean removed, boolean joinKeyRevoked) {
  }

  /**
   * A gateway counts as connected while its stream is open and it reported within this time
   * (health every 10 s): a coordinator that died without closing its streams leaves no gateway
   * "connected" for long.
   */
  static final long CONNECTED_WITHIN_MILLIS = 30_000;

  private final DataSource dataSource;
  private final ApiKeys ids;

  public FleetRepository(DataSource dataSource, ApiKeys ids) {
    this.dataSource = dataSource;
    this.ids = ids;
  }

  public JoinKeyInfo createJoinKey(String name, String prefix, String keyHash, Instant now) {
    String id = ids.newId("jkid_");
    execute("create a join key", "INSERT INTO join_keys (id, name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        id, name, prefix, keyHash, now.toEpochMilli());
    return new JoinKeyInfo(id, name, prefix, now, null);
  }

  public List<JoinKeyInfo> listJoinKeys() {
    return queryJoinKeys(" ORDER BY created_at, id");
  }

  /** The join key with this hash, revoked or not. */
  public Optional<JoinKeyInfo> findJoinKey(String keyHash) {
    return queryJoinKeys(" WHERE key_hash = ?", keyHash).stream().findFirst();
  }

  /** Revokes the join key with this id, or the one with this prefix or name; idempotent. */
  public JoinKeyInfo revokeJoinKey(String idPrefixOrName, Instant now) {
    List<JoinKeyInfo> matches = queryJoinKeys(" WHERE id = ? OR prefix = ? OR name = ?", idPrefixOrName, idPrefixOrName,
        idPrefixOrName);
    if (matches.isEmpty()) {
      throw new NotFoundException("no join key with id, prefix or name '" + idPrefixOrName + "'");
    }
    if (matches.size() > 1) {
      throw new ConflictException("'" + idPrefixOrName + "' matches " + matches.size() + " join keys; give the join key id");
    }
    JoinKeyInfo key = matches.get(0);
    if (!key.revoked()) {
      execute("revoke a join key", "UPDATE join_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
          now.toEpochMilli(), key.id());
    }
    return queryJoinKeys(" WHERE id = ?", key.id()).get(0);
  }

  public GatewayInfo addGateway(String name, JoinKeyInfo joinKey, String credentialHash, String version, String address,
      Instant now) {
    String id = ids.newId("gw_");
    execute("register a gateway", "INSERT INTO fleet_gateways (id, name, join_key_id, credential_hash, version, address,"
        + " joined_at, last_seen_at, connected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id, name, joinKey.id(), credentialHash, version, address, now.toEpochMilli(), now.toEpochMilli(), false);
    return gateway(id).orElseThrow();
  }

  public Optional<GatewayAuth> gatewayAuth(String gatewayId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT g.credential_hash, g.removed_at, j.revoked_at"
            + " FROM fleet_gateways g JOIN join_keys j ON j.id = g.join_key_id WHERE g.id = ?")) {
      s.setString(1, gatewayId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new GatewayAuth(r.getString(1).trim(), r.getObject(2) != null, r.getObject(3) != null));
      }
    } catch (SQLException e) {
      throw failed("look up a gateway", e);
    }
  }

  public List<GatewayInfo> listGateways() {
    return queryGateways(" ORDER BY g.joined_at, g.id");
  }

  public Optional<GatewayInfo> gateway(String id) {
    return queryGateways(" WHERE g.id = ?", id).stream().findFirst();
  }

  /** Marks the gateway removed: its identity is refused from now on. */
  public GatewayInfo removeGateway(String id, Instant now) {
    GatewayInfo gateway = gateway(id).orElseThrow(() -> new NotFoundException("no gateway with id '" + id + "'"));
    if (!gateway.removed()) {
      execute("remove a gateway", "UPDATE fleet_gateways SET removed_at = ?, connected = ? WHERE id = ?",
          now.toEpochMilli(), false, id);
    }
    return gateway(id).orElseThrow();
  }

  public void streamOpened(String id, Instant now) {
    execute("mark a gateway connected", "UPDATE fleet_gateways SET connected = ?, last_seen_at = ? WHERE id = ?",
        true, now.toEpochMilli(), id);
  }

  public void streamClosed(String id, Instant now) {
    execute("mark a gateway disconnected", "UPDATE fleet_gateways SET connected = ?, last_seen_at = ? WHERE id = ?",
        false, now.toEpochMilli(), id);
  }

  public void seen(String id, Instant now) {
    execute("mark a gateway seen", "UPDATE fleet_gateways SET last_seen_at = ? WHERE id = ?", now.toEpochMilli(), id);
  }

  public void acked(String id, long version, Instant now) {
    execute("record a config ack", "UPDATE fleet_gateways SET config_version_acked = ?, last_seen_at = ? WHERE id = ?",
        version, now.toEpochMilli(), id);
  }

  private List<JoinKeyInfo> queryJoinKeys(String where, String... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(JOIN_KEY_SELECT + where)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<JoinKeyInfo> keys = new ArrayList<>();
        while (r.next()) {
          keys.add(new JoinKeyInfo(r.getString(1), r.getString(2), r.getString(3), instant(r, 4), instant(r, 5)));
        }
        return keys;
      }
    } catch (SQLException e) {
      throw failed("read join keys", e);
    }
  }

  private List<GatewayInfo> queryGateways(String where, String... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(GATEWAY_SELECT + where)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<GatewayInfo> gateways = new ArrayList<>();
        while (r.next()) {
          gateways.add(new GatewayInfo(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6), instant(r, 7), instant(r, 8),
              r.getBoolean(9) && System.currentTimeMillis() - r.getLong(8) <= CONNECTED_WITHIN_MILLIS,
              r.getObject(10, Long.class), instant(r, 11)));
        }
        return gateways;
      }
    } catch (SQLException e) {
      throw failed("read fleet gateways", e);
    }
  }

  private void execute(String what, String sql, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    Long millis = r.getObject(column, Long.class);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  static StoreException failed(String what, SQLException e) {
    // SQL state and vendor code only: a driver message may quote the values of the statement.
    return new StoreException("the store could not " + what + " (SQL state " + e.getSQLState() + ", code "
        + e.getErrorCode() + ")");
  }
}
