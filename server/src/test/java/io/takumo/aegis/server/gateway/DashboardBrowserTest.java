package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's chromium (headless, through chromedriver) against the real server
 * process and a stand-in provider: sign in, create a key with a scope, use it through the
 * gateway, see it used (Keys, Billing, refusals), revoke it and see the gateway refuse it, read
 * and copy the signing public key (Gateway), sign out. Screenshots of each page go to
 * {@code target/screenshots/}. Without chromium the test is skipped locally and fails in CI
 * ({@code CI=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";

  private StandInProvider provider;
  private ServerProcess server;
  private ChromeDriver browser;
  private WebDriverWait wait;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Chromium.assume();
    provider = new StandInProvider();
    String base = provider.baseUrl();
    server = ServerProcess.start(dir, "--openai-base-url", base, "--anthropic-base-url", base, "--gemini-base-url", base,
        "--allow-private-upstreams");
    admin("plans", "{\"name\":\"team\",\"rate_limit_per_minute\":600,\"requests_per_month\":1000,"
        + "\"credits_per_month_usd\":50,\"providers\":[\"openai\"]}");
    admin("orgs", "{\"name\":\"acme\",\"plan\":\"team\"}");
    browser = Chromium.open();
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void signInCreateUseSeeBillingRevokeAndSignOut() throws Exception {
    // Sign in with the admin token.
    browser.get(server.adminUrl + "/dashboard/");
    WebElement credential = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("credential")));
    screenshot("01-sign-in");
    credential.sendKeys(server.adminToken);
    browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/keys"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("org-select"), "acme"));

    // Create a key with the llm:chat scope: shown once, with a copy button.
    browser.findElement(By.id("key-name")).sendKeys("browser ci");
    browser.findElement(By.cssSelector("label[for=scope-llm-chat]")).click();
    browser.findElement(By.cssSelector("#create-form button[type=submit]")).click();
    WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key-value")));
    String key = shown.getDomProperty("value");
    assertTrue(key.matches("tk_live_[0-9A-Za-z]{43}"), "the new key is shown");
    assertTrue(browser.findElement(By.id("copy-key")).isDisplayed());
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-prefix='" + key.substring(0, 16) + "']")));
    assertEquals("llm:chat", row.findElement(By.cssSelector(".scopes")).getText());
    assertEquals("never", row.findElement(By.cssSelector(".last-used")).getText());
    screenshot("02-keys-created");
    browser.findElement(By.id("copy-key")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Copied the key."));
    browser.findElement(By.id("dismiss-key")).click();
    assertEquals("", browser.findElement(By.id("new-key-value")).getDomProperty("value"));
    assertFalse(browser.getPageSource().contains(key), "the key is gone once dismissed");

    // The browser holds the session cookie, but a change without the session's CSRF header is refused.
    Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/admin/v1/keys', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'},"
        + " body: JSON.stringify({org: 'acme', scopes: ['admin']})}).then(r => done(r.status), e => done(String(e)));");
    assertEquals(403L, status, "a change without the CSRF header");

    // Use it through the gateway; a request outside its scope and one outside the plan are refused.
    assertEquals(200, gateway("/v1/chat/completions", key).statusCode());
    assertEquals(403, gateway("/v1/embeddings", key).statusCode());
    assertEquals(403, gateway("/v1/messages", key).statusCode());

    // Keys: last used, and one key's scopes.
    browser.navigate().refresh();
    String prefix = key.substring(0, 16);
    WebElement used = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-prefix='" + prefix + "'] .last-used")));
    wait.until(d -> !used.getText().equals("never"));
    assertFalse(browser.getPageSource().contains(key), "a full key is never rendered after creation");
    browser.findElement(By.cssSelector("tr[data-prefix='" + prefix + "'] button.link")).click();
    WebElement details = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-details")));
    assertTrue(details.findElement(By.id("details-scopes")).getText().contains("llm:chat"));
    screenshot("03-key-details");
    browser.findElement(By.id("details-close")).click();

    // Billing: the plan, the request against the limit, the chart, the provider, the refusals.
    browser.findElement(By.id("nav-billing")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-name"), "team"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("requests-text"), "1 of 1000"));
    assertEquals("600 requests per minute", browser.findElement(By.id("rate-limit")).getText());
    assertEquals("1", browser.findElement(By.cssSelector("#providers-table tr[data-provider=openai] .requests")).getText());
    assertEquals(1, browser.findElements(By.cssSelector("#daily-chart rect.bar.openai")).size());
    assertTrue(browser.findElement(By.id("daily-caption")).getText().contains("the tallest bar is 1 request(s). Providers: openai"));
    String refusals = browser.findElement(By.id("refusals-table")).getText();
    assertTrue(refusals.contains("This key lacks the scope llm:embeddings."), refusals);
    assertTrue(refusals.contains("The plan team does not include the provider anthropic."), refusals);
    screenshot("04-billing");

    // Revoke with a confirmation; the gateway refuses the key from its next request.
    browser.findElement(By.id("nav-keys")).click();
    WebElement revoke = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-prefix='" + prefix + "'] button.danger")));
    revoke.click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revoke-dialog")));
    screenshot("05-revoke-confirm");
    browser.findElement(By.id("revoke-confirm")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-prefix='" + prefix + "'] .badge"), "revoked"));
    assertEquals(401, gateway("/v1/chat/completions", key).statusCode());

    // Gateway: the signing public key exactly as `admin signing-key` prints it, its fingerprint, and Copy.
    browser.findElement(By.id("nav-gateway")).click();
    WebElement pem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#public-keys textarea.pem")));
    String pinned = server.adminHere("signing-key").stdout();
    assertTrue(pinned.startsWith("-----BEGIN PUBLIC KEY-----"), pinned);
    assertEquals(pinned, pem.getDomProperty("value"), "the page shows the key agents pin");
    JsonObject signing = new JsonObject(adminGet("signing-key"));
    String fingerprint = signing.getJsonArray("public_keys").getJsonObject(0).getString("fingerprint");
    assertEquals(fingerprint, browser.findElement(By.cssSelector("label[for=public-key-0] .fingerprint")).getText());
    browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.adminUrl,
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    browser.findElement(By.cssSelector("#public-keys button.copy-pem")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Copied the public key."));
    Object clipboard = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "navigator.clipboard.readText().then(done, e => done(String(e)));");
    assertEquals(pinned, clipboard, "Copy puts the PEM on the clipboard");
    assertTrue(browser.findElement(By.tagName("main")).getText().contains("TAKUMO_GATEWAY_PUBLIC_KEY"));
    screenshot("06-gateway");

    // Fleet: a standalone gateway has none, and says who manages one (FleetDashboardBrowserTest: the coordinator's).
    browser.findElement(By.id("nav-fleet")).click();
    WebElement standalone = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("standalone")));
    assertTrue(standalone.getText().contains("managed by a coordinator"), standalone.getText());
    assertFalse(browser.findElement(By.id("fleet")).isDisplayed());
    assertEquals("", browser.findElement(By.id("status")).getText(), "no error on a standalone gateway");
    screenshot("07-fleet-standalone");
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.findElement(By.id("nav-keys")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-prefix='" + prefix + "']")));
    screenshot("08-keys-phone");
    assertNoSidewaysScroll("the keys page (tables scroll in their frame)");
    browser.findElement(By.id("nav-gateway")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#public-keys textarea.pem")));
    screenshot("09-gateway-phone");
    assertNoSidewaysScroll("the gateway page (the PEM scrolls in its box)");
    browser.manage().window().setSize(new Dimension(1280, 1600));
    browser.findElement(By.id("signout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("credential")));
    browser.get(server.adminUrl + "/dashboard/billing");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("credential")));

    Chromium.assertNothingBlockedByTheCsp(browser);
    assertFalse(browser.getPageSource().contains(server.adminToken));
    String logs = server.stdout() + server.stderr();
    assertFalse(logs.contains(key) || logs.contains(server.adminToken) || logs.contains(PROVIDER_KEY), "a log holds a secret");
  }

  private HttpResponse<String> gateway(String path, String key) throws Exception {
    String body = path.contains("embeddings") ? "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}"
        : "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.gatewayUrl + path))
        .header("X-Takumo-Api-Key", key).header("Authorization", "Bearer " + PROVIDER_KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (path.startsWith("/v1/messages")) {
      request.header("anthropic-version", "2023-06-01");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertNoSidewaysScroll(String page) {
    Chromium.assertNoSidewaysScroll(browser, page);
  }

  private String adminGet(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.adminUrl + "/admin/v1/" + path))
        .header("Authorization", "Bearer " + server.adminToken).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private void admin(String path, String body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.adminUrl + "/admin/v1/" + path))
        .header("Authorization", "Bearer " + server.adminToken).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), new JsonObject(response.body()).encode());
  }

  private void screenshot(String name) throws IOException {
    Chromium.screenshot(browser, name);
  }
}
