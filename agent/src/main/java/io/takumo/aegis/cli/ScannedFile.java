package io.takumo.aegis.cli;

import java.util.Collections;
import java.util.List;

/** What scanning one file gave: its findings, or why it was skipped, or why it could not be read. */
final class ScannedFile {

  /** The path as shown to the user. */
  final String path;

  /** The path as a URI reference, for SARIF; null for a file without findings. */
  final String uri;

  final List<ScanFinding> findings;

  /** Why the file was not scanned (binary, too large), or null. */
  final String skipped;

  /** Why the file could not be read, or null. */
  final String error;

  private ScannedFile(String path, String uri, List<ScanFinding> findings, String skipped, String error) {
    this.path = path;
    this.uri = uri;
    this.findings = findings;
    this.skipped = skipped;
    this.error = error;
  }

  /** The same, located at {@code uri}. */
  ScannedFile at(String uri) {
    return new ScannedFile(path, uri, findings, skipped, error);
  }

  static ScannedFile scanned(String path, String uri, List<ScanFinding> findings) {
    return new ScannedFile(path, uri, findings, null, null);
  }

  static ScannedFile skipped(String path, String uri, String reason) {
    return new ScannedFile(path, uri, Collections.<ScanFinding>emptyList(), reason, null);
  }

  static ScannedFile failed(String path, String uri, String error) {
    return new ScannedFile(path, uri, Collections.<ScanFinding>emptyList(), null, error);
  }
}
