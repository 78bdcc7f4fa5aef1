package io.takumo.aegis.apps.okhttp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An ordinary app on OkHttp 3 or 5 (the okhttp5-app module builds this same source): POSTs a JSON body and writes the response body to stdout.
 * {@code usage: OkHttpCall sync|async URL BODY_FILE}
 */
public final class OkHttpCall {

  public static void main(String[] args) throws Exception {
    byte[] body = Files.readAllBytes(Paths.get(args[2]));
    Request request = new Request.Builder().url(args[1])
        .post(RequestBody.create(MediaType.parse("application/json"), body)).build();
    OkHttpClient client = new OkHttpClient();
    byte[] out;
    if (args[0].equals("sync")) {
      try (Response response = client.newCall(request).execute()) {
        out = response.body().bytes();
      }
    } else {
      CompletableFuture<byte[]> done = new CompletableFuture<>();
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          done.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call call, Response response) throws IOException {
          try (Response r = response) {
            done.complete(r.body().bytes());
          }
        }
      });
      out = done.get(60, TimeUnit.SECONDS);
    }
    System.out.write(out);
    System.out.flush();
    System.exit(0);
  }

  private OkHttpCall() {}
}
