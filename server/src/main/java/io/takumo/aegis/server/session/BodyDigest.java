package io.takumo.aegis.server.session;

import io.takumo.aegis.protocol.RequestCheck;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a routed request's body as it streams through, checked at its end against the
 * digest the signature covers. The caller holds back the body's last bytes until then, so a
 * provider never receives a whole request whose body was altered.
 */
public final class BodyDigest {
  private final RequestCheck.Signed signed;
  private final MessageDigest sha256;

  BodyDigest(RequestCheck.Signed signed) {
    this.signed = signed;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public void update(Buffer chunk) {
    sha256.update(chunk.getBytes());
  }

  /** At the body's end: why it fails the signed digest, or null. */
  public String problem() {
    return RequestCheck.bodyProblem(signed, sha256.digest());
  }
}
