package io.takumo.aegis.config;

import java.util.Locale;

/** Which tokens a response may have restored ({@code restore-scope}). */
public enum RestoreScopeMode {
  /** Only the tokens its own request's secrets were replaced by. */
  REQUEST,
  /** Also those of the server-kept conversation its request names (response, conversation, thread id). */
  CONVERSATION;

  static RestoreScopeMode parse(String value) {
    // A loop, not valueOf: Enum.valueOf reflects on the enum the first time, in premain.
    String name = value.trim().toUpperCase(Locale.ROOT);
    for (RestoreScopeMode candidate : values()) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("restore-scope must be request or conversation, not '" + value + "'");
  }
}
