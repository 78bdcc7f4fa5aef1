package io.takumo.aegis.gateway;

import io.takumo.aegis.protocol.CanonicalRequest;
import io.takumo.aegis.protocol.SessionCrypto;
import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One provider request routed through the gateway: where it goes, and the headers it carries.
 * The app's own headers (its provider credentials included) are sent on untouched beside them.
 * The org API key is not among them: it authenticates the handshake only.
 */
public final class GatewayRoute {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PROTOCOL = Integer.toString(SessionCrypto.VERSION);

  private final URI target;
  private final String upstream;
  private final String host;
  private final GatewaySession session;

  GatewayRoute(URI target, String upstream, String host, GatewaySession session) {
    this.target = target;
    this.upstream = upstream;
    this.host = host;
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

  /** The session the request is signed with. */
  GatewaySession session() {
    return session;
  }

  /** The id of the session the request is signed with. */
  public String sessionId() {
    return session.id();
  }

  /**
   * The headers to add: the protocol version, the original URL, the session, and the signature
   * over the method, that URL, the body and the app's {@link CanonicalRequest#SIGNED_HEADERS}.
   * Each call draws a new nonce: a request sent again is signed again.
   *
   * @param body the body as it will be sent (tokenized), or null if the agent did not read it
   * @param appHeader the app's request header by name, any case (its first value), or null if absent
   */
  public Map<String, String> headers(String method, byte[] body, Function<String, String> appHeader) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(Headers.PROTOCOL, PROTOCOL);
    h.put(Headers.UPSTREAM, upstream);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    byte[] nonceBytes = new byte[12];
    RANDOM.nextBytes(nonceBytes);
    String nonce = SessionCrypto.base64(nonceBytes);
    String digest = CanonicalRequest.bodyDigest(body);
    Map<String, String> signed = CanonicalRequest.signedHeaders(appHeader);
    h.put(Headers.SESSION, session.id());
    h.put(Headers.TIMESTAMP, timestamp);
    h.put(Headers.NONCE, nonce);
    h.put(Headers.CONTENT_SHA256, digest);
    h.put(Headers.SIGNED_HEADERS, CanonicalRequest.headerList(signed));
    h.put(Headers.SIGNATURE, CanonicalRequest.sign(
        session.macKey(), CanonicalRequest.build(method, upstream, session.id(), timestamp, nonce, digest, signed)));
    return h;
  }

  /**
   * The headers a client sets before it knows the method, body and headers
   * ({@code HttpURLConnection} at {@code openConnection}): the version and the original URL; the
   * rest follows from {@link #headers} when the request goes out.
   */
  public Map<String, String> openingHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(Headers.PROTOCOL, PROTOCOL);
    h.put(Headers.UPSTREAM, upstream);
    return h;
  }
}
