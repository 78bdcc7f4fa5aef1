package io.takumo.aegis.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VaultTest {

  @Test
  void tokensHaveTheDocumentedShapeAndRoundTrip() {
    Vault vault = new Vault(100, Duration.ofHours(1));
    String secret = "p\"a\\ss\nwörd 日本 😀";
    String token = vault.tokenize(secret, "pwd");
    assertTrue(token.matches("TKM_pwd_[0-9a-hjkmnp-tv-z]{20}"), token);
    assertEquals(token.length(), TokenFormat.match(token, 0));
    assertEquals(secret, vault.reveal(token));
  }

  @Test
  void theSameSecretGetsTheSameTokenAndVaultsDoNotAgree() {
    Vault a = new Vault(100, Duration.ofHours(1));
    Vault b = new Vault(100, Duration.ofHours(1));
    assertEquals(a.tokenize("hunter2hunter2", "pwd"), a.tokenize("hunter2hunter2", "pwd"));
    assertNotEquals(a.tokenize("hunter2hunter2", "pwd"), b.tokenize("hunter2hunter2", "pwd"));
    assertNotEquals(a.tokenize("hunter2hunter2", "pwd"), a.tokenize("hunter2hunter2", "sec"));
  }

  @Test
  void onlyIssuedTokensAreRevealed() {
    Vault vault = new Vault(100, Duration.ofHours(1));
    assertTrue(vault.isEmpty());
    String token = vault.tokenize("s3cr3t-value-1", "sec");
    assertFalse(vault.isEmpty());
    assertNull(vault.reveal("TKM_sec_" + "0".repeat(20)));
    assertNull(vault.reveal(token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0")));
  }

  @Test
  void manyDistinctSecretsGetDistinctTokens() {
    Vault vault = new Vault(100_000, Duration.ofHours(1));
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      tokens.add(vault.tokenize("secret-" + i, "sec"));
    }
    assertEquals(20_000, tokens.size());
  }

  @Test
  void theVaultHoldsNoSecretInTheClear() throws Exception {
    Vault vault = new Vault(100, Duration.ofHours(1));
    String secret = "needle-" + System.nanoTime();
    vault.tokenize(secret, "sec");
    java.lang.reflect.Field f = SealedEntries.class.getDeclaredField("entries");
    java.lang.reflect.Field table = Vault.class.getDeclaredField("sealed");
    table.setAccessible(true);
    f.setAccessible(true);
    java.util.Map<?, ?> entries = (java.util.Map<?, ?>) f.get(table.get(vault));
    java.lang.reflect.Field box = Class.forName("io.takumo.aegis.vault.SealedEntries$Sealed").getDeclaredField("box");
    box.setAccessible(true);
    assertEquals(1, entries.size());
    for (Object entry : entries.values()) {
      assertFalse(new String((byte[]) box.get(entry), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret));
    }
  }

  @Test
  void theLeastRecentlyUsedTokenGoesFirstWhenFull() {
    Vault vault = new Vault(2, Duration.ofHours(1));
    String a = vault.tokenize("first-secret-aaa", "sec");
    String b = vault.tokenize("second-secret-bbb", "sec");
    assertEquals("first-secret-aaa", vault.reveal(a));
    String c = vault.tokenize("third-secret-ccc", "sec");
    assertNull(vault.reveal(b), "b was the least recently used");
    assertEquals("first-secret-aaa", vault.reveal(a));
    assertEquals("third-secret-ccc", vault.reveal(c));
  }

  @Test
  void idleTokensAreForgotten() throws Exception {
    Vault vault = new Vault(100, Duration.ofMillis(30));
    String token = vault.tokenize("short-lived-secret", "sec");
    Thread.sleep(80);
    assertNull(vault.reveal(token));
  }

  /** What one entry for {@code secret} (ASCII) under hint {@code sec} counts: IV, ciphertext, tag, token. */
  private static long weight(String secret) {
    return 12 + secret.length() + 16 + "TKM_sec_".length() + TokenFormat.BODY_LENGTH;
  }

  @Test
  void theByteBoundDropsTheLeastRecentlyUsedFirstAndCountsIt() {
    String a = "a".repeat(100);
    String b = "b".repeat(100);
    String c = "c".repeat(100);
    Vault vault = new Vault(1000, 2 * weight(a) + 10, Duration.ofHours(1));
    String ta = vault.tokenize(a, "sec");
    String tb = vault.tokenize(b, "sec");
    assertEquals(2 * weight(a), vault.bytes());
    assertEquals(a, vault.reveal(ta));
    String tc = vault.tokenize(c, "sec");
    assertNull(vault.reveal(tb), "b was the least recently used");
    assertEquals(a, vault.reveal(ta));
    assertEquals(c, vault.reveal(tc));
    assertEquals(2, vault.size());
    assertEquals(2 * weight(a), vault.bytes());
    assertEquals(1, vault.evictedCount());
  }

  @Test
  void manySmallSecretsOrOneHugeOneStayWithinTheByteBound() {
    Vault vault = new Vault(1_000_000, 64 * 1024, Duration.ofHours(1));
    for (int i = 0; i < 10_000; i++) {
      vault.tokenize("secret-value-" + i, "sec");
      assertTrue(vault.bytes() <= 64 * 1024, "bytes " + vault.bytes());
    }
    assertTrue(vault.evictedCount() > 0);
    String huge = "x".repeat(100_000);
    String token = vault.tokenize(huge, "sec");
    assertNull(vault.reveal(token), "an entry over the bound on its own is not kept either");
    assertEquals(0, vault.size());
    assertEquals(0, vault.bytes());
  }

  @Test
  void theCountBoundIsCountedAsEvictionsButIdleExpiryIsNot() throws Exception {
    Vault vault = new Vault(2, Duration.ofMillis(50));
    vault.tokenize("first-secret-aaa", "sec");
    vault.tokenize("second-secret-bbb", "sec");
    vault.tokenize("third-secret-ccc", "sec");
    assertEquals(1, vault.evictedCount());
    Thread.sleep(120);
    vault.tokenize("fourth-secret-ddd", "sec");
    assertEquals(1, vault.size(), "the idle ones expired");
    assertEquals(weight("fourth-secret-ddd"), vault.bytes());
    assertEquals(1, vault.evictedCount());
  }

  @Test
  void withoutKeepingGivesTheVaultsTokensAndKeepsNothing() {
    Vault vault = new Vault(100, Duration.ofHours(1));
    Tokenizer observer = vault.withoutKeeping();
    String token = observer.tokenize("hunter2hunter2", "pwd");
    assertTrue(vault.isEmpty());
    assertEquals(0, vault.bytes());
    assertNull(vault.reveal(token));
    assertEquals(token, vault.tokenize("hunter2hunter2", "pwd"), "the token mode local would send");
  }

  @Test
  void tokenFormatMatchesPrefixesAsIncomplete() {
    assertTrue(TokenFormat.match("T", 0) < 0);
    assertTrue(TokenFormat.match("TKM_oa", 0) < 0);
    assertTrue(TokenFormat.match("TKM_oai_0123", 0) < 0);
    assertEquals(0, TokenFormat.match("TKX", 0));
    assertEquals(0, TokenFormat.match("TKM_toolong_", 0));
    assertEquals(0, TokenFormat.match("TKM_oai_0123456789abcdefghiu", 0), "u is not in the alphabet");
  }
}
