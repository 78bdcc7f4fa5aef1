package io.takumo.aegis.vault;

/**
 * Where a restorer looks a token up: the secret it may put back in its place. The vault answers
 * for every token it issued; a request's restore scope ({@code io.takumo.aegis.scope}) only for the
 * tokens that exchange may have back.
 */
public interface Revealer {

  /** Returns the secret behind {@code token}, or {@code null} if it is not to be restored. */
  String reveal(CharSequence token);
}
