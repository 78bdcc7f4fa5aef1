package io.takumo.aegis.server.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code DIR/admin.json}: how the admin CLI on the same machine finds the running server. It
 * holds the admin URL, the gateway URL and the admin token, so it is created with mode 0600
 * (never readable by others, not even for an instant) and removed when the server stops.
 */
public record AdminFile(String adminUrl, String gatewayUrl, String token) {
  public static final String NAME = "admin.json";

  public void write(Path dir) throws IOException {
    Path target = dir.resolve(NAME);
    Path temp = dir.resolve(NAME + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + temp);
    }
    String json = new JsonObject().put("admin_url", adminUrl).put("gateway_url", gatewayUrl).put("token", token).encode();
    Files.writeString(temp, json + "\n", StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** @throws IOException with a one-line message when the file is missing or unreadable */
  public static AdminFile read(Path dir) throws IOException {
    Path file = dir.resolve(NAME);
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      String url = json.getString("admin_url");
      String token = json.getString("token");
      if (url == null || token == null) {
        throw new IOException(file + " lacks admin_url or token");
      }
      return new AdminFile(url, json.getString("gateway_url"), token);
    } catch (NoSuchFileException e) {
      throw new IOException("no " + file + ": is a gateway running with --data " + dir + "?");
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(file + " is not the server's admin file");
    }
  }

  public static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(NAME));
    } catch (IOException e) {
      // Nothing to do: the next start replaces it.
    }
  }
}
