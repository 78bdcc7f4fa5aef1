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
    java.lang.reflect.Field f = Vault.class.getDeclaredField("sealed");
    f.setAccessible(true);
    com.github.benmanes.caffeine.cache.Cache<?, ?> cache = (com.github.benmanes.caffeine.cache.Cache<?, ?>) f.get(vault);
    for (Object box : cache.asMap().values()) {
      assertFalse(new String((byte[]) box, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret));
    }
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
