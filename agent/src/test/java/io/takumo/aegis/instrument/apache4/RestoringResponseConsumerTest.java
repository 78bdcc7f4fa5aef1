package io.takumo.aegis.instrument.apache4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.HttpResponse;
import org.apache.http.HttpVersion;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.client.methods.AsyncCharConsumer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.BasicHttpContext;
import org.apache.http.protocol.HttpContext;
import org.junit.jupiter.api.Test;

class RestoringResponseConsumerTest {

  private final RestoreScope scope = new RestoreScope();

  @Test
  void aLastReadThatReleasesMoreThanTheConsumerTakesAtOnceReachesItWhole() throws Throwable {
    TestEngines engines = new TestEngines("provider-hosts", "api.openai.com");
    String sent = new String(engines.engine().protectRequest("api.openai.com", "application/json", null,
        TestEngines.CHAT_JSON.getBytes(StandardCharsets.UTF_8), scope), StandardCharsets.UTF_8);
    Matcher token = Pattern.compile("TKM_\\w+").matcher(sent);
    assertTrue(token.find(), sent);
    // A stream whose last network read (under 8 KB) restores to more than AsyncCharConsumer's
    // 8 KB buffer takes in one read: tokens grow back into the longer secret.
    StringBuilder wire = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    while (wire.length() < 7_000) {
      wire.append("data: {\"text\":\"").append(token.group()).append("\"}\n\n");
      expected.append("data: {\"text\":\"").append(TestEngines.SECRET).append("\"}\n\n");
    }
    StringBuilder text = new StringBuilder();
    AsyncCharConsumer<String> app = new AsyncCharConsumer<String>() {
      @Override
      protected void onCharReceived(CharBuffer buf, IOControl ioctrl) {
        text.append(buf);
      }

      @Override
      protected void onResponseReceived(HttpResponse response) {}

      @Override
      protected String buildResult(HttpContext context) {
        return text.toString();
      }
    };
    Apache4Api api = new Apache4Api(new LibraryHandles(AsyncCharConsumer.class.getClassLoader()));
    @SuppressWarnings("unchecked")
    HttpAsyncResponseConsumer<String> consumer =
        (HttpAsyncResponseConsumer<String>) RestoringResponseConsumer.wrap(api, engines.engine(), "api.openai.com", scope, app, null);

    BasicHttpResponse response = new BasicHttpResponse(HttpVersion.HTTP_1_1, 200, "OK");
    response.setHeader("Content-Type", "text/event-stream");
    response.setEntity(new StringEntity(wire.toString(), ContentType.create("text/event-stream")));
    consumer.responseReceived(response);
    NetworkDecoder network = new NetworkDecoder(wire.toString().getBytes(StandardCharsets.UTF_8));
    // As HttpAsyncClient does: consume while the network decoder has more, then complete.
    while (!network.isCompleted()) {
      consumer.consumeContent(network, null);
    }
    consumer.responseCompleted(new BasicHttpContext());

    assertEquals(expected.toString(), consumer.getResult());
  }

  /** A network decoder with the whole body buffered: each read takes as much as fits. */
  private static final class NetworkDecoder implements ContentDecoder {
    private final ByteBuffer body;

    NetworkDecoder(byte[] body) {
      this.body = ByteBuffer.wrap(body);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!body.hasRemaining()) {
        return -1;
      }
      int n = Math.min(dst.remaining(), body.remaining());
      ByteBuffer part = body.duplicate();
      part.limit(part.position() + n);
      dst.put(part);
      body.position(body.position() + n);
      return n;
    }

    @Override
    public boolean isCompleted() {
      return !body.hasRemaining();
    }
  }
}
