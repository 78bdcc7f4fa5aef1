package io.takumo.aegis.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/** The {@code Content-Encoding}s the agent can see through: identity, gzip and deflate. */
public enum ContentCoding {
  IDENTITY,
  GZIP,
  DEFLATE;

  /**
   * @return the coding named by a {@code Content-Encoding} header value, or {@code null} if the
   *     agent cannot decode it (br, zstd, or a chain of codings)
   */
  public static ContentCoding of(String header) {
    if (header == null) {
      return IDENTITY;
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    switch (h) {
      case "":
      case "identity":
        return IDENTITY;
      case "gzip":
      case "x-gzip":
        return GZIP;
      case "deflate":
        return DEFLATE;
      default:
        return null;
    }
  }

  /**
   * Decodes a whole body, refusing to inflate it past {@code maxBytes}.
   *
   * @throws IOException if the body is corrupt or inflates past the limit
   */
  public byte[] decode(byte[] body, long maxBytes) throws IOException {
    if (this == IDENTITY) {
      return body;
    }
    try (InputStream in =
        this == GZIP
            ? new GZIPInputStream(new ByteArrayInputStream(body))
            : new InflaterInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > maxBytes) {
          throw new IOException("decoded body is larger than " + maxBytes + " bytes");
        }
      }
      return out.toByteArray();
    }
  }

  public byte[] encode(byte[] body) throws IOException {
    if (this == IDENTITY) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
    try (OutputStream enc =
        this == GZIP ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      enc.write(body);
    }
    return out.toByteArray();
  }
}
