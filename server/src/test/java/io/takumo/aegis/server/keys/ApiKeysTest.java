package io.takumo.aegis.server.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final ApiKeys keys = new ApiKeys(new SecureRandom());

  @Test
  void aKeyIsTheLivePrefixAnd43Base62CharactersEachTimeNew() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String key = keys.newKey();
      assertTrue(key.matches("tk_live_[0-9A-Za-z]{43}"), key.substring(0, 8));
      assertTrue(ApiKeys.isWellFormed(key));
      assertTrue(seen.add(key));
    }
  }

  @Test
  void malformedKeysAreRecognisedWithoutALookUp() {
    String key = keys.newKey();
    assertFalse(ApiKeys.isWellFormed(null));
    assertFalse(ApiKeys.isWellFormed(""));
    assertFalse(ApiKeys.isWellFormed(key.substring(0, key.length() - 1)));
    assertFalse(ApiKeys.isWellFormed(key + "x"));
    assertFalse(ApiKeys.isWellFormed("tk_test_" + key.substring(8)));
    assertFalse(ApiKeys.isWellFormed(key.substring(0, 20) + "-" + key.substring(21)));
  }

  @Test
  void theHashIsTheSha256OfTheKeyAndThePrefixItsFirstEightRandomCharacters() {
    // echo -n tk_live_0000000000000000000000000000000000000000000 | sha256sum
    String key = "tk_live_" + "0".repeat(43);
    assertEquals("92433e2a5cbbba0e9e1a86911b0e04c94341ba648e9cc81d142d0e4b02994f45", ApiKeys.hash(key));
    assertEquals("tk_live_00000000", ApiKeys.prefix(key));
    assertNotEquals(ApiKeys.hash(key), ApiKeys.hash("tk_live_" + "0".repeat(42) + "1"));
  }

  @Test
  void scopesParseFromTheirWireNamesAndRefuseOthersNamingTheValidOnes() {
    assertEquals(EnumSet.of(Scope.LLM_CHAT, Scope.ADMIN), Scope.parseList("admin, llm:chat"));
    assertEquals("llm:chat,admin", Scope.names(EnumSet.of(Scope.ADMIN, Scope.LLM_CHAT)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scope.parseList("llm:chat,llm:write"));
    assertEquals("unknown scope 'llm:write' (valid: llm:chat,llm:embeddings,llm:read,admin)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Scope.parseList(" , "));
  }
}
