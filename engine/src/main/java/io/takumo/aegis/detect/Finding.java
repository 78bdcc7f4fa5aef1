package io.takumo.aegis.detect;

/** One secret found in a text: where it is, and which rule found it. Holds no copy of the value. */
public final class Finding {

  private final int start;
  private final int end;
  private final String ruleId;
  private final String hint;

  /**
   * @param start index of the secret's first char in the scanned text
   * @param end index just past the secret's last char
   * @param ruleId the stable id of the rule that matched, e.g. {@code openai-api-key}
   * @param hint the token type hint for this kind of secret, 2–4 chars of {@code [a-z0-9]}
   */
  public Finding(int start, int end, String ruleId, String hint) {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative span");
    }
    this.start = start;
    this.end = end;
    this.ruleId = ruleId;
    this.hint = hint;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  public int length() {
    return end - start;
  }

  public String ruleId() {
    return ruleId;
  }

  public String hint() {
    return hint;
  }

  @Override
  public String toString() {
    return ruleId + "[" + start + "," + end + ")";
  }
}
