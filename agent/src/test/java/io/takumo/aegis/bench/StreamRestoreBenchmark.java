package io.takumo.aegis.bench;

import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.restore.ResponseRestorers;
import io.takumo.aegis.scope.ScopedRevealer;
import io.takumo.aegis.vault.Revealer;
import io.takumo.aegis.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The time the agent adds to reading one streamed reply: a Chat Completions SSE stream that
 * echoes a chat body (five secrets, as tokens, split across 8-character deltas), restored as it
 * arrives in 4 KB network reads, through a restore scope that holds those tokens (as the request
 * that sent the body would).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamRestoreBenchmark {

  @Param({"1024", "16384", "262144"})
  int bytes;

  private Revealer secrets;
  private byte[] stream;

  @Setup
  public void setUp() {
    Vault vault = new Vault(10_000, Duration.ofHours(1));
    String text = ChatBodies.message(bytes);
    Set<String> tokens = new HashSet<>();
    for (String secret : ChatBodies.SECRETS) {
      String token = vault.tokenize(secret, "sec");
      tokens.add(token);
      text = text.replace(secret, token);
    }
    secrets = new ScopedRevealer(vault, tokens, token -> { });
    StringBuilder sse = new StringBuilder();
    for (int i = 0; i < text.length(); i += 8) {
      String piece = text.substring(i, Math.min(text.length(), i + 8)).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
      sse.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(piece).append("\"},\"finish_reason\":null}]}\n\n");
    }
    stream = sse.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] restoreStream() {
    ResponseRestorer restorer = ResponseRestorers.forContentType(secrets, "text/event-stream", Long.MAX_VALUE, () -> { });
    ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length);
    for (int off = 0; off < stream.length; off += 4096) {
      byte[] part = restorer.update(stream, off, Math.min(4096, stream.length - off));
      out.write(part, 0, part.length);
    }
    byte[] tail = restorer.finish();
    out.write(tail, 0, tail.length);
    return out.toByteArray();
  }
}
