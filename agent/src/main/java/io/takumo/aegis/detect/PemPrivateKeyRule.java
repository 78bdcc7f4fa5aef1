package io.takumo.aegis.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Private keys in PEM armour, whole: from a {@code -----BEGIN … PRIVATE KEY-----} line through the
 * next {@code END} line with the same label. Every label ending in {@code PRIVATE KEY} counts
 * (PKCS#8, {@code RSA}, {@code EC}, {@code DSA}, {@code OPENSSH}, {@code ENCRYPTED}, {@code PGP …
 * BLOCK}, and the four-dash {@code ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----}). Only the marker lines are matched, so it does not
 * matter whether the lines between are separated by real newlines or by JSON-escaped {@code \n}. A
 * {@code BEGIN} with no {@code END} (a key cut short) still counts, with the base64 that follows
 * it. Public keys and certificates carry other labels and are never matched.
 */
public final class PemPrivateKeyRule implements Rule {

  static final String ID = "pem-private-key";
  private static final String HINT = "pem";

  private static final Pattern MARKER =
      Pattern.compile(
          "-{4,5} ?(BEGIN|END) ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?) ?-{4,5}");

  /** Far larger than any key; a longer span is two unrelated markers, not a key. */
  private static final int MAX_BLOCK = 64 * 1024;

  /** Fewer base64 chars than this between the markers is prose about keys, not a key. */
  private static final int MIN_BODY = 32;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String hint() {
    return HINT;
  }

  @Override
  public Specificity specificity() {
    return Specificity.PROVIDER;
  }

  @Override
  public List<String> keywords() {
    return Collections.singletonList("private key");
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    // Open BEGIN markers by label, each as {start, end}. Keys never nest, so a second BEGIN with
    // the
    // same label means the first was cut short; each BEGIN is scanned past at most once.
    Map<String, int[]> open = new HashMap<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      String label = m.group(2);
      int[] begin = open.get(label);
      if ("BEGIN".equals(m.group(1))) {
        if (begin != null) {
          addTruncated(text, begin, m.start(), out);
        }
        open.put(label, new int[] {m.start(), m.end()});
      } else if (begin != null) {
        for (int[] other : open.values()) {
          if (other[0] < begin[0]) {
            addTruncated(text, other, begin[0], out);
          }
        }
        if (m.end() - begin[0] <= MAX_BLOCK && countBase64(text, begin[1], m.start()) >= MIN_BODY) {
          out.add(new Finding(begin[0], m.end(), ID, HINT));
        }
        open.clear();
      }
    }
    for (int[] begin : open.values()) {
      addTruncated(text, begin, text.length(), out);
    }
  }

  /** Adds a key cut short: its BEGIN line and the key-like chars after it, up to {@code limit}. */
  private static void addTruncated(CharSequence text, int[] begin, int limit, List<Finding> out) {
    int stop = Math.min(limit, begin[1] + MAX_BLOCK);
    int end = begin[1];
    int base64 = 0;
    for (int i = begin[1]; i < stop; i++) {
      char c = text.charAt(i);
      if (isBase64(c)) {
        base64++;
        end = i + 1;
      } else if (!isPemFiller(c) || (c == '-' && i + 1 < stop && text.charAt(i + 1) == '-')) {
        break;
      }
    }
    if (base64 >= MIN_BODY) {
      out.add(new Finding(begin[0], end, ID, HINT));
    }
  }

  private static int countBase64(CharSequence text, int start, int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      if (isBase64(text.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '=';
  }

  /**
   * Chars that may sit between base64 lines: whitespace, the backslash of an escaped newline, and
   * the punctuation of headers like {@code Proc-Type: 4,ENCRYPTED}.
   */
  private static boolean isPemFiller(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\\' || c == ':' || c == ','
        || c == '-';
  }
}
