package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Settings › Fleet in Debian's chromium against a real coordinator process, with real gateway
 * processes joining it: create a join key (shown once), start a gateway with it and see it
 * connected and listed under the key, revoke the key (with a confirmation) and see a new join with
 * it refused, stop the gateway and see it disconnected with the troubleshooting checklist filled
 * in; and an org's admin key, which does not manage the fleet, told so. Screenshots of each state
 * go to {@code target/screenshots/fleet-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetDashboardBrowserTest {
  private final List<ServerProcess> processes = new ArrayList<>();
  private Path dir;
  private ServerProcess coordinator;
  private String grpcTarget;
  private ChromeDriver browser;
  private WebDriverWait wait;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Chromium.assume();
    this.dir = dir;
    coordinator = track(ServerProcess.launch(dir.resolve("coordinator"), Map.of(),
        List.of("coordinator", "--grpc-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0")));
    grpcTarget = coordinator.gatewayUrl.substring("grpc://".length());
    browser = Chromium.open();
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    processes.forEach(ServerProcess::close);
  }

  @Test
  void createAJoinKeyJoinAGatewayRevokeTheKeyAndSeeTheGatewayDisconnectedWithTheChecklist() throws Exception {
    browser.get(coordinator.adminUrl + "/dashboard/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("credential"))).sendKeys(coordinator.adminToken);
    browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/keys"));
    browser.findElement(By.id("nav-fleet")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fleet")));
    assertTrue(browser.findElement(By.id("no-join-keys")).isDisplayed());
    assertTrue(browser.findElement(By.id("grpc-listen")).getText().contains("listens on " + grpcTarget));

    // Create a join key: shown once, with a copy button, listed by its prefix.
    browser.findElement(By.id("join-key-name")).sendKeys("prod");
    browser.findElement(By.cssSelector("#create-join-key button[type=submit]")).click();
    WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-join-key-value")));
    String joinKey = shown.getDomProperty("value");
    assertTrue(joinKey.matches("jk_[0-9A-Za-z]{43}"), "the new join key is shown");
    String prefix = joinKey.substring(0, 11);
    By row = By.cssSelector("#join-keys-table tr[data-prefix='" + prefix + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "no gateway yet"));
    assertTrue(browser.findElement(By.id("copy-join-key")).isDisplayed());
    Chromium.screenshot(browser, "fleet-01-join-key-created");
    browser.findElement(By.id("dismiss-join-key")).click();
    assertEquals("", browser.findElement(By.id("new-join-key-value")).getDomProperty("value"));
    assertFalse(browser.getPageSource().contains(joinKey), "the join key is gone once dismissed");

    // A gateway joins with it: connected, with its version and acked config, and listed under the key.
    ServerProcess g1 = gateway("g1", joinKey);
    WebElement card = refreshUntil(By.cssSelector("article.gateway[data-status=connected]"), "g1 connected");
    assertTrue(card.getText().contains("g1"), card.getText());
    waitForText(row, "g1 (connected)");
    refreshUntil(By.xpath("//article[@data-status='connected']//dd[preceding-sibling::dt[1]='Config version acked']"
        + "[not(text()='none yet')]"), "the config acked");
    assertTrue(browser.findElements(By.cssSelector("article.gateway .checklist")).isEmpty(), "no checklist while connected");
    Chromium.screenshot(browser, "fleet-02-gateway-connected");

    // Revoke the join key, with a confirmation: its status changes, and a new join with it is refused.
    browser.findElement(By.cssSelector("#join-keys-table tr[data-prefix='" + prefix + "'] button.danger")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revoke-dialog")));
    assertTrue(dialog.getText().contains("keep their identity until they restart"), dialog.getText());
    Chromium.screenshot(browser, "fleet-03-revoke-confirm");
    browser.findElement(By.id("revoke-confirm")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#join-keys-table tr[data-prefix='"
        + prefix + "'] .badge"), "revoked"));
    try (ServerProcess late = gateway("late", joinKey)) {
      await(() -> late.stderr().contains("fleet: join key revoked (PERMISSION_DENIED)"), "the late gateway refused");
    }
    browser.findElement(By.id("refresh")).click();
    waitForText(row, "g1 (connected)");
    assertEquals(1, browser.findElements(By.cssSelector("article.gateway")).size(), "the refused gateway never joined");
    assertTrue(browser.findElements(By.cssSelector("#join-keys-table tr[data-prefix='" + prefix + "'] button.danger")).isEmpty());
    Chromium.screenshot(browser, "fleet-04-join-key-revoked");

    // Stop the gateway: disconnected, with the checklist filled in from the fleet's data.
    g1.close();
    WebElement checklist = refreshUntil(By.cssSelector("article.gateway[data-status=disconnected] .checklist"),
        "g1 disconnected");
    String text = checklist.getText();
    assertTrue(text.contains("Join key prod (" + prefix + "…) was revoked at"), text);
    assertTrue(text.contains("listens on " + grpcTarget + " (port " + grpcTarget.substring(grpcTarget.lastIndexOf(':') + 1)
        + "; the default is 50051)"), text);
    assertTrue(text.contains("loopback only"), text);
    assertTrue(text.contains("The gateway initiates the connection"), text);
    assertTrue(text.contains("kubectl logs -n takumo deployment/aegis-gateway"), text);
    waitForText(row, "g1 (disconnected)");
    Chromium.screenshot(browser, "fleet-05-gateway-disconnected");

    browser.manage().window().setSize(new Dimension(390, 844));
    browser.navigate().refresh();
    WebElement onPhone = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article.gateway")));
    browser.executeScript("arguments[0].scrollIntoView();", onPhone);
    Chromium.screenshot(browser, "fleet-06-phone");
    Chromium.assertNoSidewaysScroll(browser, "the fleet page");
    browser.manage().window().setSize(new Dimension(1280, 1600));

    assertFalse(browser.getPageSource().contains(joinKey), "a join key is never rendered after creation");

    // An org's admin key manages its own org, not the fleet: the page says whose the fleet is.
    admin("plans", "{\"name\":\"team\"}");
    admin("orgs", "{\"name\":\"acme\",\"plan\":\"team\"}");
    String adminKey = new JsonObject(admin("keys", "{\"org\":\"acme\",\"scopes\":[\"admin\"]}")).getString("key");
    browser.findElement(By.id("signout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("credential"))).sendKeys(adminKey);
    browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/keys"));
    browser.findElement(By.id("nav-fleet")).click();
    WebElement operatorOnly = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operator-only")));
    assertTrue(operatorOnly.getText().contains("admin token"), operatorOnly.getText());
    assertFalse(browser.findElement(By.id("fleet")).isDisplayed());
    Chromium.screenshot(browser, "fleet-07-org-admin-key");

    Chromium.assertNothingBlockedByTheCsp(browser);
    for (ServerProcess process : processes) {
      String logs = process.stdout() + process.stderr();
      assertFalse(logs.contains(joinKey) || logs.contains(coordinator.adminToken), "a log holds a secret");
    }
  }

  /** Clicks Refresh until the element is on the page (gateways report every few seconds). */
  private WebElement refreshUntil(By what, String description) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      browser.findElement(By.id("refresh")).click();
      Thread.sleep(500);
      List<WebElement> found = browser.findElements(what);
      if (!found.isEmpty()) {
        return found.get(0);
      }
    }
    throw new AssertionError("timed out waiting for " + description);
  }

  private void waitForText(By element, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(element, text));
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting: " + what);
  }

  private String admin(String path, String body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(coordinator.adminUrl + "/admin/v1/" + path))
        .header("Authorization", "Bearer " + coordinator.adminToken).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), path);
    return response.body();
  }

  private ServerProcess gateway(String name, String joinKey) throws Exception {
    return track(ServerProcess.launch(dir.resolve(name), Map.of("TAKUMO_SERVER_JOIN_KEY", joinKey),
        List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--coordinator", grpcTarget,
            "--gateway-name", name)));
  }

  private ServerProcess track(ServerProcess process) {
    processes.add(process);
    return process;
  }
}
