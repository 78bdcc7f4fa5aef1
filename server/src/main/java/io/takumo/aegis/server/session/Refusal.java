package io.takumo.aegis.server.session;

import io.takumo.aegis.server.http.TakumoError;

/** A protocol request refused with the error to answer; its message is the error's (no key, no body). */
final class Refusal extends RuntimeException {
  private final transient TakumoError error;

  Refusal(TakumoError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  TakumoError error() {
    return error;
  }
}
