package io.takumo.aegis.server.coordinator;

import io.grpc.Status;
import io.takumo.aegis.server.admin.AdminError;
import io.takumo.aegis.server.admin.AdminRoutes;
import io.takumo.aegis.server.keys.ApiKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The coordinator's admin operations: {@code join-keys} (create, list, revoke) and {@code fleet}
 * (list, remove). A join key is shown once, in the reply that creates it. The lists carry what the
 * dashboard's Fleet page shows: each join key's gateways, and where gateways dial in.
 */
final class FleetAdminRoutes implements AdminRoutes {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final FleetRepository fleet;
  private final GatewayStreams streams;
  private final ApiKeys secrets;
  private final Clock clock;
  private final String grpcListen;

  /** @param grpcListen the fleet protocol's listen address, HOST:PORT (port resolved) */
  FleetAdminRoutes(FleetRepository fleet, GatewayStreams streams, ApiKeys secrets, Clock clock, String grpcListen) {
    this.grpcListen = grpcListen;
    this.fleet = fleet;
    this.streams = streams;
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public Reply dispatch(HttpMethod method, String[] path, Buffer body) {
    boolean get = method == HttpMethod.GET;
    boolean post = method == HttpMethod.POST;
    if (path[0].equals("join-keys")) {
      if (path.length == 1 && get) {
        Map<String, JsonArray> usedBy = new HashMap<>();
        for (GatewayInfo g : fleet.listGateways()) {
          usedBy.computeIfAbsent(g.joinKeyId(), id -> new JsonArray()).add(new JsonObject().put("id", g.id())
              .put("name", g.name()).put("status", status(g)));
        }
        JsonArray list = new JsonArray();
        fleet.listJoinKeys().forEach(k -> list.add(json(k).put("gateways", usedBy.getOrDefault(k.id(), new JsonArray()))));
        return new Reply(200, new JsonObject().put("join_keys", list));
      }
      if (path.length == 1 && post) {
        return new Reply(201, createJoinKey(body));
      }
      if (path.length == 3 && post && path[2].equals("revoke") && !path[1].isEmpty()) {
        JoinKeyInfo revoked = fleet.revokeJoinKey(path[1], clock.instant());
        return new Reply(200, json(revoked));
      }
    }
    if (path[0].equals("fleet")) {
      if (path.length == 1 && get) {
        JsonArray list = new JsonArray();
        fleet.listGateways().forEach(g -> list.add(json(g)));
        return new Reply(200, new JsonObject().put("grpc_listen", grpcListen).put("gateways", list));
      }
      if (path.length == 3 && post && path[2].equals("remove") && !path[1].isEmpty()) {
        GatewayInfo removed = fleet.removeGateway(path[1], clock.instant());
        streams.close(removed.id(), Status.PERMISSION_DENIED.withDescription("gateway removed from the fleet"));
        return new Reply(200, json(fleet.gateway(removed.id()).orElseThrow()));
      }
    }
    return null;
  }

  private JsonObject createJoinKey(Buffer body) {
    JsonObject input;
    try {
      input = body.length() == 0 ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw AdminError.badRequest("the body is not a JSON object");
    }
    if (!(input.getValue("name") instanceof String name) || !NAME.matcher(name).matches()) {
      throw AdminError.badRequest("name is required: 1-100 of letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    String joinKey = secrets.newSecret(JoinKeys.JOIN_KEY);
    JoinKeyInfo info = fleet.createJoinKey(name, JoinKeys.prefix(joinKey), ApiKeys.hash(joinKey), clock.instant());
    // The only time the join key leaves the coordinator: in this response, to the caller who made it.
    return json(info).put("join_key", joinKey);
  }

  static JsonObject json(JoinKeyInfo key) {
    return new JsonObject().put("id", key.id()).put("name", key.name()).put("prefix", key.prefix())
        .put("status", key.revoked() ? "revoked" : "active").put("created_at", time(key.createdAt()))
        .put("revoked_at", time(key.revokedAt()));
  }

  static JsonObject json(GatewayInfo g) {
    return new JsonObject().put("id", g.id()).put("name", g.name())
        .put("join_key", new JsonObject().put("id", g.joinKeyId()).put("name", g.joinKeyName()))
        .put("version", g.version()).put("address", g.address()).put("connected", g.connected())
        .put("status", status(g))
        .put("joined_at", time(g.joinedAt())).put("last_seen_at", time(g.lastSeenAt()))
        .put("config_version_acked", g.configVersionAcked()).put("removed_at", time(g.removedAt()));
  }

  private static String status(GatewayInfo g) {
    return g.removed() ? "removed" : g.connected() ? "connected" : "disconnected";
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
