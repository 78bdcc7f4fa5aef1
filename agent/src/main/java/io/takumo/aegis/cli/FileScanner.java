package io.takumo.aegis.cli;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scans one file: reads it as bytes, skips it if binary or too large, decodes UTF-8 once and runs
 * the detector over the whole text (its keyword prefilter makes clean text cheap; nothing runs per
 * line). Thread-safe.
 */
final class FileScanner {

  /** How far into a file a NUL byte marks it as binary. */
  private static final int BINARY_PROBE = 8192;

  private final Detector detector;
  private final long maxFileSize;

  FileScanner(Detector detector, long maxFileSize) {
    this.detector = detector;
    this.maxFileSize = maxFileSize;
  }

  ScannedFile scan(Path file) {
    String path = file.toString();
    try {
      if (Files.size(file) > maxFileSize) {
        return ScannedFile.skipped(path, null, "over the size limit");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > maxFileSize) {
        return ScannedFile.skipped(path, null, "over the size limit");
      }
      if (isBinary(bytes)) {
        return ScannedFile.skipped(path, null, "binary");
      }
      ScannedFile scanned = scanText(path, null, new String(bytes, StandardCharsets.UTF_8));
      // Only findings need the URI, and building one per file is a noticeable part of a large scan.
      return scanned.findings.isEmpty() ? scanned : scanned.at(uriOf(file));
    } catch (IOException | SecurityException e) {
      return ScannedFile.failed(path, null, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  ScannedFile scanText(String path, String uri, String text) {
    List<Finding> found = detector.find(text);
    if (found.isEmpty()) {
      return ScannedFile.scanned(path, uri, Collections.<ScanFinding>emptyList());
    }
    LineIndex lines = new LineIndex(text);
    List<ScanFinding> located = new ArrayList<>(found.size());
    for (Finding f : found) {
      int last = f.end() - 1;
      located.add(
          new ScanFinding(
              f.ruleId(),
              lines.line(f.start()),
              lines.column(f.start()),
              lines.line(last),
              lines.column(last) + 1,
              mask(text.substring(f.start(), f.end()))));
    }
    return ScannedFile.scanned(path, uri, located);
  }

  /** Shows only enough to recognise a known prefix: at most 4 leading chars, then the length. */
  static String mask(String secret) {
    int shown = Math.min(4, secret.length() / 4);
    return secret.substring(0, shown) + "…(" + secret.length() + " chars)";
  }

  private static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** A relative URI reference for a relative path ({@code src/a%20b.env}), else a file URI. */
  static String uriOf(Path file) {
    if (file.isAbsolute()) {
      return file.toUri().toString();
    }
    StringBuilder path = new StringBuilder();
    for (Path part : file.normalize()) {
      if (path.length() > 0) {
        path.append('/');
      }
      path.append(part.toString());
    }
    try {
      return new URI(null, null, path.toString(), null).getRawPath();
    } catch (URISyntaxException e) {
      return file.toUri().toString();
    }
  }
}
