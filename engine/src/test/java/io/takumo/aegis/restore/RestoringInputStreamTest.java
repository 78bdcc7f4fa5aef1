package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoringInputStreamTest {

  private final TestSupport t = new TestSupport();

  /** Serves one chunk per read, like a network stream, and fails a read beyond the last allowed. */
  private static final class ChunkedSource extends InputStream {
    final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    int reads;
    int allowedReads = Integer.MAX_VALUE;
    boolean closed;

    ChunkedSource(String... chunks) {
      for (String chunk : chunks) {
        this.chunks.add(utf8(chunk));
      }
    }

    @Override
    public int read() {
      throw new AssertionError("single-byte reads are not expected");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (++reads > allowedReads) {
        throw new AssertionError("read more than needed: would block");
      }
      byte[] chunk = chunks.poll();
      if (chunk == null) {
        return -1;
      }
      if (chunk.length > len) {
        throw new AssertionError("test chunks must fit");
      }
      System.arraycopy(chunk, 0, b, off, chunk.length);
      return chunk.length;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private String event(String text) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + TestSupport.quote(text) + "},\"finish_reason\":null}]}\n\n";
  }

  @Test
  void aReadReturnsAsSoonAsOneEventIsRestored() throws IOException {
    ChunkedSource source = new ChunkedSource(event("key " + t.tokenA), "data: {\"choices\":", "[]}\n\n");
    source.allowedReads = 1;
    RestoringInputStream in = new RestoringInputStream(source, TestSupport.sse(t.vault));
    byte[] buffer = new byte[100_000];
    int n = in.read(buffer, 0, buffer.length);
    assertEquals(event("key " + SECRET_A), utf8(java.util.Arrays.copyOf(buffer, n)));
    assertEquals(1, source.reads);

    source.allowedReads = 3;
    n = in.read(buffer, 0, buffer.length);
    assertEquals("data: {\"choices\":[]}\n\n", utf8(java.util.Arrays.copyOf(buffer, n)));
    assertEquals(3, source.reads, "kept reading while the restorer had nothing to give");
    source.allowedReads = 4;
    assertEquals(-1, in.read(buffer, 0, buffer.length));
    assertEquals(-1, in.read(buffer, 0, buffer.length));
    assertEquals(-1, in.read());
  }

  @Test
  void singleByteReadsAndSmallBuffersSeeTheSameBytes() throws IOException {
    List<String> chunks = List.of("plain TK", "M_", t.tokenA.substring(4) + " and é", " end TKM_pw");
    byte[] expected = utf8("plain " + SECRET_A + " and é end TKM_pw");

    RestoringInputStream bytes = new RestoringInputStream(new ChunkedSource(chunks.toArray(String[]::new)),
        t.restorerFor("text/plain"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b; (b = bytes.read()) != -1; ) {
      assertTrue(b >= 0 && b <= 255);
      out.write(b);
    }
    assertArrayEquals(expected, out.toByteArray());

    RestoringInputStream small = new RestoringInputStream(new ChunkedSource(chunks.toArray(String[]::new)),
        t.restorerFor("text/plain"));
    out.reset();
    byte[] buffer = new byte[5];
    for (int n; (n = small.read(buffer, 1, 3)) != -1; ) {
      assertTrue(n > 0 && n <= 3);
      out.write(buffer, 1, n);
    }
    assertArrayEquals(expected, out.toByteArray());
  }

  @Test
  void availableCountsOnlyRestoredBytesReadyNow() throws IOException {
    RestoringInputStream in = new RestoringInputStream(new ByteArrayInputStream(utf8("abcdef TKM_")),
        t.restorerFor("text/plain"));
    assertEquals(0, in.available());
    assertEquals('a', in.read());
    assertEquals(6, in.available(), "\"bcdef \" is ready; TKM_ is held back");
    byte[] rest = in.readAllBytes();
    assertEquals("bcdef TKM_", utf8(rest));
    assertEquals(0, in.available());
  }

  @Test
  void argumentChecksSkipMarkAndClose() throws IOException {
    ChunkedSource source = new ChunkedSource("0123456789");
    RestoringInputStream in = new RestoringInputStream(source, t.restorerFor("text/plain"));
    assertEquals(0, in.read(new byte[4], 4, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], -1, 1));
    assertEquals(3, in.skip(3));
    assertEquals('3', in.read());
    assertEquals(6, in.skip(100));
    assertEquals(-1, in.read());
    assertFalse(in.markSupported());
    in.mark(10);
    assertThrows(IOException.class, in::reset);
    in.close();
    assertTrue(source.closed);
  }

  @Test
  void jsonBodyComesOutWhole() throws IOException {
    ChunkedSource source = new ChunkedSource("{\"a\":\"" + t.tokenA.substring(0, 6), t.tokenA.substring(6) + "\"}");
    RestoringInputStream in = new RestoringInputStream(source,
        t.restorerFor("application/json; charset=utf-8"));
    assertEquals(SECRET_A, TestSupport.json(utf8(in.readAllBytes())).path("a").asText());
  }
}
