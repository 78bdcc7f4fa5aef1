package io.takumo.aegis.gateway;

/**
 * The gateway's own words ({@code X-Takumo-Error}, {@code X-Takumo-Error-Message}, the error
 * body), made safe to log: whoever answers in the gateway's place chooses them, so a code is kept
 * to {@code [a-z0-9_]} (64 at most) and a message to printable ASCII (300 at most), one line.
 */
final class GatewayText {

  static final int MAX_CODE = 64;
  static final int MAX_MESSAGE = 300;

  private GatewayText() {}

  /** The code in lower case, other characters dropped; null if nothing is left. */
  static String code(String code) {
    if (code == null) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < code.length() && s.length() < MAX_CODE; i++) {
      char c = Character.toLowerCase(code.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        s.append(c);
      }
    }
    return s.length() == 0 ? null : s.toString();
  }

  /** Each character outside printable ASCII as {@code ?}, cut at 300 with {@code ...}; null if blank. */
  static String message(String message) {
    if (message == null || message.trim().isEmpty()) {
      return null;
    }
    int n = Math.min(message.length(), MAX_MESSAGE);
    StringBuilder s = new StringBuilder(n + 3);
    for (int i = 0; i < n; i++) {
      char c = message.charAt(i);
      s.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return message.length() > MAX_MESSAGE ? s.append("...").toString() : s.toString();
  }
}
