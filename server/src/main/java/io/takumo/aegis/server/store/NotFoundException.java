package io.takumo.aegis.server.store;

/** A plan, org or key named in a change does not exist. */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
