package io.takumo.aegis.detect.catalogue;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the provider catalogue costs the detector, in CPU time (not wall time, so that a loaded
 * machine still gives figures): the built-in rules without the catalogue, with each of its kinds,
 * and with all of it, over the first MiB of the {@code .java} files under a directory (ASCII only,
 * as {@code DetectorThroughputBenchmark}'s {@code dir:} texts), best of 15 runs each, interleaved.
 * Not a test: {@code java -cp … io.takumo.aegis.detect.catalogue.CatalogueCost DIR} (BENCHMARKS.md).
 */
public final class CatalogueCost {

  private CatalogueCost() {}

  public static void main(String[] args) throws Exception {
    String text = firstMiB(Paths.get(args[0]));
    List<Rule> all = BuiltinRules.all();
    List<Rule> without =
        all.stream().filter(r -> !(r instanceof CatalogueRule)).collect(Collectors.toList());
    Map<String, SecretDetector> detectors = new LinkedHashMap<>();
    detectors.put("without the catalogue (" + without.size() + " rules)", new SecretDetector(without));
    for (CatalogueRules.Kind kind : CatalogueRules.Kind.values()) {
      List<Rule> rules = new ArrayList<>(without);
      all.stream()
          .filter(r -> r instanceof CatalogueRule && ((CatalogueRule) r).entry().kind == kind)
          .forEach(rules::add);
      detectors.put("+ " + kind + " (" + rules.size() + " rules)", new SecretDetector(rules));
    }
    detectors.put("all (" + all.size() + " rules)", new SecretDetector(all));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Map<String, Long> best = new LinkedHashMap<>();
    for (int round = 0; round < 15; round++) {
      for (Map.Entry<String, SecretDetector> d : detectors.entrySet()) {
        long start = cpu.getCurrentThreadCpuTime();
        d.getValue().find(text);
        best.merge(d.getKey(), cpu.getCurrentThreadCpuTime() - start, Math::min);
      }
    }
    best.forEach((name, nanos) ->
        System.out.printf("%-40s %6.1f MiB/s  %.2f ms per MiB%n", name, 1e9 / nanos, nanos / 1e6));
  }

  private static String firstMiB(Path dir) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    StringBuilder text = new StringBuilder();
    for (Path file : files) {
      for (char c : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).toCharArray()) {
        if (c < 128) {
          text.append(c);
        }
      }
      if (text.length() >= 1 << 20) {
        break;
      }
    }
    return text.substring(0, Math.min(text.length(), 1 << 20));
  }
}
