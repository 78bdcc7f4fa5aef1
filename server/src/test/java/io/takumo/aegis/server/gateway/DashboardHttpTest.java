package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.server.dashboard.DashboardPages;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over plain HTTP against the real server process: its pages' headers and markup,
 * and the admin API's session (cookie attributes, CSRF on every change, sign-out, a revoked key's
 * session). The browser suite ({@link DashboardBrowserTest}) drives the same pages in chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardHttpTest {
  private static final List<String> PAGES = List.of("/dashboard/", "/dashboard/keys", "/dashboard/billing", "/dashboard/gateway",
      "/dashboard/fleet");

  private ServerProcess server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = ServerProcess.start(dir);
    assertEquals(201, asOperator("POST", "plans", "{\"name\":\"free\"}").statusCode());
    assertEquals(201, asOperator("POST", "orgs", "{\"name\":\"acme\",\"plan\":\"free\"}").statusCode());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyPageAndAssetCarriesTheCspAndThePagesHoldNoInlineScriptOrStyle() throws Exception {
    for (String page : PAGES) {
      HttpResponse<String> response = get(page);
      assertEquals(200, response.statusCode(), page);
      String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertEquals(DashboardPages.CONTENT_SECURITY_POLICY, csp);
      assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
      assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
      String html = response.body();
      Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
      int count = 0;
      while (scripts.find()) {
        count++;
        assertTrue(scripts.group(1).contains("src=\"/dashboard/assets/") && scripts.group(2).isBlank(), page + ": " + scripts.group());
        HttpResponse<String> asset = get(scripts.group(1).replaceAll(".*src=\"([^\"]+)\".*", "$1"));
        assertEquals(200, asset.statusCode());
        assertTrue(asset.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertEquals(DashboardPages.CONTENT_SECURITY_POLICY, asset.headers().firstValue("Content-Security-Policy").orElseThrow());
      }
      assertTrue(count >= 2, page + " loads its scripts");
      assertFalse(Pattern.compile("\\s(style|on[a-z]+)=").matcher(html).find(), page + " has an inline style or handler");
      // The signed-in pages get the one shared header, filled in by the server.
      int headers = html.split("<nav aria-label=\"Settings\">", -1).length - 1;
      assertEquals(page.equals("/dashboard/") ? 0 : 1, headers, page + "'s header");
      assertFalse(html.contains("<!--#header-->"), page);
    }
    assertEquals(302, get("/dashboard").statusCode());
    assertEquals(404, get("/dashboard/nope").statusCode());
    assertEquals(404, get("/dashboard/assets/../keys.html").statusCode());
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndEveryChangeNeedsItsCsrfToken() throws Exception {
    HttpResponse<String> signIn = send("POST", "session", null, "Bearer " + server.adminToken, null, null);
    assertEquals(201, signIn.statusCode(), signIn.body());
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("takumo_session="), setCookie);
    String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(attributes.contains("; httponly") && attributes.contains("; samesite=strict") && attributes.contains("; path=/"), setCookie);
    assertFalse(attributes.contains("; secure"), "no Secure on a plain-http listener: " + setCookie);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    JsonObject session = new JsonObject(signIn.body());
    String csrf = session.getString("csrf_token");
    assertTrue(session.getBoolean("operator"));
    assertFalse(signIn.body().contains(server.adminToken), "the admin token never comes back");

    String createKey = "{\"org\":\"acme\",\"scopes\":[\"llm:chat\"]}";
    HttpResponse<String> noCsrf = send("POST", "keys", createKey, null, cookie, null);
    assertEquals(403, noCsrf.statusCode());
    assertEquals("csrf", new JsonObject(noCsrf.body()).getJsonObject("error").getString("code"));
    assertEquals(403, send("POST", "keys", createKey, null, cookie, csrf + "x").statusCode());
    assertEquals(201, send("POST", "keys", createKey, null, cookie, csrf).statusCode());
    assertEquals(200, send("GET", "keys?org=acme", null, null, cookie, null).statusCode(), "reads need no CSRF token");
    assertEquals(csrf, new JsonObject(send("GET", "session", null, null, cookie, null).body()).getString("csrf_token"));

    assertEquals(403, send("POST", "session/end", null, null, cookie, null).statusCode(), "sign-out is a change too");
    HttpResponse<String> signOut = send("POST", "session/end", null, null, cookie, csrf);
    assertEquals(200, signOut.statusCode());
    assertTrue(signOut.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    assertEquals(401, send("GET", "keys?org=acme", null, null, cookie, null).statusCode(), "the session ended on the server");

    String logs = server.stdout() + server.stderr();
    for (String secret : List.of(server.adminToken, cookie.substring(cookie.indexOf('=') + 1), csrf)) {
      assertFalse(logs.contains(secret), "a log holds a secret");
    }
  }

  @Test
  void anAdminKeysSessionIsLimitedToItsOrgAndEndsWhenTheKeyIsRevoked() throws Exception {
    HttpResponse<String> created = asOperator("POST", "keys", "{\"org\":\"acme\",\"scopes\":[\"admin\"]}");
    JsonObject adminKey = new JsonObject(created.body());
    HttpResponse<String> chatKey = asOperator("POST", "keys", "{\"org\":\"acme\",\"scopes\":[\"llm:chat\"]}");
    assertEquals(403, send("POST", "session", null, "Bearer " + new JsonObject(chatKey.body()).getString("key"), null, null)
        .statusCode(), "a key without the admin scope cannot sign in");

    HttpResponse<String> signIn = send("POST", "session", null, "Bearer " + adminKey.getString("key"), null, null);
    assertEquals(201, signIn.statusCode());
    String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    JsonObject session = new JsonObject(signIn.body());
    assertFalse(session.getBoolean("operator"));
    assertEquals("acme", session.getString("org"));
    assertEquals(403, send("GET", "orgs", null, null, cookie, null).statusCode());
    assertEquals(200, send("GET", "usage", null, null, cookie, null).statusCode());
    assertEquals(200, send("GET", "refusals", null, null, cookie, null).statusCode());
    HttpResponse<String> signingKey = send("GET", "signing-key", null, null, cookie, null);
    assertEquals(200, signingKey.statusCode(), "the Gateway page's public key is readable by an org's admin key");
    assertTrue(new JsonObject(signingKey.body()).getString("pem").startsWith("-----BEGIN PUBLIC KEY-----"));

    assertEquals(200, asOperator("POST", "keys/" + adminKey.getString("id") + "/revoke", null).statusCode());
    assertEquals(401, send("GET", "session", null, null, cookie, null).statusCode());
  }

  private HttpResponse<String> asOperator(String method, String path, String body) throws Exception {
    return send(method, path, body, "Bearer " + server.adminToken, null, null);
  }

  private HttpResponse<String> send(String method, String path, String body, String authorization, String cookie, String csrf)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.adminUrl + "/admin/v1/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null) {
      request.header("X-Takumo-CSRF", csrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.adminUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
