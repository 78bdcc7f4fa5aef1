package io.takumo.aegis.scope;

/** Told of each token a response held that the vault issued but its exchange may not have back. */
public interface WithheldTokens {

  /** Called once per distinct token per response; {@code token} is never a value. */
  void withheld(String token);
}
