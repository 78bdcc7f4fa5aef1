package io.takumo.aegis.gateway;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provider request routed through the gateway: where it goes, and the headers it carries.
 * The app's own headers (its provider credentials included) are sent on untouched beside them.
 */
public final class GatewayRoute {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI target;
  private final String upstream;
  private final String host;
  private final String apiKey;
  private final GatewaySession session;

  GatewayRoute(URI target, String upstream, String host, String apiKey, GatewaySession session) {
    this.target = target;
    this.upstream = upstream;
    this.host = host;
    this.apiKey = apiKey;
    this.session = session;
  }

  /** The gateway URL the request goes to instead. */
  public URI target() {
    return target;
  }

  /** The provider host the app addressed. */
  public String host() {
    return host;
  }

  /** The session the request is signed with, or null when the handshake was refused. */
  GatewaySession session() {
    return session;
  }

  /** The id of the session the request is signed with, or null when the handshake was refused. */
  public String sessionId() {
    return session == null ? null : session.id();
  }

  /**
   * The headers to add: the org API key, the protocol version, the original URL and, with a
   * session, the signature over them and the body.
   *
   * @param body the body as it will be sent (tokenized), or null if the agent did not read it
   */
  public Map<String, String> headers(String method, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(Headers.API_KEY, apiKey);
    h.put(Headers.PROTOCOL, "1");
    h.put(Headers.UPSTREAM, upstream);
    if (session == null) {
      return h;
    }
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    byte[] nonceBytes = new byte[12];
    RANDOM.nextBytes(nonceBytes);
    String nonce = SessionCrypto.base64(nonceBytes);
    String digest = SessionCrypto.bodyDigest(body);
    h.put(Headers.SESSION, session.id());
    h.put(Headers.TIMESTAMP, timestamp);
    h.put(Headers.NONCE, nonce);
    h.put(Headers.CONTENT_SHA256, digest);
    try {
      h.put(Headers.SIGNATURE, SessionCrypto.sign(
          session.macKey(), SessionCrypto.canonicalRequest(method, upstream, session.id(), timestamp, nonce, digest)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
    return h;
  }
}
