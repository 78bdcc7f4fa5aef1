package io.takumo.aegis.detect.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the built-in rules over a labeled corpus of realistic files ({@code src/test/resources/
 * corpus}: env files, YAML, properties, JSON, code, shell, chat prompts, logs) and checks per-type
 * recall and that nothing else is found: every look-alike in those files (placeholders,
 * documentation keys, references, UUIDs, SHAs, digests, integrity hashes, images, public keys,
 * publishable keys, client ids, model names, ARNs) must be left alone.
 *
 * <p>Labels are inline markers, replaced before the scan: {@code ⟦rule-id⟧} by a fresh fake secret
 * of that kind from {@link SecretSamples}, {@code ⟦rule-id=value⟧} by {@code value}, and {@code
 * ⟦pem-private-key#LABEL⟧} (optionally {@code #escaped}) by a PEM block with that label. Each
 * marks a secret that the rule {@code rule-id} must find, exactly.
 */
class CorpusTest {

  private static final char OPEN = '⟦';
  private static final char CLOSE = '⟧';

  /** The extra generic name the corpus's {@code docker-compose.yml} uses. */
  private static final SecretDetector DETECTOR =
      new SecretDetector(BuiltinRules.all(List.of("session_cookie")));

  /** A labeled secret: which rule must find it, where. */
  private static final class Label {
    final String ruleId;
    final int start;
    final int end;

    Label(String ruleId, int start, int end) {
      this.ruleId = ruleId;
      this.start = start;
      this.end = end;
    }
  }

  @Test
  void everyLabeledSecretIsFoundByItsRuleAndNothingElseIsFound() throws Exception {
    Map<String, int[]> perRule = new TreeMap<>(); // rule id -> {labeled, found}
    List<String> problems = new ArrayList<>();
    int files = 0;
    long chars = 0;
    for (Path file : corpusFiles()) {
      files++;
      String name = file.getFileName().toString();
      List<Label> labels = new ArrayList<>();
      String text =
          expand(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), name, labels);
      chars += text.length();
      List<Finding> findings = DETECTOR.find(text);
      for (Label label : labels) {
        int[] counts = perRule.computeIfAbsent(label.ruleId, id -> new int[2]);
        counts[0]++;
        boolean found =
            findings.stream()
                .anyMatch(
                    f ->
                        f.start() == label.start
                            && f.end() == label.end
                            && f.ruleId().equals(label.ruleId));
        if (found) {
          counts[1]++;
        } else {
          problems.add(
              "missed " + label.ruleId + " at " + where(name, text, label.start) + ", found there: "
                  + findings.stream()
                      .filter(f -> f.start() < label.end && f.end() > label.start)
                      .map(Finding::toString)
                      .collect(Collectors.toList()));
        }
      }
      for (Finding f : findings) {
        boolean labeled =
            labels.stream()
                .anyMatch(l -> l.start == f.start() && l.end == f.end() && l.ruleId.equals(f.ruleId()));
        if (!labeled && labels.stream().noneMatch(l -> l.start < f.end() && l.end > f.start())) {
          problems.add(
              "false positive " + f.ruleId() + " at " + where(name, text, f.start()) + ": "
                  + text.substring(f.start(), f.end()));
        }
      }
    }

    StringBuilder report = new StringBuilder();
    report.append(String.format("corpus: %d files, %d chars, %d secret types%n", files, chars, perRule.size()));
    int labeled = 0;
    int found = 0;
    for (Map.Entry<String, int[]> e : perRule.entrySet()) {
      labeled += e.getValue()[0];
      found += e.getValue()[1];
      report.append(
          String.format("  %-36s %3d/%-3d%n", e.getKey(), e.getValue()[1], e.getValue()[0]));
    }
    long falsePositives = problems.stream().filter(p -> p.startsWith("false positive")).count();
    report.append(
        String.format("recall %d/%d, false positives %d%n", found, labeled, falsePositives));
    System.out.print(report);
    problems.forEach(System.out::println);

    assertEquals(List.of(), problems);
    for (Rule rule : BuiltinRules.all()) {
      assertTrue(perRule.containsKey(rule.id()), "no labeled " + rule.id() + " in the corpus");
    }
  }

  private static List<Path> corpusFiles() throws IOException, URISyntaxException {
    Path dir = Paths.get(CorpusTest.class.getResource("/corpus").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  /** Replaces the markers of {@code raw} by secrets, adding a label for each. */
  static String expand(String raw, String fileName, List<Label> labels) {
    Random random = new Random(fileName.hashCode());
    StringBuilder out = new StringBuilder(raw.length() + 4096);
    int i = 0;
    while (i < raw.length()) {
      int open = raw.indexOf(OPEN, i);
      if (open < 0) {
        out.append(raw, i, raw.length());
        break;
      }
      int close = raw.indexOf(CLOSE, open);
      out.append(raw, i, open);
      String marker = raw.substring(open + 1, close);
      String ruleId;
      String secret;
      int eq = marker.indexOf('=');
      int hash = marker.indexOf('#');
      if (eq > 0) {
        ruleId = marker.substring(0, eq);
        secret = marker.substring(eq + 1);
      } else if (hash > 0) {
        ruleId = marker.substring(0, hash);
        String[] variant = marker.substring(hash + 1).split("#");
        secret =
            SecretSamples.pem(random, variant[0], variant.length > 1 ? "\\n" : "\n");
      } else {
        ruleId = marker;
        SecretSamples.Sample sample = SecretSamples.ALL.get(ruleId);
        if (sample == null) {
          throw new IllegalArgumentException(fileName + ": no sample for " + ruleId);
        }
        secret = sample.make(random);
      }
      labels.add(new Label(ruleId, out.length(), out.length() + secret.length()));
      out.append(secret);
      i = close + 1;
    }
    return out.toString();
  }

  private static String where(String fileName, String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return fileName + ":" + line + ":" + (offset - lineStart + 1);
  }
}
