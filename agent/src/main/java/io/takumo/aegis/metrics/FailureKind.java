package io.takumo.aegis.metrics;

/** Ways a provider exchange did not get the agent's full protection, as counted in the metrics. */
public enum FailureKind {
  /** Not sent: the body could not be rewritten and fail-mode is closed. */
  BLOCKED("blocked"),
  /** Sent as it was: the body could not be rewritten and fail-mode is open. */
  SENT_UNPROTECTED("sent-unprotected"),
  /** Mode observe: the body could not be scanned (it went out as it was, as every body does). */
  NOT_SCANNED("not-scanned"),
  /** The response's content coding is one the agent cannot read: its tokens reached the app. */
  RESPONSE_NOT_RESTORED("response-not-restored"),
  /** The agent failed while restoring a response; the rest of it passed through as it came. */
  RESTORE_FAILED("restore-failed"),
  /**
   * A response that needed more than max-body-size held at once to be restored (a JSON body, one
   * event of a stream) passed through as it came from there: its tokens reached the app.
   */
  RESPONSE_TOO_LARGE("response-too-large");

  private final String id;

  FailureKind(String id) {
    this.id = id;
  }

  /** The name in the metrics and the audit log, e.g. {@code sent-unprotected}. */
  public String id() {
    return id;
  }
}
