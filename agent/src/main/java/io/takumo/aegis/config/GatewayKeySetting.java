package io.takumo.aegis.config;

import io.takumo.aegis.protocol.GatewayKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.PublicKey;
import java.util.List;

/** {@code gateway-public-key}: the key text itself (PEM, or base64 DER), or the path of a PEM file. */
final class GatewayKeySetting {

  private GatewayKeySetting() {}

  static List<PublicKey> read(String value) {
    String text = value;
    if (!GatewayKeys.isKeyText(value)) {
      try {
        text = new String(Files.readAllBytes(Paths.get(value)), StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("gateway-public-key is neither a PEM or base64 public key nor a readable file ("
            + e.getClass().getSimpleName() + ")");
      }
    }
    try {
      return GatewayKeys.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gateway-public-key: " + e.getMessage());
    }
  }
}
