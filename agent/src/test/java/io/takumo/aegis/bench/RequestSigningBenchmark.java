package io.takumo.aegis.bench;

import io.takumo.aegis.protocol.CanonicalRequest;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
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
 * What signing a routed request costs (gateway mode, per request): the body digest, the canonical
 * request and its HMAC. {@code withHeaders} is protocol 2 (the signed headers read from the
 * request, as a client's case-insensitive lookup); {@code withoutHeaders} the same signature over
 * no header, version 1's shape, to show what signing the headers adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestSigningBenchmark {

  @Param({"1024", "16384"})
  public int bodySize;

  private final byte[] macKey = new byte[32];
  private byte[] body;
  private final Map<String, String> appHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  @Setup
  public void setUp() {
    body = ChatBodies.openAiRequest(bodySize);
    appHeaders.put("Authorization", "Bearer sk-proj-" + "a".repeat(120));
    appHeaders.put("Content-Type", "application/json");
    appHeaders.put("Accept", "application/json");
    appHeaders.put("User-Agent", "OpenAI/Java 2.1.0");
  }

  @Benchmark
  public String withHeaders() {
    String digest = CanonicalRequest.bodyDigest(body);
    return CanonicalRequest.sign(macKey, CanonicalRequest.build("POST", "https://api.openai.com/v1/chat/completions",
        "sess_4f2a", "1767225600", "AAECAwQFBgcICQoL", digest, CanonicalRequest.signedHeaders(appHeaders::get)));
  }

  @Benchmark
  public String withoutHeaders() {
    String digest = CanonicalRequest.bodyDigest(body);
    return CanonicalRequest.sign(macKey, CanonicalRequest.build("POST", "https://api.openai.com/v1/chat/completions",
        "sess_4f2a", "1767225600", "AAECAwQFBgcICQoL", digest, Collections.<String, String>emptyMap()));
  }
}
