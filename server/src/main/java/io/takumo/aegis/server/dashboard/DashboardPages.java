package io.takumo.aegis.server.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's pages and assets under {@value #PREFIX}, all from the server's own jar
 * ({@code dashboard/} resources, read once at start). The pages are static: what they show comes
 * from the admin API, called by the pages' scripts with the session cookie, so the dashboard has
 * no data of its own. Every answer carries a Content-Security-Policy that allows only the
 * server's own scripts and styles (no inline script or style). The signed-in pages share one
 * header ({@code dashboard/header.html}): each holds the mark {@code <!--#header-->} where it
 * goes, filled in once, at load, from the jar (no request data ever enters a page).
 *
 * <p>Mount it on any listener or router in front of the admin API: {@link #handle} answers the
 * request and returns true when its path is the dashboard's, and returns false otherwise.
 */
public final class DashboardPages {
  public static final String PREFIX = "/dashboard";
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final String HEADER_MARK = "<!--#header-->";
  private static final Map<String, String> PAGES = Map.of(
      "/", "signin.html", "/keys", "keys.html", "/billing", "billing.html", "/gateway", "gateway.html",
      "/fleet", "fleet.html");
  private static final Map<String, String> ASSETS = Map.of(
      "app.css", "text/css; charset=utf-8", "common.js", "text/javascript; charset=utf-8",
      "signin.js", "text/javascript; charset=utf-8", "keys.js", "text/javascript; charset=utf-8",
      "billing.js", "text/javascript; charset=utf-8", "fleet.js", "text/javascript; charset=utf-8",
      "gateway.js", "text/javascript; charset=utf-8");

  private record Resource(Buffer bytes, String contentType) {
  }

  private final Map<String, Resource> byPath = new HashMap<>();

  public DashboardPages() {
    String header = load("header.html").toString(StandardCharsets.UTF_8).strip();
    PAGES.forEach((path, file) -> byPath.put(PREFIX + path, new Resource(
        Buffer.buffer(load(file).toString(StandardCharsets.UTF_8).replace(HEADER_MARK, header)), "text/html; charset=utf-8")));
    ASSETS.forEach((file, type) -> byPath.put(PREFIX + "/assets/" + file, new Resource(load("assets/" + file), type)));
  }

  /** Answers a dashboard path and returns true; false for any other path. */
  public boolean handle(HttpServerRequest request) {
    String path = request.path();
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
      return false;
    }
    HttpServerResponse response = request.response();
    secure(response);
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      response.setStatusCode(405).putHeader("Allow", "GET, HEAD").putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("the dashboard's pages are read with GET\n");
      return true;
    }
    if (path.equals(PREFIX)) {
      response.setStatusCode(302).putHeader("Location", PREFIX + "/").end();
      return true;
    }
    Resource resource = byPath.get(path);
    if (resource == null) {
      response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("no such dashboard page\n");
      return true;
    }
    response.putHeader("Content-Type", resource.contentType()).putHeader("Cache-Control", "no-cache");
    if (request.method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", Integer.toString(resource.bytes().length())).end();
    } else {
      response.end(resource.bytes());
    }
    return true;
  }

  private static void secure(HttpServerResponse response) {
    response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY).putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY").putHeader("Referrer-Policy", "no-referrer");
  }

  private static Buffer load(String file) {
    try (InputStream in = DashboardPages.class.getResourceAsStream("/dashboard/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard resource " + file + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
