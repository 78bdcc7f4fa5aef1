package io.takumo.aegis.rewrite;

import java.util.Locale;

/** How a request body is read: as JSON, as plain text, or not at all. */
public enum BodyKind {
  JSON,
  TEXT,
  /** Binary, multipart, form-encoded or unknown: passed through untouched. */
  OPAQUE;

  /** Classifies by {@code Content-Type}, or by the first byte when there is no such header. */
  public static BodyKind of(String contentType, byte[] body) {
    if (contentType == null || contentType.isEmpty()) {
      return startsLikeJson(body) ? JSON : OPAQUE;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.contains("json")) {
      return JSON;
    }
    if (ct.startsWith("text/")) {
      return TEXT;
    }
    return OPAQUE;
  }

  /** Whether a body of this content type is never rewritten, so it need not even be read. */
  public static boolean isOpaque(String contentType) {
    return contentType != null && !contentType.isEmpty() && of(contentType, new byte[0]) == OPAQUE;
  }

  private static boolean startsLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }
}
