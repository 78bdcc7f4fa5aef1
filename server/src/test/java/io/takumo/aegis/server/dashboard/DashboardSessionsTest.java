package io.takumo.aegis.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.Cookie;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DashboardSessionsTest {
  private Instant now = Instant.parse("2026-12-07T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final DashboardSessions sessions = new DashboardSessions(new SecureRandom(), clock);

  private String id(DashboardSessions.Session session) {
    return DashboardSessions.cookie(session, false).getValue();
  }

  @Test
  void aSessionEndsAfterItsIdleTimeButUseKeepsItAlive() {
    DashboardSessions.Session session = sessions.open(null, null);
    now = now.plus(DashboardSessions.IDLE).minusSeconds(1);
    assertTrue(sessions.find(id(session)).isPresent());
    now = now.plus(DashboardSessions.IDLE).minusSeconds(1);
    assertTrue(sessions.find(id(session)).isPresent(), "the last use restarted the idle time");
    now = now.plus(DashboardSessions.IDLE);
    assertTrue(sessions.find(id(session)).isEmpty());
  }

  @Test
  void aSessionEndsAtItsMaximumAgeHoweverOftenItIsUsed() {
    DashboardSessions.Session session = sessions.open("org_1", "hash");
    Instant end = now.plus(DashboardSessions.MAX);
    while (now.plus(Duration.ofMinutes(20)).isBefore(end)) {
      now = now.plus(Duration.ofMinutes(20));
      assertTrue(sessions.find(id(session)).isPresent());
    }
    now = end;
    assertTrue(sessions.find(id(session)).isEmpty());
  }

  @Test
  void closedOrUnknownSessionsAreNotFoundAndCsrfTokensAreCheckedExactly() {
    DashboardSessions.Session session = sessions.open(null, null);
    DashboardSessions.Session other = sessions.open(null, null);
    assertNotEquals(id(session), id(other));
    assertNotEquals(session.csrfToken(), other.csrfToken());
    assertTrue(session.csrfMatches(session.csrfToken()));
    assertFalse(session.csrfMatches(other.csrfToken()));
    assertFalse(session.csrfMatches(null));
    assertFalse(session.csrfMatches(""));
    assertTrue(sessions.find("nope").isEmpty());
    assertTrue(sessions.find(null).isEmpty());
    sessions.close(session);
    assertTrue(sessions.find(id(session)).isEmpty());
    assertTrue(sessions.find(id(other)).isPresent());
  }

  @Test
  void pastTheLimitSignInDropsExpiredSessionsFirstThenTheOldest() {
    DashboardSessions.Session oldest = sessions.open(null, null);
    now = now.plusSeconds(1);
    DashboardSessions.Session second = sessions.open(null, null);
    DashboardSessions.Session third = sessions.open(null, null);
    for (int i = 3; i < DashboardSessions.LIMIT; i++) {
      sessions.open(null, null);
    }
    sessions.open(null, null);
    assertTrue(sessions.find(id(oldest)).isEmpty(), "the oldest made room");
    now = now.plus(DashboardSessions.IDLE.dividedBy(2));
    assertTrue(sessions.find(id(second)).isPresent());
    now = now.plus(DashboardSessions.IDLE.dividedBy(2)).plusSeconds(1);
    DashboardSessions.Session fresh = sessions.open(null, null);
    assertTrue(sessions.find(id(second)).isPresent(), "used within its idle time: kept");
    assertTrue(sessions.find(id(fresh)).isPresent());
    assertTrue(sessions.find(id(third)).isEmpty(), "expired: dropped");
  }

  @Test
  void theCookieIsHttpOnlyStrictOnTheWholeSiteAndSecureOnlyOverTls() {
    DashboardSessions.Session session = sessions.open(null, null);
    String plain = DashboardSessions.cookie(session, false).encode();
    assertTrue(plain.contains("HTTPOnly") && plain.contains("SameSite=Strict") && plain.contains("Path=/"), plain);
    assertFalse(plain.contains("Secure"), plain);
    assertTrue(DashboardSessions.cookie(session, true).encode().contains("Secure"));
    Cookie removal = DashboardSessions.removal(true);
    assertEquals("", removal.getValue());
    assertTrue(removal.encode().contains("Max-Age=0"), removal.encode());
    assertNull(sessions.open(null, null).keyHash());
  }
}
