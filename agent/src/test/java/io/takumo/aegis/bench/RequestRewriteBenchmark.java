package io.takumo.aegis.bench;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.scope.RestoreScope;
import java.util.Map;
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
 * The time the agent adds to sending one provider request: the whole {@code protectRequest} path
 * (classify, parse the JSON, detect, tokenize, splice) on a chat body holding five secrets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestRewriteBenchmark {

  private final RestoreScope scope = new RestoreScope();

  @Param({"1024", "16384", "262144"})
  int bytes;

  private Engine engine;
  private byte[] body;

  @Setup
  public void setUp() {
    AegisConfig config = AegisConfig.load(Map.of(), Map.of());
    engine = new Engine(config, new AegisLog(AegisLog.Level.ERROR, System.err));
    body = ChatBodies.openAiRequest(bytes);
  }

  @Benchmark
  public byte[] protectRequest() throws Exception {
    return engine.protectRequest("api.openai.com", "application/json", null, body, scope);
  }
}
