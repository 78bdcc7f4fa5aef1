package io.takumo.aegis.cli;

/**
 * A finding placed in its file: 1-based lines and columns (columns count UTF-16 code units, as
 * SARIF's default), the end column just past the secret's last char, and a masked preview.
 */
final class ScanFinding {

  final String ruleId;
  final int line;
  final int column;
  final int endLine;
  final int endColumn;
  final String preview;

  ScanFinding(String ruleId, int line, int column, int endLine, int endColumn, String preview) {
    this.ruleId = ruleId;
    this.line = line;
    this.column = column;
    this.endLine = endLine;
    this.endColumn = endColumn;
    this.preview = preview;
  }
}
