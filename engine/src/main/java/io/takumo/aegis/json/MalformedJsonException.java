package io.takumo.aegis.json;

/** The bytes are not one well-formed JSON value. The message names an offset, never content. */
public final class MalformedJsonException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedJsonException(int offset) {
    super("malformed JSON at offset " + offset);
  }
}
