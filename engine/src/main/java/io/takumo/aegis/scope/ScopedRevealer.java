package io.takumo.aegis.scope;

import io.takumo.aegis.vault.Revealer;
import io.takumo.aegis.vault.Vault;
import java.util.HashSet;
import java.util.Set;

/**
 * Reveals, for one response, only the tokens in its exchange's scope. A token the vault issued
 * that is out of scope stays the token, and is reported once to {@link WithheldTokens}; a
 * token-shaped text the vault never issued is ordinary text. Not thread-safe, like the restorer
 * it serves (one per response body).
 */
public final class ScopedRevealer implements Revealer {

  private final Vault vault;
  private final Set<String> allowed;
  private final WithheldTokens withheld;
  /** The out-of-scope tokens reported already; null until the first. */
  private Set<String> reported;

  public ScopedRevealer(Vault vault, Set<String> allowed, WithheldTokens withheld) {
    this.vault = vault;
    this.allowed = allowed;
    this.withheld = withheld;
  }

  @Override
  public String reveal(CharSequence candidate) {
    String token = candidate.toString();
    if (allowed.contains(token)) {
      return vault.reveal(token);
    }
    if (vault.issued(token)) {
      if (reported == null) {
        reported = new HashSet<>();
      }
      // A body may be looked at twice (the quick splice, then the full restore): report once.
      if (reported.add(token)) {
        withheld.withheld(token);
      }
    }
    return null;
  }
}
