package io.takumo.aegis.server.admission;

import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.store.KeyPrincipal;
import java.util.Map;

/** What admission decided for one request. */
public sealed interface Decision {

  /** Response headers that describe the org's quota (rate-limit headers), on success and refusal alike. */
  Map<String, String> quotaHeaders();

  /**
   * Admitted: one request was counted against the org's month and its rate-limit window.
   *
   * @param month the month ({@code yyyy-MM}, UTC) it was counted in, which usage is charged to
   */
  record Admitted(KeyPrincipal principal, String month, Map<String, String> quotaHeaders) implements Decision {
  }

  /** The key is active (a handshake's answer): nothing was counted. */
  record Identified(KeyPrincipal principal) implements Decision {
    @Override
    public Map<String, String> quotaHeaders() {
      return Map.of();
    }
  }

  /**
   * Refused, with the error to send; {@code principal} is null when the key itself was refused.
   */
  record Rejected(TakumoError error, KeyPrincipal principal) implements Decision {
    @Override
    public Map<String, String> quotaHeaders() {
      return error.headers();
    }
  }
}
