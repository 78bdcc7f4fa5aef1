package io.takumo.aegis.server.admin;

import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.ops.Operations;
import io.takumo.aegis.server.provider.Provider;
import io.takumo.aegis.server.store.ConflictException;
import io.takumo.aegis.server.store.KeyInfo;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.MonthlyTotals;
import io.takumo.aegis.server.store.NotFoundException;
import io.takumo.aegis.server.store.Org;
import io.takumo.aegis.server.store.Plan;
import io.takumo.aegis.server.store.Store;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRow;
import io.takumo.aegis.server.usage.Money;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The admin API (JSON over HTTP, on its own listener; docs/server.md, "Admin API"). Every call
 * needs {@code Authorization: Bearer} with the admin token or an org key holding the
 * {@code admin} scope; such a key manages its own org's keys and reads its usage, nothing else.
 */
public final class AdminApi implements Handler<HttpServerRequest> {
  static final String PREFIX = "/admin/v1/";
  private static final int MAX_BODY = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

  private final Store store;
  private final WorkerExecutor storeWorker;
  private final byte[] adminToken;
  private final ApiKeys keys;
  private final Clock clock;
  private final Operations operations;
  private final AdminRoutes moreRoutes;

  public AdminApi(Store store, WorkerExecutor storeWorker, String adminToken, ApiKeys keys, Clock clock,
      Operations operations) {
    this(store, storeWorker, adminToken, keys, clock, operations, AdminRoutes.NONE);
  }

  /** With more operations (the coordinator's), for the operator only. */
  public AdminApi(Store store, WorkerExecutor storeWorker, String adminToken, ApiKeys keys, Clock clock,
      Operations operations, AdminRoutes moreRoutes) {
    this.moreRoutes = moreRoutes;
    this.store = store;
    this.storeWorker = storeWorker;
    this.adminToken = adminToken.getBytes(StandardCharsets.US_ASCII);
    this.keys = keys;
    this.clock = clock;
    this.operations = operations;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (operations.handle(request, true)) {
      return;
    }
    if (!request.path().startsWith(PREFIX)) {
      send(request, new AdminError(404, "not_found", "no such admin path; the API is under " + PREFIX));
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      // Past the limit one more byte marks the overflow; the rest is read and dropped.
      if (body.length() + chunk.length() <= MAX_BODY) {
        body.appendBuffer(chunk);
      } else if (body.length() <= MAX_BODY) {
        body.appendByte((byte) 0);
      }
    });
    request.endHandler(v -> {
      if (body.length() > MAX_BODY) {
        send(request, new AdminError(413, "too_large", "an admin request body is at most " + MAX_BODY + " bytes"));
        return;
      }
      String authorization = request.getHeader("Authorization");
      HttpMethod method = request.method();
      String path = request.path();
      String org = request.getParam("org");
      String month = request.getParam("month");
      storeWorker.executeBlocking(() -> {
        AdminPrincipal principal = authenticate(authorization);
        return dispatch(principal, method, path.substring(PREFIX.length()), org, month, body);
      }).onComplete(ar -> {
        if (ar.succeeded()) {
          request.response().setStatusCode(ar.result().status).putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store").end(ar.result().body.encode());
        } else {
          send(request, asAdminError(ar.cause()));
        }
      });
    });
  }

  private record Reply(int status, JsonObject body) {
  }

  private AdminPrincipal authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AdminError(401, "unauthorized", "send Authorization: Bearer with the admin token or an admin-scoped key");
    }
    String credential = authorization.substring(7).trim();
    if (MessageDigest.isEqual(adminToken, credential.getBytes(StandardCharsets.US_ASCII))) {
      return AdminPrincipal.OPERATOR;
    }
    if (ApiKeys.isWellFormed(credential)) {
      Optional<KeyPrincipal> key = store.findActiveKey(ApiKeys.hash(credential));
      if (key.isPresent() && key.get().scopes().contains(Scope.ADMIN)) {
        return new AdminPrincipal(key.get().orgId(), key.get().orgName());
      }
      if (key.isPresent()) {
        throw new AdminError(403, "missing_scope", "this key lacks the scope admin");
      }
    }
    throw new AdminError(401, "unauthorized", "the admin token or key is wrong, unknown or revoked");
  }

  private Reply dispatch(AdminPrincipal principal, HttpMethod method, String path, String org, String month, Buffer body) {
    String[] parts = path.split("/", -1);
    boolean get = method == HttpMethod.GET;
    boolean post = method == HttpMethod.POST;
    switch (parts[0]) {
      case "plans":
        operatorOnly(principal);
        if (parts.length == 1 && get) {
          JsonArray plans = new JsonArray();
          store.listPlans().forEach(p -> plans.add(AdminJson.plan(p)));
          return new Reply(200, new JsonObject().put("plans", plans));
        }
        if (parts.length == 1 && post) {
          return new Reply(201, AdminJson.plan(createPlan(json(body))));
        }
        break;
      case "orgs":
        operatorOnly(principal);
        if (parts.length == 1 && get) {
          JsonArray orgs = new JsonArray();
          store.listOrgs().forEach(o -> orgs.add(AdminJson.org(o)));
          return new Reply(200, new JsonObject().put("orgs", orgs));
        }
        if (parts.length == 1 && post) {
          JsonObject input = json(body);
          return new Reply(201, AdminJson.org(store.createOrg(name(input, "name"), name(input, "plan"))));
        }
        break;
      case "keys":
        if (parts.length == 1 && get) {
          JsonArray list = new JsonArray();
          store.listKeys(ownOrg(principal, org)).forEach(k -> list.add(AdminJson.key(k)));
          return new Reply(200, new JsonObject().put("keys", list));
        }
        if (parts.length == 1 && post) {
          return new Reply(201, createKey(principal, json(body)));
        }
        if (parts.length == 3 && post && parts[2].equals("revoke") && !parts[1].isEmpty()) {
          KeyInfo revoked = store.revokeKey(parts[1], principal.orgId(), clock.instant());
          return new Reply(200, AdminJson.key(revoked));
        }
        break;
      case "usage":
        if (parts.length == 1 && get) {
          return new Reply(200, usage(ownOrg(principal, org), month));
        }
        break;
      default:
        if (moreRoutes != AdminRoutes.NONE) {
          operatorOnly(principal);
          AdminRoutes.Reply reply = moreRoutes.dispatch(method, parts, body);
          if (reply != null) {
            return new Reply(reply.status(), reply.body());
          }
        }
        break;
    }
    throw new AdminError(404, "not_found", "no admin operation " + method.name() + " " + PREFIX + path);
  }

  private Plan createPlan(JsonObject input) {
    String name = name(input, "name");
    Integer rate = input.getValue("rate_limit_per_minute") == null ? null
        : (int) wholeNumber(input, "rate_limit_per_minute", 1, 10_000_000);
    Long requests = input.getValue("requests_per_month") == null ? null
        : wholeNumber(input, "requests_per_month", 0, Long.MAX_VALUE / 2);
    Long credits = null;
    if (input.getValue("credits_per_month_usd") != null) {
      BigDecimal usd = decimal(input, "credits_per_month_usd");
      if (usd.signum() < 0 || usd.compareTo(BigDecimal.valueOf(1_000_000_000)) > 0) {
        throw AdminError.badRequest("credits_per_month_usd must be between 0 and 1000000000");
      }
      credits = Money.micros(usd);
    }
    Set<String> providers = new LinkedHashSet<>();
    for (String provider : strings(input, "providers")) {
      try {
        providers.add(Provider.parse(provider).id());
      } catch (IllegalArgumentException e) {
        throw AdminError.badRequest(e.getMessage());
      }
    }
    return store.createPlan(name, rate, requests, credits, providers);
  }

  private JsonObject createKey(AdminPrincipal principal, JsonObject input) {
    String org = ownOrg(principal, name(input, "org"));
    Set<Scope> scopes;
    try {
      scopes = Scope.parseList(String.join(",", strings(input, "scopes")));
    } catch (IllegalArgumentException e) {
      throw AdminError.badRequest(e.getMessage());
    }
    String name = input.getValue("name") == null ? null : matching(input, "name", KEY_NAME);
    String key = keys.newKey();
    KeyInfo info = store.createKey(org, name, scopes, ApiKeys.prefix(key), ApiKeys.hash(key), clock.instant());
    // The only time the key leaves the server: in this response, to the caller who made it.
    return AdminJson.key(info).put("key", key);
  }

  private JsonObject usage(String orgName, String monthParam) {
    String month;
    try {
      month = monthParam == null ? YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString() : YearMonth.parse(monthParam).toString();
    } catch (DateTimeParseException e) {
      throw AdminError.badRequest("month must be yyyy-MM");
    }
    Org org = store.findOrg(orgName).orElseThrow(() -> new NotFoundException("no org named '" + orgName + "'"));
    Plan plan = store.listPlans().stream().filter(p -> p.id().equals(org.planId())).findFirst().orElseThrow();
    MonthlyTotals totals = store.monthlyTotals(org.id(), month);
    List<UsageRow> rows = store.usage(org.id(), month);
    JsonArray byKey = new JsonArray();
    for (UsageRow row : rows) {
      byKey.add(new JsonObject().put("key_id", row.keyId()).put("prefix", row.keyPrefix()).put("name", row.keyName())
          .put("provider", row.provider()).put("requests", row.requests()).put("input_tokens", row.inputTokens())
          .put("output_tokens", row.outputTokens()).put("credits_usd", Money.decimal(row.creditsMicros())));
    }
    JsonObject byProvider = new JsonObject();
    rows.stream().collect(Collectors.groupingBy(UsageRow::provider)).forEach((provider, list) -> byProvider.put(provider,
        new JsonObject().put("requests", list.stream().mapToLong(UsageRow::requests).sum())
            .put("credits_usd", Money.decimal(list.stream().mapToLong(UsageRow::creditsMicros).sum()))));
    return new JsonObject().put("org", org.name()).put("plan", plan.name()).put("month", month)
        .put("requests", totals.requests()).put("credits_usd", Money.decimal(totals.creditsMicros()))
        .put("limits", new JsonObject().put("requests_per_month", plan.requestsPerMonth())
            .put("credits_per_month_usd", plan.creditsPerMonthMicros() == null ? null : Money.decimal(plan.creditsPerMonthMicros()))
            .put("rate_limit_per_minute", plan.rateLimitPerMinute()))
        .put("by_provider", byProvider).put("by_key", byKey);
  }

  private static void operatorOnly(AdminPrincipal principal) {
    if (!principal.operator()) {
      throw new AdminError(403, "forbidden", "plans and orgs need the admin token; an admin key manages its own org only");
    }
  }

  /** The org a call is about: any for the operator, only its own for an org's admin key. */
  private static String ownOrg(AdminPrincipal principal, String org) {
    if (org == null || org.isEmpty()) {
      if (!principal.operator()) {
        return principal.orgName();
      }
      throw AdminError.badRequest("org is required");
    }
    if (!principal.operator() && !org.equals(principal.orgName())) {
      throw new AdminError(403, "forbidden", "an admin key manages its own org only");
    }
    return org;
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.length() == 0 ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw AdminError.badRequest("the body is not a JSON object");
    }
  }

  private static String name(JsonObject input, String field) {
    return matching(input, field, NAME);
  }

  private static String matching(JsonObject input, String field, Pattern pattern) {
    if (!(input.getValue(field) instanceof String value)) {
      throw AdminError.badRequest(field + " is required (a string)");
    }
    if (!pattern.matcher(value).matches()) {
      throw AdminError.badRequest(field + " must be 1-100 of letters, digits, '.', '_' and '-'"
          + (pattern == KEY_NAME ? " or spaces" : "") + ", starting with a letter or digit");
    }
    return value;
  }

  private static long wholeNumber(JsonObject input, String field, long min, long max) {
    BigDecimal value = decimal(input, field);
    try {
      long whole = value.longValueExact();
      if (whole >= min && whole <= max) {
        return whole;
      }
    } catch (ArithmeticException e) {
      // falls through to the message
    }
    throw AdminError.badRequest(field + " must be a whole number from " + min + " to " + max);
  }

  private static BigDecimal decimal(JsonObject input, String field) {
    Object value = input.getValue(field);
    try {
      if (value instanceof Number || value instanceof String) {
        return new BigDecimal(value.toString());
      }
    } catch (NumberFormatException e) {
      // falls through to the message
    }
    throw AdminError.badRequest(field + " must be a number");
  }

  private static List<String> strings(JsonObject input, String field) {
    Object value = input.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (value instanceof String text) {
      return List.of(text.split(","));
    }
    if (value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
      return array.stream().map(String.class::cast).toList();
    }
    throw AdminError.badRequest(field + " must be an array of strings");
  }

  private static AdminError asAdminError(Throwable failure) {
    if (failure instanceof AdminError error) {
      return error;
    }
    if (failure instanceof NotFoundException) {
      return new AdminError(404, "not_found", failure.getMessage());
    }
    if (failure instanceof ConflictException) {
      return new AdminError(409, "conflict", failure.getMessage());
    }
    if (failure instanceof StoreException) {
      return new AdminError(503, "unavailable", failure.getMessage());
    }
    return new AdminError(500, "internal", "the admin API failed (" + failure.getClass().getSimpleName() + ")");
  }

  private static void send(HttpServerRequest request, AdminError error) {
    request.response().setStatusCode(error.status).putHeader("Content-Type", "application/json").end(error.body().encode());
  }
}
