package io.takumo.aegis.server.proxy;

import io.takumo.aegis.server.http.TakumoError;

/**
 * A request body the gateway will not forward because it cannot protect it (too large, a coding or
 * media type it cannot read, JSON that does not parse). Its error is what the client gets; its
 * message never quotes the body.
 */
public final class RefusedBody extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient TakumoError error;

  public RefusedBody(TakumoError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public TakumoError error() {
    return error;
  }
}
