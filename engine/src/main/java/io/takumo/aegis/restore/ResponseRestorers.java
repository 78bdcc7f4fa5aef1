package io.takumo.aegis.restore;

import io.takumo.aegis.vault.Revealer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/** Picks the restorer for a response body from its content type. */
public final class ResponseRestorers {

  private ResponseRestorers() {}

  /**
   * Returns a restorer for a body of {@code contentType} (the header value, parameters allowed),
   * or {@code null} if such a body is to be left untouched (binary, or no content type).
   *
   * <ul>
   *   <li>{@code text/event-stream}: an {@link SseRestorer}, holding one event at a time;
   *   <li>{@code application/json}, {@code text/json}, {@code *+json}: buffers the whole body and
   *       restores it with a {@link JsonRestorer} at the end;
   *   <li>other {@code text/*}: streams, holding back only partial tokens.
   * </ul>
   *
   * A restorer that would have to hold more than {@code maxBuffered} bytes at once (a JSON body,
   * one event) passes the rest of the body through as it came, and tells {@code overLimit}.
   */
  public static ResponseRestorer forContentType(
      Revealer secrets, String contentType, long maxBuffered, Runnable overLimit) {
    if (contentType == null) {
      return null;
    }
    String[] parts = contentType.split(";");
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals("text/event-stream")) {
      return new SseRestorer(secrets, maxBuffered, overLimit);
    }
    if (mediaType.equals("application/json")
        || mediaType.equals("text/json")
        || mediaType.endsWith("+json")) {
      return new BufferedJsonRestorer(secrets, maxBuffered, overLimit);
    }
    if (mediaType.startsWith("text/")) {
      return new PlainTextRestorer(secrets, charset(parts));
    }
    return null;
  }

  private static Charset charset(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].trim();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
        String name = parameter.substring(equals + 1).trim().replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
