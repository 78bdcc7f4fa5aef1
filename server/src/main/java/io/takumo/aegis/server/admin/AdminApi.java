package io.takumo.aegis.server.admin;

import io.takumo.aegis.server.admission.RecentRefusals;
import io.takumo.aegis.server.dashboard.DashboardSessions;
import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.protocol.HandshakeTranscript;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.ops.Operations;
import io.takumo.aegis.server.orgpolicy.OrgPolicyText;
import io.takumo.aegis.server.provider.Provider;
import io.takumo.aegis.server.store.ConflictException;
import io.takumo.aegis.server.store.DailyUsage;
import io.takumo.aegis.server.store.KeyInfo;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.MonthlyTotals;
import io.takumo.aegis.server.store.NotFoundException;
import io.takumo.aegis.server.store.Org;
import io.takumo.aegis.server.store.Plan;
import io.takumo.aegis.server.store.Store;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRow;
import io.takumo.aegis.server.signing.SigningKey;
import io.takumo.aegis.server.usage.Money;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
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
 * The dashboard calls the same API with a session cookie instead (made by {@code POST session}
 * with a bearer credential), and every change it makes carries the session's CSRF token.
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
  private final DashboardSessions sessions;
  private final RecentRefusals refusals;
  private final SigningKey signingKey;
  private final AdminRoutes moreRoutes;

  public AdminApi(Store store, WorkerExecutor storeWorker, String adminToken, ApiKeys keys, Clock clock,
      Operations operations, DashboardSessions sessions, RecentRefusals refusals, SigningKey signingKey) {
    this(store, storeWorker, adminToken, keys, clock, operations, sessions, refusals, signingKey, AdminRoutes.NONE);
  }

  /**
   * With more operations (the coordinator's), for the operator only.
   *
   * @param signingKey the key agents' handshakes are signed with, or null on a server that serves
   *     no agents (the coordinator): {@code signing-key} then answers 404
   */
  public AdminApi(Store store, WorkerExecutor storeWorker, String adminToken, ApiKeys keys, Clock clock,
      Operations operations, DashboardSessions sessions, RecentRefusals refusals, SigningKey signingKey,
      AdminRoutes moreRoutes) {
    this.moreRoutes = moreRoutes;
    this.store = store;
    this.storeWorker = storeWorker;
    this.adminToken = adminToken.getBytes(StandardCharsets.US_ASCII);
    this.keys = keys;
    this.clock = clock;
    this.operations = operations;
    this.sessions = sessions;
    this.refusals = refusals;
    this.signingKey = signingKey;
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
      Cookie cookie = request.getCookie(DashboardSessions.COOKIE);
      String csrf = request.getHeader(DashboardSessions.CSRF_HEADER);
      boolean secure = request.isSSL();
      HttpMethod method = request.method();
      String path = request.path();
      String org = request.getParam("org");
      String month = request.getParam("month");
      storeWorker.executeBlocking(() -> {
        Caller caller = authenticate(authorization, cookie == null ? null : cookie.getValue(), csrf, method);
        return dispatch(caller, method, path.substring(PREFIX.length()), org, month, body, secure);
      }).onComplete(ar -> {
        if (ar.succeeded()) {
          if (ar.result().cookie != null) {
            request.response().addCookie(ar.result().cookie);
          }
          request.response().setStatusCode(ar.result().status).putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store").end(ar.result().body.encode());
        } else {
          send(request, asAdminError(ar.cause()));
        }
      });
    });
  }

  private record Reply(int status, JsonObject body, Cookie cookie) {
    Reply(int status, JsonObject body) {
      this(status, body, null);
    }
  }

  /**
   * Who calls and how: with a bearer credential ({@code keyHash} is its hash when it is a key),
   * or with a dashboard session.
   */
  private record Caller(AdminPrincipal principal, String keyHash, DashboardSessions.Session session) {
  }

  private Caller authenticate(String authorization, String sessionId, String csrf, HttpMethod method) {
    if (authorization == null && sessionId != null) {
      return sessionCaller(sessionId, csrf, method);
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AdminError(401, "unauthorized", "send Authorization: Bearer with the admin token or an admin-scoped key");
    }
    String credential = authorization.substring(7).trim();
    if (MessageDigest.isEqual(adminToken, credential.getBytes(StandardCharsets.US_ASCII))) {
      return new Caller(AdminPrincipal.OPERATOR, null, null);
    }
    if (ApiKeys.isWellFormed(credential)) {
      String hash = ApiKeys.hash(credential);
      return new Caller(adminKey(hash), hash, null);
    }
    throw new AdminError(401, "unauthorized", "the admin token or key is wrong, unknown or revoked");
  }

  private AdminPrincipal adminKey(String keyHash) {
    Optional<KeyPrincipal> key = store.findActiveKey(keyHash);
    if (key.isPresent() && key.get().scopes().contains(Scope.ADMIN)) {
      return new AdminPrincipal(key.get().orgId(), key.get().orgName());
    }
    if (key.isPresent()) {
      throw new AdminError(403, "missing_scope", "this key lacks the scope admin");
    }
    throw new AdminError(401, "unauthorized", "the admin token or key is wrong, unknown or revoked");
  }

  /** A dashboard call: a live session, its CSRF token on every change, and (for a key's session) the key still active. */
  private Caller sessionCaller(String sessionId, String csrf, HttpMethod method) {
    DashboardSessions.Session session = sessions.find(sessionId)
        .orElseThrow(() -> new AdminError(401, "unauthorized", "the dashboard session has ended; sign in again"));
    if (method != HttpMethod.GET && method != HttpMethod.HEAD && !session.csrfMatches(csrf)) {
      throw new AdminError(403, "csrf", "a change needs the session's " + DashboardSessions.CSRF_HEADER + " header");
    }
    if (session.keyHash() == null) {
      return new Caller(AdminPrincipal.OPERATOR, null, session);
    }
    try {
      return new Caller(adminKey(session.keyHash()), session.keyHash(), session);
    } catch (AdminError e) {
      sessions.close(session);
      throw new AdminError(401, "unauthorized", "the key of this dashboard session is revoked or lost its admin scope");
    }
  }

  private Reply dispatch(Caller caller, HttpMethod method, String path, String org, String month, Buffer body,
      boolean secure) {
    AdminPrincipal principal = caller.principal();
    String[] parts = path.split("/", -1);
    boolean get = method == HttpMethod.GET;
    boolean post = method == HttpMethod.POST;
    switch (parts[0]) {
      case "session":
        return session(caller, parts, get, post, secure);
      case "signing-key":
        if (parts.length == 1 && get) {
          if (signingKey == null) {
            throw new AdminError(404, "not_found", "this server does not serve agents; ask a gateway");
          }
          return new Reply(200, signingKey());
        }
        break;
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
        if (parts.length == 3 && parts[2].equals("policy") && (get || method == HttpMethod.PUT)) {
          return new Reply(200, orgPolicy(ownOrg(principal, parts[1]), get ? null : body));
        }
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
      case "refusals":
        if (parts.length == 1 && get) {
          return new Reply(200, refusals(ownOrg(principal, org)));
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

  /**
   * {@code POST session} (a bearer credential) signs the dashboard in; {@code GET session} tells
   * the signed-in page who it is and its CSRF token; {@code POST session/end} signs out.
   */
  private Reply session(Caller caller, String[] parts, boolean get, boolean post, boolean secure) {
    DashboardSessions.Session session = caller.session();
    if (parts.length == 1 && post) {
      if (session != null) {
        throw AdminError.badRequest("sign in with Authorization: Bearer, not with a session");
      }
      DashboardSessions.Session opened = sessions.open(caller.principal().orgId(), caller.keyHash());
      return new Reply(201, AdminJson.session(opened, caller.principal().orgName()), DashboardSessions.cookie(opened, secure));
    }
    if (session == null) {
      throw AdminError.badRequest("this call is for a dashboard session");
    }
    if (parts.length == 1 && get) {
      return new Reply(200, AdminJson.session(session, caller.principal().orgName()));
    }
    if (parts.length == 2 && post && parts[1].equals("end")) {
      sessions.close(session);
      return new Reply(200, new JsonObject().put("signed_out", true), DashboardSessions.removal(secure));
    }
    throw new AdminError(404, "not_found", "no admin operation on " + PREFIX + String.join("/", parts));
  }

  private JsonObject refusals(String orgName) {
    Org org = store.findOrg(orgName).orElseThrow(() -> new NotFoundException("no org named '" + orgName + "'"));
    JsonArray list = new JsonArray();
    for (RecentRefusals.Refusal r : refusals.of(org.id())) {
      list.add(new JsonObject().put("at", r.at().toString()).put("status", r.status()).put("code", r.code())
          .put("message", r.message()).put("key_prefix", r.keyPrefix()).put("provider", r.provider()));
    }
    return new JsonObject().put("org", org.name()).put("refusals", list);
  }

  /** The public keys agents pin ({@code gateway-public-key}), the signing one first. */
  private JsonObject signingKey() {
    JsonArray keys = new JsonArray();
    signingKey.publicKeys().forEach(k -> keys.add(new JsonObject().put("pem", GatewayKeys.pem(k))
        .put("fingerprint", GatewayKeys.fingerprint(k))));
    return new JsonObject().put("algorithm", HandshakeTranscript.ALGORITHM).put("pem", signingKey.publicPem())
        .put("public_keys", keys);
  }

  /** Reads, or with a body sets, an org's policy (validated by the engine's parser; a bad one is a one-line 400). */
  private JsonObject orgPolicy(String orgName, Buffer body) {
    Org org = store.findOrg(orgName).orElseThrow(() -> new NotFoundException("no org named '" + orgName + "'"));
    if (body != null) {
      String policy;
      try {
        policy = OrgPolicyText.validate(body.toString(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw AdminError.badRequest(e.getMessage());
      }
      store.setOrgPolicy(org.name(), policy.equals("{}") ? null : policy);
    }
    return new JsonObject().put("org", org.name())
        .put("policy", new JsonObject(store.orgPolicy(org.id()).orElse("{}")));
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
    JsonArray byDay = new JsonArray();
    for (DailyUsage day : store.dailyUsage(org.id(), month)) {
      byDay.add(new JsonObject().put("day", day.day()).put("provider", day.provider()).put("requests", day.requests())
          .put("credits_usd", Money.decimal(day.creditsMicros())));
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
        .put("by_provider", byProvider).put("by_key", byKey).put("by_day", byDay);
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
