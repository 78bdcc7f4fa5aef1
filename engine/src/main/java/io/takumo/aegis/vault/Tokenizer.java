package io.takumo.aegis.vault;

/** Gives the token that stands for a secret. */
public interface Tokenizer {

  /**
   * The token for {@code secret}.
   *
   * @param hint the token's type hint, see {@link TokenFormat}
   */
  String tokenize(String secret, String hint);
}
