package io.takumo.aegis.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
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

  private static final Set<String> FIELDS = new LinkedHashSet<>(Arrays.asList("values", "regexes", "paths"));

  static final Allowlist EMPTY = new Allowlist(null);

  private final Set<String> values = new HashSet<>();
  private final List<Pattern> regexes = new ArrayList<>();
  private final List<PathMatcher> nameGlobs = new ArrayList<>();
  private final List<PathMatcher> pathGlobs = new ArrayList<>();

  Allowlist(Object section) {
    if (section == null) {
      return;
    }
    if (!(section instanceof Map)) {
      throw new InvalidPolicyException("allowlist must be a map of values, regexes and paths");
    }
    Map<?, ?> map = (Map<?, ?>) section;
    Fields.onlyKnown(map, FIELDS, "allowlist");
    values.addAll(Fields.strings(map.get("values"), "allowlist: values"));
    int n = 0;
    for (String regex : Fields.strings(map.get("regexes"), "allowlist: regexes")) {
      n++;
      try {
        regexes.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new InvalidPolicyException("allowlist: regex " + n + " is invalid: " + e.getDescription());
      }
    }
    for (String glob : Fields.strings(map.get("paths"), "allowlist: paths")) {
      PathMatcher matcher;
      try {
        matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException("allowlist: path glob '" + glob + "' is invalid");
      }
      (glob.indexOf('/') >= 0 ? pathGlobs : nameGlobs).add(matcher);
    }
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
