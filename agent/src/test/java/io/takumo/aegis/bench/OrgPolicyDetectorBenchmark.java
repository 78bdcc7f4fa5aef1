package io.takumo.aegis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.policy.DetectionPolicy;
import io.takumo.aegis.policy.OrgPolicy;
import java.util.List;
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
 * Detection with an org policy of two rules (and one generic name) on a chat message holding the
 * five secrets of {@link ChatBodies}: {@code layered} (the default: the org's additions run as a
 * second detector whose findings fill in where the local policy found nothing) against {@code
 * merged} ({@code org-policy-may-relax: true}: one detector), and {@code none} (no org policy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OrgPolicyDetectorBenchmark {

  private static final String RULES = "\"rules\":["
      + "{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\",\"keywords\":[\"ACME-\"],\"hint\":\"acme\"},"
      + "{\"id\":\"corp-ticket-key\",\"regex\":\"ctk_[A-Za-z0-9]{30}\"}]";

  @Param({"1024", "16384"})
  int chars;

  @Param({"none", "layered", "merged"})
  String org;

  /** Whether the org policy also adds a generic name (the layered detector then runs the generic rule twice). */
  @Param({"false", "true"})
  boolean names;

  private Detector detector;
  private String text;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() throws Exception {
    String json = "{" + RULES + (names ? ",\"generic-names\":[\"passcode\"]" : "") + "}";
    OrgPolicy policy = OrgPolicy.parse(new ObjectMapper().readValue(json, Map.class), m -> { }, m -> { });
    DetectionPolicy builtIn = DetectionPolicy.builtIn();
    detector = org.equals("none") ? builtIn.detector()
        : builtIn.withOrg(policy, org.equals("merged"), m -> { }, m -> { }).detector();
    text = ChatBodies.message(chars);
    System.out.println("# " + org + ": " + detector.find(text).size() + " findings");
  }

  @Benchmark
  public List<Finding> find() {
    return detector.find(text);
  }
}
