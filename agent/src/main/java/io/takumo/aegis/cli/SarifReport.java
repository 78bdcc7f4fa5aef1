package io.takumo.aegis.cli;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.policy.DetectionPolicy;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning tools: one run, every rule of the policy in {@code
 * tool.driver.rules}, one result per finding whose region covers exactly the secret.
 */
final class SarifReport extends Report {

  private final DetectionPolicy policy;
  private final String version;
  private final Map<String, Integer> ruleIndex = new HashMap<>();
  private boolean first = true;

  SarifReport(PrintStream out, DetectionPolicy policy, String version) {
    super(out);
    this.policy = policy;
    this.version = version;
  }

  @Override
  void begin() {
    out.print("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{");
    out.print("\"tool\":{\"driver\":{\"name\":\"takumo-aegis\",\"version\":" + Json.quote(version)
        + ",\"informationUri\":\"https://takumo.io/aegis\",\"rules\":[");
    List<Rule> rules = policy.rules();
    for (int i = 0; i < rules.size(); i++) {
      String id = rules.get(i).id();
      ruleIndex.put(id, i);
      String description = policy.description(id);
      out.print((i == 0 ? "\n" : ",\n") + "{\"id\":" + Json.quote(id) + ",\"shortDescription\":{\"text\":"
          + Json.quote(description == null ? "Secret: " + id : description) + "}}");
    }
    out.print("]}},\"columnKind\":\"utf16CodeUnits\",\"results\":[");
  }

  @Override
  void file(ScannedFile file) {
    for (ScanFinding f : file.findings) {
      out.print(first ? "\n" : ",\n");
      first = false;
      Integer index = ruleIndex.get(f.ruleId);
      out.print("{\"ruleId\":" + Json.quote(f.ruleId) + (index == null ? "" : ",\"ruleIndex\":" + index)
          + ",\"level\":\"error\",\"message\":{\"text\":" + Json.quote("Secret (" + f.ruleId + "): " + f.preview)
          + "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" + Json.quote(file.uri)
          + "},\"region\":{\"startLine\":" + f.line + ",\"startColumn\":" + f.column + ",\"endLine\":"
          + f.endLine + ",\"endColumn\":" + f.endColumn + "}}}]}");
    }
  }

  @Override
  void end(int scanned, int skipped, int findings) {
    out.println("\n]}]}");
  }
}
