package io.takumo.aegis.server.store;

/**
 * The store could not answer (database down, I/O error): the caller answers 503, not 4xx. The
 * driver's exception is not kept: its message may quote a statement's values (a key hash, a name).
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }
}
