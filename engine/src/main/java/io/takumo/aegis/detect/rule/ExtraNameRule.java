package io.takumo.aegis.detect.rule;

import com.google.re2j.Pattern;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordGated;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.PlausibleValue;
import java.util.List;

/**
 * The generic secret rule with the names a policy adds: finds {@code name = value} in text, and
 * also takes a whole value whose name is known apart from it and is one of the added names, as a
 * JSON field's ({@code {"signing_key": "…"}}), the way {@link AssignedValue} does for the
 * built-in names.
 */
public final class ExtraNameRule implements Rule, KeywordGated {

  private final Rule inText;
  private final Pattern wholeName;

  /**
   * @param inText the rule for names and values in one text
   * @param nameRegex matches a name that ends in one of the policy's names
   */
  public ExtraNameRule(Rule inText, String nameRegex) {
    this.inText = inText;
    this.wholeName = Pattern.compile(nameRegex + "$");
  }

  /** The whole value as a finding if {@code name} is one of the names and it looks like a secret. */
  public Finding findWhole(String name, CharSequence value) {
    if (value.length() == 0
        || !wholeName.matcher(name).find()
        || !PlausibleValue.ASSIGNED.accepts(value, 0, value.length())) {
      return null;
    }
    return new Finding(0, value.length(), id(), hint());
  }

  @Override
  public KeywordGated.Gate gate() {
    return KeywordGated.gateOf(inText);
  }

  @Override
  public String id() {
    return inText.id();
  }

  @Override
  public String hint() {
    return inText.hint();
  }

  @Override
  public Specificity specificity() {
    return inText.specificity();
  }

  @Override
  public List<String> keywords() {
    return inText.keywords();
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    inText.findIn(text, out);
  }

  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    inText.findNear(text, ends, lengths, count, out);
  }

  @Override
  public void findNearPassed(
      CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    if (inText instanceof KeywordGated) {
      ((KeywordGated) inText).findNearPassed(text, ends, lengths, count, out);
    } else {
      inText.findNear(text, ends, lengths, count, out);
    }
  }
}
