package io.takumo.aegis.instrument.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.instrument.LocalServer;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.restore.ResponseRestorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The restoring response body, with a stand-in restorer, against the real OkHttp 4.12. */
class OkHttpResponsesTest {

  private final LocalServer server = newServer();
  private final OkHttpClient client = new OkHttpClient();
  private final OkHttpResponses responses;

  OkHttpResponsesTest() throws ReflectiveOperationException {
    responses = new OkHttpResponses(new LibraryHandles(OkHttpClient.class.getClassLoader()), new TestEngines().engine());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void restoresTheBodyAndDropsTheStaleContentLength() throws Throwable {
    try (Response original = client.newCall(new Request.Builder().url(server.url("/v1/chat")).build()).execute()) {
      Response restored = (Response) responses.withRestoredBody(original, new UpperCase(), "api.openai.com");

      assertNull(restored.header("Content-Length"));
      assertEquals(-1, restored.body().contentLength());
      assertEquals("application/json", restored.body().contentType().toString());
      assertEquals(200, restored.code());
      assertEquals(original.request(), restored.request());
      assertEquals(LocalServer.REPLY.toUpperCase(Locale.ROOT), restored.body().string());
    }
  }

  @Test
  void anEventStreamStillArrivesEventByEvent() throws Throwable {
    try (Response original = client.newCall(new Request.Builder().url(server.url("/sse")).build()).execute()) {
      Response restored = (Response) responses.withRestoredBody(original, new UpperCase(), "api.openai.com");
      BufferedSource events = restored.body().source();

      // The server holds the second event back until the first has been read: if the body did
      // not stream, this read would wait for it.
      String first = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> events.readUtf8Line());
      server.releaseSecondEvent();

      assertEquals("DATA: {\"N\":1}", first);
      assertEquals("\nDATA: {\"N\":2}\n\n", events.readUtf8());
    }
  }

  private static LocalServer newServer() {
    try {
      return new LocalServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stands in for the token restorer: upper-cases what passes, as it arrives. */
  private static final class UpperCase implements ResponseRestorer {
    @Override
    public byte[] update(byte[] buf, int off, int len) {
      return new String(buf, off, len, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] finish() {
      return new byte[0];
    }
  }
}
