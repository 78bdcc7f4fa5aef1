package io.takumo.aegis.cli;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.SecretDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scan PATH...}: runs the agent's detector over files (directories recursively, {@code -}
 * for stdin) and prints {@code file:line:col rule-id preview} for each finding, the preview masked
 * so the output never repeats a secret.
 */
final class ScanCommand {

  private static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

  private final PrintStream out;
  private final PrintStream err;
  private final Detector detector = SecretDetector.withBuiltinRules();

  ScanCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] paths) {
    if (paths.length == 0) {
      err.println("usage: takumo-aegis scan PATH...");
      return AegisCli.USAGE;
    }
    int findings = 0;
    boolean ioError = false;
    for (String arg : paths) {
      try {
        if (arg.equals("-")) {
          findings += report("<stdin>", new String(readAll(System.in), StandardCharsets.UTF_8));
          continue;
        }
        for (Path file : files(Paths.get(arg))) {
          findings += scanFile(file);
        }
      } catch (IOException e) {
        err.println("takumo-aegis: cannot read " + arg + ": " + e.getMessage());
        ioError = true;
      }
    }
    if (ioError) {
      return AegisCli.USAGE;
    }
    err.println(findings + " finding(s)");
    return findings > 0 ? AegisCli.FINDINGS : AegisCli.OK;
  }

  private static List<Path> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      throw new IOException("no such file or directory");
    }
    List<Path> result = new ArrayList<>();
    // Symbolic links inside the tree are not followed, so a link loop cannot trap the walk.
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).sorted().forEach(result::add);
    }
    return result;
  }

  private int scanFile(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (isBinary(bytes)) {
      return 0;
    }
    return report(file.toString(), new String(bytes, StandardCharsets.UTF_8));
  }

  private int report(String name, String text) {
    List<Finding> found = detector.find(text);
    if (found.isEmpty()) {
      return 0;
    }
    LineIndex lines = new LineIndex(text);
    for (Finding f : found) {
      out.println(name + ":" + lines.line(f.start()) + ":" + lines.column(f.start()) + "  " + f.ruleId()
          + "  " + mask(text.substring(f.start(), f.end())));
    }
    return found.size();
  }

  /** Shows only enough to recognise a known prefix: at most 4 leading chars, then the length. */
  static String mask(String secret) {
    int shown = Math.min(4, secret.length() / 4);
    return secret.substring(0, shown) + "…(" + secret.length() + " chars)";
  }

  private static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
