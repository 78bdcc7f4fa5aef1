package io.takumo.aegis.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** PLACEHOLDER until the detect branch lands (replaced on merge). */
public final class SecretDetector implements Detector {
  private static final Pattern OPENAI = Pattern.compile("sk-(?:proj-)?[A-Za-z0-9_-]{20,}");

  public static SecretDetector withBuiltinRules() {
    return new SecretDetector();
  }

  @Override
  public List<Finding> find(CharSequence text) {
    List<Finding> out = new ArrayList<>();
    Matcher m = OPENAI.matcher(text);
    while (m.find()) {
      out.add(new Finding(m.start(), m.end(), "openai-api-key", "oai"));
    }
    return out;
  }
}
