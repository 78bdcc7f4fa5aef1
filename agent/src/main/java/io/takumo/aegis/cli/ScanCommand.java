package io.takumo.aegis.cli;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Mode;
import io.takumo.aegis.config.Setting;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayRejectedException;
import io.takumo.aegis.gateway.GatewaySession;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.policy.DetectionPolicy;
import io.takumo.aegis.policy.OrgPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scan [OPTIONS] PATH...}: runs the agent's detector, under the same policy file (and in
 * gateway mode the same org policy), over files (directories recursively, {@code -} for stdin) on
 * all cores, and reports each finding with a masked preview, in path order whatever the order
 * files finish in.
 */
final class ScanCommand {

  static final String HELP =
      "usage: takumo-aegis scan [OPTIONS] PATH...\n"
          + "       takumo-aegis scan --list-rules [--format text|json] [--policy FILE]\n"
          + "Shows the secrets the agent would tokenize in files, directories (recursively) or\n"
          + "standard input (-). Binary files and files over the size limit are skipped.\n"
          + "\n"
          + "  --format text|json|sarif   output format (default text: file:line:col  rule  preview)\n"
          + "  --policy FILE              policy file (default: takumo.aegis.policy / TAKUMO_AEGIS_POLICY)\n"
          + "  --max-file-size SIZE       skip larger files (default 5MB; setting scan-max-file-size)\n"
          + "  --require-org-policy       mode gateway: exit 2, scanning nothing, if the org policy cannot be\n"
          + "                             fetched (default: say so in one line, scan with the local policy)\n"
          + "  --list-rules               list the rules a scan runs (built-in and the policy's), scan nothing\n"
          + "  -h, --help                 this help\n"
          + "\n"
          + "In mode gateway (TAKUMO_AEGIS_MODE=gateway, TAKUMO_GATEWAY_URL, TAKUMO_API_KEY) it performs the\n"
          + "handshake and adds the org policy from the gateway to the local one, as the agent does.\n"
          + "\n"
          + "Exit status: 0 nothing found, 1 findings, 2 usage, policy or I/O error.";

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream stdin;
  private final Map<?, ?> systemProperties;
  private final Map<String, String> environment;

  ScanCommand(PrintStream out, PrintStream err, InputStream stdin, Map<?, ?> systemProperties,
      Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.stdin = stdin;
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  int run(String[] args) {
    String format = "text";
    Map<Object, Object> properties = new HashMap<>(systemProperties);
    List<String> paths = new ArrayList<>();
    boolean optionsEnded = false;
    boolean requireOrgPolicy = false;
    boolean listRules = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
        paths.add(arg);
        continue;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.equals("--")) {
        optionsEnded = true;
        continue;
      }
      if (name.equals("-h") || name.equals("--help")) {
        out.println(HELP);
        return AegisCli.OK;
      }
      if (arg.equals("--require-org-policy")) {
        requireOrgPolicy = true;
        continue;
      }
      if (arg.equals("--list-rules")) {
        listRules = true;
        continue;
      }
      if (!name.equals("--format") && !name.equals("--policy") && !name.equals("--max-file-size")) {
        return usage("unknown option " + name);
      }
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return usage(name + " needs a value");
      }
      if (name.equals("--format")) {
        format = value;
      } else if (name.equals("--policy")) {
        properties.put(Setting.POLICY.systemProperty(), value);
      } else {
        properties.put(Setting.SCAN_MAX_FILE_SIZE.systemProperty(), value);
      }
    }
    if (paths.isEmpty() && !listRules) {
      return usage("no PATH to scan");
    }
    if (listRules && (!paths.isEmpty() || format.equals("sarif"))) {
      return usage("--list-rules takes no PATH and --format text or json");
    }
    if (!format.equals("text") && !format.equals("json") && !format.equals("sarif")) {
      return usage("unknown format '" + format + "' (text, json or sarif)");
    }
    AegisConfig config;
    try {
      config = AegisConfig.load(properties, environment);
    } catch (IllegalArgumentException e) {
      err.println("takumo-aegis: " + e.getMessage());
      return AegisCli.USAGE;
    }
    boolean[] policyInvalid = {false};
    DetectionPolicy policy =
        DetectionPolicy.orBuiltIn(config.policySource(), message -> {
          err.println("takumo-aegis: " + message);
          policyInvalid[0] = true;
        });
    if (config.mode() == Mode.GATEWAY) {
      OrgPolicy org = fetchOrgPolicy(config, requireOrgPolicy);
      if (org == null) {
        return AegisCli.USAGE;
      }
      if (org != OrgPolicy.NONE) {
        policy = policy.withOrg(org, config.orgPolicyMayRelax(), message -> err.println("takumo-aegis: " + message), message -> { });
        err.println("takumo-aegis: org policy from the gateway " + config.get(Setting.GATEWAY_URL) + ": "
            + policy.org().customRuleCount() + " custom rule(s), " + policy.org().allowlistEntryCount()
            + " allowlist entries, added to the local policy");
      }
    } else if (requireOrgPolicy) {
      return usage("--require-org-policy needs mode gateway (TAKUMO_AEGIS_MODE=gateway)");
    }
    if (listRules) {
      RuleListing.print(policy, format, out);
      return policyInvalid[0] ? AegisCli.USAGE : AegisCli.OK;
    }
    Report report = Report.named(format, out, policy, AegisCli.version());
    int status = scan(paths, policy, config.scanMaxFileSize(), report);
    return policyInvalid[0] ? AegisCli.USAGE : status;
  }

  /**
   * The org policy, by a handshake with the gateway as the agent's. If the gateway cannot be
   * reached or refuses the key: one line on stderr and {@link OrgPolicy#NONE} (the local policy
   * alone), or {@code null} (scan nothing) with {@code --require-org-policy}. The local mode never
   * gets here: it never touches the network.
   */
  private OrgPolicy fetchOrgPolicy(AegisConfig config, boolean required) {
    Gateway gateway = Gateway.create(config, new AegisLog(AegisLog.Level.ERROR, err));
    String problem;
    try {
      GatewaySession session = gateway.handshakeNow();
      return OrgPolicy.parse(session.orgPolicy(), message -> err.println("takumo-aegis: " + message), message -> { });
    } catch (GatewayRejectedException e) {
      problem = "refused the handshake (HTTP " + e.status() + (e.code() == null ? "" : " " + e.code())
          + "; check TAKUMO_API_KEY, or run takumo-aegis doctor)";
    } catch (GatewayUnavailableException e) {
      problem = "is unreachable (" + e.whatFailed() + "; run takumo-aegis doctor)";
    } catch (IOException | RuntimeException e) {
      problem = "failed (" + e.getClass().getSimpleName() + "; run takumo-aegis doctor)";
    }
    String said = "takumo-aegis: the Takumo gateway " + gateway.base() + " " + problem;
    if (required) {
      err.println(said + "; scanning nothing (--require-org-policy)");
      return null;
    }
    err.println(said + "; scanning with the local policy only, without the org policy");
    return OrgPolicy.NONE;
  }

  private int usage(String problem) {
    err.println("takumo-aegis scan: " + problem + "\n" + HELP);
    return AegisCli.USAGE;
  }

  private int scan(List<String> paths, DetectionPolicy policy, long maxFileSize, Report report) {
    FileScanner scanner = new FileScanner(policy.detector(), maxFileSize);
    List<String> errors = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    boolean readStdin = false;
    int loops = 0;
    for (String arg : paths) {
      if (arg.equals("-")) {
        readStdin = true;
        continue;
      }
      try {
        FileTree tree = new FileTree(Paths.get(arg), policy.allowlist());
        files.addAll(tree.files);
        errors.addAll(tree.errors);
        loops += tree.loops;
      } catch (InvalidPathException e) {
        errors.add("not a path: " + arg);
      }
    }
    Tally tally = new Tally(report);
    report.begin();
    if (readStdin) {
      try {
        String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        tally.add(scanner.scanText("<stdin>", "stdin", text));
      } catch (IOException e) {
        errors.add("cannot read standard input (" + e.getClass().getSimpleName() + ")");
      }
    }
    scanInParallel(files, scanner, tally);
    report.end(tally.scanned, tally.skipped, tally.findings);
    errors.addAll(tally.errors);
    for (String error : errors) {
      err.println("takumo-aegis: " + error);
    }
    err.println("takumo-aegis: " + tally.findings + " finding(s) in " + tally.scanned + " file(s) scanned"
        + (tally.skipped > 0 ? ", " + tally.skipped + " skipped (binary or over the size limit)" : "")
        + (loops > 0 ? ", " + loops + " symbolic link loop(s) not followed" : ""));
    if (!errors.isEmpty()) {
      return AegisCli.USAGE;
    }
    return tally.findings > 0 ? AegisCli.FINDINGS : AegisCli.OK;
  }

  /**
   * Scans files on all cores and reports them in list order: a bounded queue of pending results,
   * the oldest always reported first.
   */
  private static void scanInParallel(List<Path> files, FileScanner scanner, Tally tally) {
    if (files.isEmpty()) {
      return;
    }
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), files.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, task -> {
          Thread t = new Thread(task, "takumo-aegis-scan");
          t.setDaemon(true);
          return t;
        });
    try {
      Deque<Future<ScannedFile>> pending = new ArrayDeque<>();
      int window = threads * 64;
      for (Path file : files) {
        if (pending.size() == window) {
          tally.add(next(pending));
        }
        pending.add(pool.submit(() -> scanner.scan(file)));
      }
      while (!pending.isEmpty()) {
        tally.add(next(pending));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ScannedFile next(Deque<Future<ScannedFile>> pending) {
    try {
      return pending.poll().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("scan interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
    }
  }

  /** Passes each file to the report and counts. */
  private static final class Tally {

    final Report report;
    final List<String> errors = new ArrayList<>();
    int scanned;
    int skipped;
    int findings;

    Tally(Report report) {
      this.report = report;
    }

    void add(ScannedFile file) {
      if (file.error != null) {
        errors.add(file.error);
      } else if (file.skipped != null) {
        skipped++;
      } else {
        scanned++;
        findings += file.findings.size();
        report.file(file);
      }
    }
  }
}
