package io.takumo.aegis.policy;

import com.google.re2j.Pattern;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code allowlist:} of a policy file: values that are never secrets, and (for {@code scan})
 * paths that are never scanned.
 *
 * <pre>
 * allowlist:
 *   values: [not-a-secret-1234]       # exact values
 *   regexes: ['^test_[a-z0-9]+$']     # RE2/J, found anywhere in a value (anchor for whole values)
 *   paths: ['*.lock', 'node_modules', 'src/test/**']
 * </pre>
 *
 * A path glob without {@code /} matches a file or directory name at any depth; one with {@code /}
 * matches the path relative to the directory given to {@code scan}.
 */
public final class Allowlist {

  static final Set<String> FIELDS = new LinkedHashSet<>(Arrays.asList("values", "regexes", "paths"));

  static final Allowlist EMPTY = new Allowlist();

  private final Set<String> values = new HashSet<>();
  private final List<Pattern> regexes = new ArrayList<>();
  private final List<PathMatcher> nameGlobs = new ArrayList<>();
  private final List<PathMatcher> pathGlobs = new ArrayList<>();

  private Allowlist() {}

  /** The policy file's allowlist: the first mistake throws. */
  Allowlist(Object section) {
    this(section, Allowlist::fail);
  }

  /**
   * An allowlist that leaves out each entry that is invalid, after passing one line naming it (by
   * its place, never its content) to {@code problems}; a {@code problems} that throws makes the
   * first mistake fatal.
   */
  Allowlist(Object section, Consumer<String> problems) {
    if (section == null) {
      return;
    }
    if (!(section instanceof Map)) {
      problems.accept("allowlist must be a map of values, regexes and paths");
      return;
    }
    Map<?, ?> map = (Map<?, ?>) section;
    Fields.onlyKnown(map, FIELDS, "allowlist");
    values.addAll(strings(map, "values", problems));
    int n = 0;
    for (String regex : strings(map, "regexes", problems)) {
      n++;
      try {
        regexes.add(PolicyRegex.compile(regex, "allowlist: regex " + n));
      } catch (InvalidPolicyException e) {
        problems.accept(e.getMessage());
      }
    }
    n = 0;
    for (String glob : strings(map, "paths", problems)) {
      n++;
      PathMatcher matcher;
      try {
        matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) {
        problems.accept("allowlist: path glob " + n + " is invalid");
        continue;
      }
      (glob.indexOf('/') >= 0 ? pathGlobs : nameGlobs).add(matcher);
    }
  }

  /** The list under {@code key}; empty, after telling {@code problems}, if it is not a list of strings. */
  private static List<String> strings(Map<?, ?> map, String key, Consumer<String> problems) {
    try {
      return Fields.strings(map.get(key), "allowlist: " + key);
    } catch (InvalidPolicyException e) {
      problems.accept(e.getMessage());
      return new ArrayList<>();
    }
  }

  private static void fail(String problem) {
    throw new InvalidPolicyException(problem);
  }

  /** Everything either allowlist allows. */
  static Allowlist union(Allowlist a, Allowlist b) {
    if (b.size() == 0) {
      return a;
    }
    if (a.size() == 0) {
      return b;
    }
    Allowlist u = new Allowlist();
    for (Allowlist x : Arrays.asList(a, b)) {
      u.values.addAll(x.values);
      u.regexes.addAll(x.regexes);
      u.nameGlobs.addAll(x.nameGlobs);
      u.pathGlobs.addAll(x.pathGlobs);
    }
    return u;
  }

  /** How many values, regexes and path globs it holds. */
  int size() {
    return values.size() + regexes.size() + nameGlobs.size() + pathGlobs.size();
  }

  boolean hasValues() {
    return !values.isEmpty() || !regexes.isEmpty();
  }

  /** Whether {@code value} is allowlisted: never reported, never tokenized. */
  public boolean allowsValue(CharSequence value) {
    if (values.contains(value.toString())) {
      return true;
    }
    for (Pattern regex : regexes) {
      if (regex.matcher(value).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code scan} skips this file or directory; {@code relative} to the scanned root. */
  public boolean skipsPath(Path relative) {
    Path name = relative.getFileName();
    if (name == null) {
      return false;
    }
    for (PathMatcher glob : nameGlobs) {
      if (glob.matches(name)) {
        return true;
      }
    }
    for (PathMatcher glob : pathGlobs) {
      if (glob.matches(relative)) {
        return true;
      }
    }
    return false;
  }
}
