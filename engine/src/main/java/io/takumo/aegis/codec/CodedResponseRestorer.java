package io.takumo.aegis.codec;

import io.takumo.aegis.restore.ResponseRestorer;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Restores a gzip- or deflate-encoded response as it streams: decodes what arrives, restores it,
 * and re-encodes it with a sync flush after every read, so a compressed event stream still
 * reaches the app event by event. The app, which asked for the coding, decodes it as before.
 */
public final class CodedResponseRestorer implements ResponseRestorer {

  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final ResponseRestorer plain;
  private final boolean gzip;
  private final Inflater inflater;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final GzipHeaderSkipper header;
  private long plainLength;
  private boolean headerWritten;
  private boolean finishing;

  public CodedResponseRestorer(ResponseRestorer plain, ContentCoding coding) {
    if (coding == ContentCoding.IDENTITY) {
      throw new IllegalArgumentException("identity needs no coding");
    }
    this.plain = plain;
    this.gzip = coding == ContentCoding.GZIP;
    this.inflater = new Inflater(gzip);
    this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, gzip);
    this.header = gzip ? new GzipHeaderSkipper() : null;
  }

  @Override
  public byte[] update(byte[] buf, int off, int len) {
    if (header != null && !header.done()) {
      int used = header.feed(buf, off, len);
      off += used;
      len -= used;
      if (!header.done()) {
        return new byte[0];
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!inflater.finished()) {
      inflater.setInput(buf, off, len);
    }
    byte[] chunk = new byte[8192];
    try {
      int n;
      while (!inflater.finished() && (n = inflater.inflate(chunk)) > 0) {
        encode(plain.update(chunk, 0, n), out, Deflater.NO_FLUSH);
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("corrupt compressed response body");
    }
    encode(new byte[0], out, Deflater.SYNC_FLUSH);
    return out.toByteArray();
  }

  @Override
  public byte[] finish() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(plain.finish(), out, Deflater.NO_FLUSH);
    deflater.finish();
    finishing = true;
    drain(out, Deflater.NO_FLUSH);
    if (gzip) {
      writeIntLe(out, (int) crc.getValue());
      writeIntLe(out, (int) plainLength);
    }
    inflater.end();
    deflater.end();
    return out.toByteArray();
  }

  private void encode(byte[] restored, ByteArrayOutputStream out, int flush) {
    if (gzip && !headerWritten) {
      out.write(GZIP_HEADER, 0, GZIP_HEADER.length);
      headerWritten = true;
    }
    crc.update(restored, 0, restored.length);
    plainLength += restored.length;
    deflater.setInput(restored);
    drain(out, flush);
  }

  /** Moves the deflater's output to {@code out}; after {@code finish()}, all of it. */
  private void drain(ByteArrayOutputStream out, int flush) {
    byte[] chunk = new byte[8192];
    while (!deflater.finished()) {
      int n = deflater.deflate(chunk, 0, chunk.length, flush);
      out.write(chunk, 0, n);
      if (n < chunk.length && !finishing) {
        return;
      }
    }
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
