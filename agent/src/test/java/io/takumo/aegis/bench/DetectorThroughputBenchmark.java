package io.takumo.aegis.bench;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.SecretDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Detection throughput of the built-in rules on one thread. Each text is exactly 1 MiB of chars
 * (ASCII, so also of UTF-8 bytes), so the score in ops/s reads directly as MiB/s:
 *
 * <ul>
 *   <li>{@code prose}: chat-style English with no secret, the common case;
 *   <li>{@code code}: config and source lines full of keywords ({@code password}, {@code token},
 *       {@code api_key}, URLs, {@code Authorization}) but no secret;
 *   <li>{@code dense}: the code text with a secret of some kind every ~1 KB;
 *   <li>{@code dir:PATH}: real files, the {@code .java} files under PATH in path order (for
 *       instance the JDK's {@code lib/src.zip}, unpacked), non-ASCII chars dropped, repeated if
 *       they are less than 1 MiB: {@code -p text=dir:/path/to/jdk-src/java.base}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectorThroughputBenchmark {

  /** 1 MiB: ops/s = MiB/s. */
  static final int SIZE = 1 << 20;

  private static final String PROSE =
      "The service reads its configuration at start-up and retries the connection three times"
          + " before giving up; the logs below show the second attempt timing out after 30 seconds."
          + " Could you explain why the retry policy does not back off, and suggest a fix that keeps"
          + " the total wait under a minute? We deploy with Helm on Kubernetes 1.29 and Java 21.\n";

  private static final String CODE =
      "password = os.environ[\"DB_PASSWORD\"]\n"
          + "max_tokens: 1024\n"
          + "const apiKey = process.env.OPENAI_API_KEY;\n"
          + "spring.datasource.url=jdbc:postgresql://db:5432/app\n"
          + "curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/v1/items\n"
          + "token_count: 300 # secret rotation is handled by vault\n"
          + "if (user.getPassword().equals(input)) { return authService.issueToken(user); }\n"
          + "image: registry.acme.dev/app@sha256:4f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b\n";

  private static final String ALNUM =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  @Param({"prose", "code", "dense"})
  String text;

  private SecretDetector detector;
  private String input;

  @Setup
  public void setUp() throws IOException {
    detector = SecretDetector.withBuiltinRules();
    input = build(text);
    int found = detector.find(input).size();
    System.out.println("# " + text + ": " + input.length() + " chars, " + found + " findings");
  }

  @Benchmark
  public List<Finding> find() {
    return detector.find(input);
  }

  static String build(String kind) throws IOException {
    if (kind.startsWith("dir:")) {
      return sources(Paths.get(kind.substring("dir:".length())));
    }
    Random random = new Random(1);
    StringBuilder sb = new StringBuilder(SIZE + 4096);
    int nextSecret = 0;
    while (sb.length() < SIZE) {
      if (kind.equals("prose")) {
        sb.append(PROSE);
      } else {
        sb.append(CODE);
        if (kind.equals("dense") && sb.length() >= nextSecret) {
          sb.append(secret(random, nextSecret / 1024)).append('\n');
          nextSecret += 1024;
        }
      }
    }
    sb.setLength(SIZE);
    return sb.toString();
  }

  private static String sources(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .java file under " + dir);
    }
    StringBuilder sb = new StringBuilder(SIZE + 4096);
    for (int f = 0; sb.length() < SIZE; f = (f + 1) % files.size()) {
      for (byte b : Files.readAllBytes(files.get(f))) {
        if (b >= 0) {
          sb.append((char) b);
        }
      }
    }
    sb.setLength(SIZE);
    return sb.toString();
  }

  /** Fake secrets of a few kinds, in turn. */
  private static String secret(Random random, int n) {
    switch (n % 6) {
      case 0:
        return "OPENAI_API_KEY=sk-proj-" + chars(random, 74) + "T3BlbkFJ" + chars(random, 74);
      case 1:
        return "aws_access_key_id = AKIA" + chars(random, 16).toUpperCase();
      case 2:
        return "DB_PASSWORD=Summer" + chars(random, 6) + "!";
      case 3:
        return "postgres://app:" + chars(random, 14) + "@db.internal:5432/orders";
      case 4:
        return "SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-" + chars(random, 24);
      default:
        return "\"client_secret\": \"" + chars(random, 32) + "\",";
    }
  }

  private static String chars(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }
}
