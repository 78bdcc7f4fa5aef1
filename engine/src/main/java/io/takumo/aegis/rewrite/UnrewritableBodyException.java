package io.takumo.aegis.rewrite;

/**
 * A request body the agent cannot rewrite. The message is one line, fit for the app's eyes and
 * the log: it says what is wrong and where, and never quotes the body.
 */
public final class UnrewritableBodyException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnrewritableBodyException(String message) {
    super(message, null, false, false);
  }
}
