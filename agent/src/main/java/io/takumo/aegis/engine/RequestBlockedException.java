package io.takumo.aegis.engine;

import java.io.IOException;

/**
 * Thrown to the app, in place of sending a provider request the agent could not protect (with
 * {@code fail-mode: closed}). Its message is one line and never holds a secret.
 */
public final class RequestBlockedException extends IOException {

  private static final long serialVersionUID = 1L;

  public RequestBlockedException(String message) {
    super(message);
  }
}
