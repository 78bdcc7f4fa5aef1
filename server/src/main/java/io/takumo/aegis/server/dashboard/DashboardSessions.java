package io.takumo.aegis.server.dashboard;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sign-in sessions, held by the server (in memory: a restart, which also draws a
 * new admin token, signs everyone out). The browser holds only a random session id in an
 * HttpOnly, SameSite=Strict cookie; each session has its own CSRF token that every change must
 * echo in {@value #CSRF_HEADER}. A session ends {@link #IDLE} after its last use, {@link #MAX}
 * after sign-in, or at sign-out.
 */
public final class DashboardSessions {
  public static final String COOKIE = "takumo_session";
  public static final String CSRF_HEADER = "X-Takumo-CSRF";
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration MAX = Duration.ofHours(8);
  /** Past this many live sessions, sign-in evicts expired ones and then the oldest. */
  static final int LIMIT = 10_000;

  /**
   * One signed-in browser: the operator ({@code orgId} null) or an org's admin key, known by its
   * hash so that revoking the key ends the session at its next call.
   */
  public static final class Session {
    private final String id;
    private final String csrfToken;
    private final String orgId;
    private final String keyHash;
    private final Instant signedIn;
    private volatile Instant lastUsed;

    Session(String id, String csrfToken, String orgId, String keyHash, Instant signedIn) {
      this.id = id;
      this.csrfToken = csrfToken;
      this.orgId = orgId;
      this.keyHash = keyHash;
      this.signedIn = signedIn;
      this.lastUsed = signedIn;
    }

    public String csrfToken() {
      return csrfToken;
    }

    /** The key's hash, or null for the operator's session (the admin token). */
    public String keyHash() {
      return keyHash;
    }

    public String orgId() {
      return orgId;
    }

    public Instant expiresAt() {
      Instant idle = lastUsed.plus(IDLE);
      Instant max = signedIn.plus(MAX);
      return idle.isBefore(max) ? idle : max;
    }

    /** Whether {@code header} is this session's CSRF token (compared in constant time). */
    public boolean csrfMatches(String header) {
      return header != null
          && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random;
  private final Clock clock;

  public DashboardSessions(SecureRandom random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  /** Signs in: {@code orgId} and {@code keyHash} null for the operator. */
  public Session open(String orgId, String keyHash) {
    Instant now = clock.instant();
    if (sessions.size() >= LIMIT) {
      sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
    }
    if (sessions.size() >= LIMIT) {
      sessions.values().stream().min((a, b) -> a.signedIn.compareTo(b.signedIn)).ifPresent(this::close);
    }
    Session session = new Session(randomToken(), randomToken(), orgId, keyHash, now);
    sessions.put(session.id, session);
    return session;
  }

  /** The live session of this cookie value, its idle time restarted; empty if unknown or expired. */
  public Optional<Session> find(String cookieValue) {
    if (cookieValue == null) {
      return Optional.empty();
    }
    Session session = sessions.get(cookieValue);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!session.expiresAt().isAfter(now)) {
      sessions.remove(session.id, session);
      return Optional.empty();
    }
    session.lastUsed = now;
    return Optional.of(session);
  }

  public void close(Session session) {
    sessions.remove(session.id, session);
  }

  /** The cookie that carries the session; {@code secure} when the listener speaks TLS. */
  public static Cookie cookie(Session session, boolean secure) {
    return base(session.id, secure).setMaxAge(MAX.toSeconds());
  }

  /** The cookie that removes it from the browser. */
  public static Cookie removal(boolean secure) {
    return base("", secure).setMaxAge(0);
  }

  private static Cookie base(String value, boolean secure) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(secure);
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
