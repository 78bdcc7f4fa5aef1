package io.takumo.aegis.instrument.okhttp;

import static io.takumo.aegis.instrument.TestEngines.CHAT_JSON;
import static io.takumo.aegis.instrument.TestEngines.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.instrument.LocalServer;
import io.takumo.aegis.instrument.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hook and its interceptor, against the real OkHttp 4.12 and a local server. */
class OkHttpHookTest {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final LocalServer server = newServer();
  private final TestEngines providerIsLocal = new TestEngines("provider-hosts", "127.0.0.1:" + server.port());

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void tokenizesTheBodyOfAProviderRequest() throws IOException {
    OkHttpClient client = hooked(new OkHttpClient.Builder(), providerIsLocal);

    try (Response response = client.newCall(post("/v1/chat/completions", RequestBody.create(CHAT_JSON, JSON))).execute()) {
      assertEquals(LocalServer.REPLY, response.body().string());
    }

    LocalServer.Received got = server.last();
    assertFalse(got.text().contains(SECRET));
    assertTrue(got.text().contains("TKM_oai_"), got.text());
    assertEquals(String.valueOf(got.body.length), got.contentLength);
    assertEquals("application/json; charset=utf-8", got.contentType);
    assertFalse(providerIsLocal.log().contains(SECRET));
  }

  @Test
  void protectsAsynchronousCallsToo() throws Exception {
    OkHttpClient client = hooked(new OkHttpClient.Builder(), providerIsLocal);
    CompletableFuture<String> done = new CompletableFuture<>();

    client.newCall(post("/v1/chat/completions", RequestBody.create(CHAT_JSON, JSON))).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        done.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          done.complete(response.body().string());
        }
      }
    });

    assertEquals(LocalServer.REPLY, done.get(10, TimeUnit.SECONDS));
    assertTrue(server.last().text().contains("TKM_oai_"));
  }

  @Test
  void leavesRequestsToOtherHostsAlone() throws IOException {
    OkHttpClient client = hooked(new OkHttpClient.Builder(), new TestEngines());

    execute(client, post("/v1/chat/completions", RequestBody.create(CHAT_JSON, JSON)));

    assertEquals(CHAT_JSON, server.last().text());
  }

  @Test
  void rewritesAGzippedBodyAndKeepsItGzipped() throws IOException {
    OkHttpClient client = hooked(new OkHttpClient.Builder(), providerIsLocal);
    Request request =
        new Request.Builder()
            .url(server.url("/v1/chat/completions"))
            .header("Content-Encoding", "gzip")
            .post(RequestBody.create(gzip(CHAT_JSON), JSON))
            .build();

    execute(client, request);

    String sent = gunzip(server.last().body);
    assertFalse(sent.contains(SECRET));
    assertTrue(sent.contains("TKM_oai_"));
  }

  @Test
  void passesMultipartBodiesUntouched() throws IOException {
    OkHttpClient client = hooked(new OkHttpClient.Builder(), providerIsLocal);
    RequestBody multipart =
        new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("purpose", SECRET).build();

    execute(client, post("/v1/files", multipart));

    assertTrue(server.last().text().contains(SECRET));
  }

  @Test
  void blocksAOneShotBodyWithFailModeClosed() {
    OkHttpClient client = hooked(new OkHttpClient.Builder(), providerIsLocal);

    RequestBlockedException e =
        assertThrows(RequestBlockedException.class, () -> execute(client, post("/v1/chat/completions", new OneShotBody())));

    assertTrue(server.received().isEmpty(), "nothing was sent");
    assertFalse(e.getMessage().contains(SECRET));
  }

  @Test
  void sendsAOneShotBodyAsItIsWithFailModeOpen() throws IOException {
    TestEngines open = new TestEngines("provider-hosts", "127.0.0.1:" + server.port(), "fail-mode", "open");
    OkHttpClient client = hooked(new OkHttpClient.Builder(), open);

    execute(client, post("/v1/chat/completions", new OneShotBody()));

    assertEquals(CHAT_JSON, server.last().text());
    assertTrue(open.log().contains("WITHOUT protection"), open.log());
  }

  @Test
  void addsItsInterceptorOnceAndKeepsItInnermost() throws Throwable {
    OkHttpHook hook = new OkHttpHook(providerIsLocal.engine());
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    hook.clientBuilding(builder);
    OkHttpClient client = builder.build();
    Interceptor ours = client.interceptors().get(0);
    Interceptor app = chain -> chain.proceed(chain.request());

    OkHttpClient.Builder derived = client.newBuilder().addInterceptor(app);
    hook.clientBuilding(derived);
    hook.clientBuilding(derived);
    List<Interceptor> interceptors = derived.build().interceptors();

    assertEquals(List.of(app, ours), interceptors);
    assertEquals("TakumoAegisInterceptor", ours.toString());
  }

  @Test
  void sharesOneInterceptorAcrossClients() throws Throwable {
    OkHttpClient first = hooked(new OkHttpClient.Builder(), providerIsLocal);
    OkHttpClient.Builder second = new OkHttpClient.Builder();
    new OkHttpHook(providerIsLocal.engine()).clientBuilding(second);

    assertSame(first.interceptors().get(0).getClass(), second.build().interceptors().get(0).getClass());
  }

  private static OkHttpClient hooked(OkHttpClient.Builder builder, TestEngines engines) {
    try {
      new OkHttpHook(engines.engine()).clientBuilding(builder);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    return builder.build();
  }

  private Request post(String path, RequestBody body) {
    return new Request.Builder().url(server.url(path)).post(body).build();
  }

  private static void execute(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
    }
  }

  private static LocalServer newServer() {
    try {
      return new LocalServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A body OkHttp may write only once, such as one streamed from a file or a pipe. */
  private static final class OneShotBody extends RequestBody {
    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8(CHAT_JSON);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
