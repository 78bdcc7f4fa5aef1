package io.takumo.aegis.detect.rule;

import com.google.re2j.Pattern;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.heuristic.PlausibleValue;

/**
 * A value whose name is known apart from it, as a JSON field's: {@code {"db_password": "…"}}.
 * The generic assignment rules need the name and the value in one text; here the whole value is
 * the secret when the name ends like a password or secret name and the value passes the same
 * plausibility checks (no placeholder, reference, number or low-entropy word).
 */
public final class AssignedValue {

  private static final Pattern PASSWORD =
      Pattern.compile(
          AssignmentRules.name(AssignmentRules.PASSWORD_NAMES, AssignmentRules.GLUED_PASSWORD_NAMES)
              + "$");
  private static final Pattern SECRET =
      Pattern.compile(
          AssignmentRules.name(AssignmentRules.SECRET_NAMES, AssignmentRules.GLUED_SECRET_NAMES)
              + "$");

  private AssignedValue() {}

  /** The whole value as a finding, or {@code null}. */
  public static Finding find(String name, CharSequence value) {
    if (name.isEmpty() || value.length() == 0 || !PlausibleValue.ASSIGNED.accepts(value, 0, value.length())) {
      return null;
    }
    if (PASSWORD.matcher(name).find()) {
      return new Finding(0, value.length(), "password-assignment", "pwd");
    }
    if (SECRET.matcher(name).find()) {
      return new Finding(0, value.length(), "secret-assignment", "sec");
    }
    return null;
  }
}
