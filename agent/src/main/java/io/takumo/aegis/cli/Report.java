package io.takumo.aegis.cli;

import io.takumo.aegis.policy.DetectionPolicy;
import java.io.PrintStream;

/** Writes the findings of a scan in one output format, file by file, in scan order. */
abstract class Report {

  final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  /** The report for {@code --format NAME}: text, json or sarif. */
  static Report named(String format, PrintStream out, DetectionPolicy policy, String version) {
    switch (format) {
      case "text":
        return new TextReport(out);
      case "json":
        return new JsonReport(out);
      case "sarif":
        return new SarifReport(out, policy, version);
      default:
        throw new IllegalArgumentException("unknown format " + format);
    }
  }

  void begin() {}

  /** Called for every scanned file, in order; files with no findings included. */
  abstract void file(ScannedFile file);

  void end(int scanned, int skipped, int findings) {}

  /** Prints {@code path:line:col  rule-id  preview} per finding. */
  static final class TextReport extends Report {

    TextReport(PrintStream out) {
      super(out);
    }

    @Override
    void file(ScannedFile file) {
      for (ScanFinding f : file.findings) {
        out.println(file.path + ":" + f.line + ":" + f.column + "  " + f.ruleId + "  " + f.preview);
      }
    }
  }

  /**
   * {@code {"findings":[{"path","line","column","endLine","endColumn","rule","preview"}…],
   * "scanned":n,"skipped":n}}.
   */
  static final class JsonReport extends Report {

    private boolean first = true;

    JsonReport(PrintStream out) {
      super(out);
    }

    @Override
    void begin() {
      out.print("{\"findings\":[");
    }

    @Override
    void file(ScannedFile file) {
      for (ScanFinding f : file.findings) {
        out.print(first ? "\n" : ",\n");
        first = false;
        out.print("{\"path\":" + Json.quote(file.path) + ",\"line\":" + f.line + ",\"column\":" + f.column
            + ",\"endLine\":" + f.endLine + ",\"endColumn\":" + f.endColumn + ",\"rule\":" + Json.quote(f.ruleId)
            + ",\"preview\":" + Json.quote(f.preview) + "}");
      }
    }

    @Override
    void end(int scanned, int skipped, int findings) {
      out.println("\n],\"scanned\":" + scanned + ",\"skipped\":" + skipped + ",\"count\":" + findings + "}");
    }
  }
}
