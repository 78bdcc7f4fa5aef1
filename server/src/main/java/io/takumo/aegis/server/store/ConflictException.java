package io.takumo.aegis.server.store;

/** A change the store refuses: a name already taken, a name that does not exist, an ambiguous prefix. */
public final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
