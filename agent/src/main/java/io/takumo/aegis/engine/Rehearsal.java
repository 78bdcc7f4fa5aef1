package io.takumo.aegis.engine;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.rewrite.Rewrite;
import io.takumo.aegis.rewrite.UnrewritableBodyException;
import io.takumo.aegis.scope.ScopedRevealer;
import io.takumo.aegis.vault.Revealer;
import io.takumo.aegis.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * Runs one made-up request and its replies through the rewrite and restore code, on the warm-up
 * thread, with a vault of its own that is then dropped. This loads and links those classes before
 * the app's first provider request, which would otherwise pay for it. The made-up secrets are
 * random, so none is a real one.
 */
final class Rehearsal {

  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** Over the limit, the rehearsal has no one to tell (its response is far below it). */
  private static final Runnable NOTHING = new Runnable() {
    @Override
    public void run() {}
  };

  private Rehearsal() {}

  /** Returns how many of the made-up secrets the detector found. */
  static int run(Detector detector, long maxBodySize) throws UnrewritableBodyException {
    Vault scratch = new Vault(16, Duration.ofMinutes(1));
    RequestRewriter rewriter = new RequestRewriter(detector, scratch, maxBodySize);
    Random random = new Random();
    String message = "deploy with OPENAI_API_KEY=sk-proj-" + randomText(random, 48)
        + " and db password: " + randomText(random, 12) + "!7";
    String request = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
        + message + "\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"parameters\":{\"type\":\"object\"}}}]}";
    byte[] body = request.getBytes(StandardCharsets.UTF_8);
    Rewrite rewrite = rewriter.rewrite(body, BodyKind.of("application/json", body));
    String sent = new String(rewrite.body(), StandardCharsets.UTF_8);
    String text = sent.substring(sent.indexOf("\"content\":\"") + 11, sent.indexOf("\"}]"));

    // Through a restore scope, as every response is: its own tokens, as a request's would be.
    Revealer scoped = new ScopedRevealer(scratch, rewrite.tokens(), token -> { });
    restore(scoped, maxBodySize, "application/json",
        "{\"choices\":[{\"message\":{\"content\":\"" + text + "\",\"tool_calls\":[{\"function\":"
            + "{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\\\"" + text + "\\\"}\"}}]}}]}");
    restore(scoped, maxBodySize, "text/event-stream",
        "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
            + "{\"arguments\":\"{\\\"a\\\":\\\"" + text + "\\\"}\"}}]}}]}\n\ndata: [DONE]\n\n");
    restore(scoped, maxBodySize, "text/event-stream",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n");
    restore(scoped, maxBodySize, "text/plain", text);
    return rewrite.secrets();
  }

  private static void restore(Revealer secrets, long maxBodySize, String contentType, String response) {
    ResponseRestorer restorer = ResponseRestorers.forContentType(secrets, contentType, maxBodySize, NOTHING);
    byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
    int half = bytes.length / 2;
    restorer.update(bytes, 0, half);
    restorer.update(bytes, half, bytes.length - half);
    restorer.finish();
  }

  private static String randomText(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return s.toString();
  }
}
