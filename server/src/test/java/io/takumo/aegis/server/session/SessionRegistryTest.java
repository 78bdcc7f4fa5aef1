package io.takumo.aegis.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-07T10:00:00Z");

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
  }

  private final TestClock clock = new TestClock();

  private SessionRegistry registry(int max, int perKey) {
    return new SessionRegistry(max, perKey, 100, 3600, clock, new SecureRandom());
  }

  @Test
  void aSessionIsFoundUntilItsLifetimeEndsThenExpiredThenUnknown() {
    SessionRegistry registry = registry(10, 10);
    Session session = registry.open(registry.newId(), "hash-a", new byte[32]).orElseThrow();
    assertSame(session, assertInstanceOf(SessionStore.Found.class, registry.find(session.id())).session());
    clock.now = clock.now.plus(Duration.ofSeconds(3599));
    assertInstanceOf(SessionStore.Found.class, registry.find(session.id()));
    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertInstanceOf(SessionStore.Expired.class, registry.find(session.id()));
    assertInstanceOf(SessionStore.Unknown.class, registry.find("sess_nosuch"));
    assertInstanceOf(SessionStore.Unknown.class, registry.find(null));
  }

  @Test
  void idsAreFreshAndLongEnoughNotToBeGuessed() {
    SessionRegistry registry = registry(10, 10);
    String id = registry.newId();
    assertTrue(id.matches("sess_[A-Za-z0-9_-]{24}"), id);
    assertNotEquals(id, registry.newId());
  }

  @Test
  void aRevokedKeysSessionsAllEndAndOthersStay() {
    SessionRegistry registry = registry(10, 10);
    Session a1 = registry.open(registry.newId(), "hash-a", new byte[32]).orElseThrow();
    Session a2 = registry.open(registry.newId(), "hash-a", new byte[32]).orElseThrow();
    Session b = registry.open(registry.newId(), "hash-b", new byte[32]).orElseThrow();
    registry.dropKey("hash-a");
    assertInstanceOf(SessionStore.Unknown.class, registry.find(a1.id()));
    assertInstanceOf(SessionStore.Unknown.class, registry.find(a2.id()));
    assertInstanceOf(SessionStore.Found.class, registry.find(b.id()));
    assertEquals(1, registry.size());
  }

  @Test
  void boundedPerKeyTheOldestGivesWayAndInAllAFullRegistryRefusesUntilSessionsEnd() {
    SessionRegistry registry = registry(3, 2);
    Session a1 = registry.open(registry.newId(), "hash-a", new byte[32]).orElseThrow();
    registry.open(registry.newId(), "hash-a", new byte[32]).orElseThrow();
    registry.open(registry.newId(), "hash-a", new byte[32]).orElseThrow();
    assertInstanceOf(SessionStore.Unknown.class, registry.find(a1.id()), "the key's oldest made room");
    assertEquals(2, registry.size());
    registry.open(registry.newId(), "hash-b", new byte[32]).orElseThrow();
    assertTrue(registry.open(registry.newId(), "hash-c", new byte[32]).isEmpty(), "full of live sessions");
    clock.now = clock.now.plus(Duration.ofSeconds(3600));
    assertTrue(registry.open(registry.newId(), "hash-c", new byte[32]).isPresent(), "ended ones make room");
    assertEquals(1, registry.size());
  }
}
