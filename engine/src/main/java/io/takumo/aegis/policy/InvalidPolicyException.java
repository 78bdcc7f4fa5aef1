package io.takumo.aegis.policy;

/** The detection part of a policy file is invalid; the message names the rule or entry at fault. */
public final class InvalidPolicyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  InvalidPolicyException(String message) {
    super(message);
  }
}
