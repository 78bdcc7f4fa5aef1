package io.takumo.aegis.server.cli;

import io.takumo.aegis.server.admin.AdminFile;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The admin CLI's side of the admin API. */
final class AdminClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;
  private final String token;

  private AdminClient(String url, String token) {
    this.url = url.replaceAll("/+$", "");
    this.token = token;
  }

  /** From {@code --url} and {@code --token}, else from {@code --data DIR}'s admin.json. */
  static AdminClient of(String url, String token, Path data) {
    if (url != null && token != null) {
      return new AdminClient(url, token);
    }
    if (url != null || token != null) {
      throw new CliError(CliError.BAD_INPUT, "--url and --token go together (or use --data DIR on the gateway's machine)");
    }
    if (data == null) {
      throw new CliError(CliError.BAD_INPUT, "give --data DIR (the gateway's) or --url and --token");
    }
    try {
      AdminFile file = AdminFile.read(data);
      return new AdminClient(file.adminUrl(), file.token());
    } catch (IOException e) {
      throw new CliError(CliError.FAILED, e.getMessage());
    }
  }

  JsonObject get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  JsonObject post(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** PUT of a JSON body as the caller wrote it (a file's content). */
  JsonObject put(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private URI uri(String path) {
    try {
      return URI.create(url + path);
    } catch (IllegalArgumentException e) {
      throw new CliError(CliError.BAD_INPUT, "not a URL: " + url);
    }
  }

  private JsonObject send(HttpRequest.Builder builder) {
    HttpResponse<String> response;
    try {
      response = http.send(builder.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliError(CliError.FAILED, "cannot reach the admin API at " + url + ": connection refused (is the gateway running?)");
    } catch (IOException e) {
      throw new CliError(CliError.FAILED, "cannot reach the admin API at " + url + " (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliError(CliError.FAILED, "interrupted");
    }
    JsonObject body;
    try {
      body = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw new CliError(CliError.FAILED, "the admin API at " + url + " answered HTTP " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() >= 400) {
      JsonObject error = body.getJsonObject("error", new JsonObject());
      String message = error.getString("message", "HTTP " + response.statusCode());
      throw new CliError(response.statusCode() < 500 ? CliError.BAD_INPUT : CliError.FAILED, message);
    }
    return body;
  }
}
