package io.takumo.aegis.instrument.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The restoring source keeps Jetty's demand model: bytes as they come, null until there are more. */
class RestoringContentSourceTest {

  private final RestoreScope scope = new RestoreScope();

  private static final String HOST = "api.openai.com";

  private final TestEngines engines = new TestEngines();
  private final Engine engine = engines.engine();
  private final AsyncContent network = new AsyncContent();

  @Test
  void restoredBytesArriveAsTheNetworkDeliversThemAndASplitTokenIsRestoredWhole() throws Throwable {
    String token = tokenFor();
    Content.Source source = restoring("text/plain; charset=utf-8");

    network.write(false, utf8("first line\n"), Callback.NOOP);
    assertEquals("first line\n", readText(source), "bytes before any token are not held back");

    network.write(false, utf8("key " + token.substring(0, 9)), Callback.NOOP);
    assertEquals("key ", readText(source), "only the part that could become a token is held back");
    assertNull(source.read(), "nothing more until the network delivers");

    AtomicInteger demanded = new AtomicInteger();
    source.demand(demanded::incrementAndGet);
    assertEquals(0, demanded.get());
    network.write(false, utf8(token.substring(9) + " done\n"), Callback.NOOP);
    assertEquals(1, demanded.get(), "the reader's demand is served by the network's");
    assertEquals(TestEngines.SECRET + " done\n", readText(source));

    network.write(true, utf8("bye"), Callback.NOOP);
    Content.Chunk last = source.read();
    assertTrue(last.isLast());
    assertEquals("bye", text(last));
    assertTrue(source.read().isLast(), "past the end the source stays at its end");
  }

  @Test
  void aFailureOfTheNetworkReachesTheReader() throws Throwable {
    Content.Source source = restoring("text/event-stream");
    network.fail(new java.io.IOException("connection reset"));
    Content.Chunk chunk = source.read();
    assertTrue(Content.Chunk.isFailure(chunk, true));
    assertEquals("connection reset", chunk.getFailure().getMessage());
  }

  @Test
  void lengthIsUnknownAndTheSourceCannotRewind() throws Throwable {
    Content.Source source = restoring("text/plain");
    assertEquals(-1, source.getLength());
    assertFalse(source.rewind());
  }

  private Content.Source restoring(String contentType) throws Throwable {
    tokenFor();
    ResponseRestorer restorer = engine.restorerFor(HOST, contentType, null, scope);
    JettyTypes jetty = new JettyTypes(getClass().getClassLoader());
    return (Content.Source) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Content.Source.class},
        new RestoringContentSource(jetty, network, restorer, engine, HOST));
  }

  /** Protects a request holding the secret, and returns the token it got. */
  private String tokenFor() throws Throwable {
    byte[] sent = engine.protectRequest(HOST, "application/json", null, TestEngines.CHAT_JSON.getBytes(StandardCharsets.UTF_8), scope);
    Matcher m = Pattern.compile("TKM_[A-Za-z0-9_]+").matcher(new String(sent, StandardCharsets.UTF_8));
    assertTrue(m.find(), "the request was tokenized");
    return m.group();
  }

  private static String readText(Content.Source source) {
    Content.Chunk chunk = source.read();
    String s = text(chunk);
    chunk.release();
    return s;
  }

  private static String text(Content.Chunk chunk) {
    ByteBuffer b = chunk.getByteBuffer().slice();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
