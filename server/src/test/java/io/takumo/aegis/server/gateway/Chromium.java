package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's chromium, headless, through chromedriver, for the dashboard's browser tests; and what
 * they check on every page. Without chromium a test is skipped locally and fails in CI
 * ({@code CI=true}). Screenshots go to {@code target/screenshots/}.
 */
final class Chromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {
  }

  /** Aborts the test (fails it in CI) unless chromium and chromedriver are installed. */
  static void assume() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why = "the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + ": install them (.ci/run does)");
      }
      Assumptions.abort(why + ": skipped; apt-get install chromium chromium-driver to run them");
    }
  }

  /** A laptop-sized headless window that keeps the console's messages. */
  static ChromeDriver open() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  static void screenshot(ChromeDriver browser, String name) throws IOException {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static void assertNoSidewaysScroll(ChromeDriver browser, String page) {
    Object pageWidth = browser.executeScript("return document.documentElement.scrollWidth;");
    Object viewport = browser.executeScript("return document.documentElement.clientWidth;");
    assertEquals(viewport, pageWidth, "on a phone " + page + " does not scroll sideways");
  }

  static void assertNothingBlockedByTheCsp(ChromeDriver browser) {
    List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
    assertTrue(console.stream().noneMatch(e -> e.getMessage().contains("Content Security Policy")),
        "the CSP blocked something: " + console);
  }
}
