package io.takumo.aegis.detect.rule;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Private keys in PEM armour, whole: from a {@code -----BEGIN … PRIVATE KEY-----} line through the
 * next {@code END} line with the same label. Every label ending in {@code PRIVATE KEY} counts
 * (PKCS#8, {@code RSA}, {@code EC}, {@code DSA}, {@code OPENSSH}, {@code ENCRYPTED}, {@code PGP …
 * BLOCK}, and the four-dash {@code ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----}). Only the marker
 * lines are matched, so it does not matter whether the lines between are separated by real
 * newlines or by JSON-escaped {@code \n}. A {@code BEGIN} with no {@code END} (a key cut short)
 * still counts, with the base64 that follows it. Public keys and certificates carry other labels
 * and are never matched.
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

  /** An elided body ({@code ...}) shorter than this is an example; a longer one is a real key's. */
  private static final int MIN_ELIDED_KEY_BODY = 400;

  /**
   * How far back from {@code PRIVATE KEY} a marker's label may start: {@code BEGIN} and three
   * words, far longer than any real label's ({@code BEGIN SSH2 ENCRYPTED}).
   */
  private static final int MAX_LABEL = 128;

  /** The dashes before {@code BEGIN} (a space after them is one of the label chars). */
  private static final int DASHES_BEFORE = 5;

  /** After the keyword: {@code " BLOCK"}, a space and five dashes. */
  private static final int AFTER_KEYWORD = 12;

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
    List<Marker> markers = new ArrayList<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      markers.add(new Marker(m.start(), m.end(), "BEGIN".equals(m.group(1)), m.group(2)));
    }
    pair(text, markers, out);
  }

  /**
   * As {@link #findIn}, with the marker regex run only around each {@code private key}: from the
   * dashes before the words of its label to the dashes after it. So a text about keys, or source
   * code full of {@code privateKey}, costs a few short matches instead of a pass over it all.
   */
  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    List<Marker> markers = new ArrayList<>();
    int searchedTo = 0;
    for (int i = 0; i < count; i++) {
      int from = Math.max(searchedTo, labelStart(text, ends[i] - lengths[i]) - DASHES_BEFORE);
      int to = Math.min(text.length(), ends[i] + AFTER_KEYWORD);
      if (from >= to) {
        continue;
      }
      Matcher m = MARKER.matcher(new TextWindow(text, from, to));
      while (m.find()) {
        markers.add(
            new Marker(from + m.start(), from + m.end(), "BEGIN".equals(m.group(1)), m.group(2)));
        searchedTo = from + m.end();
      }
    }
    pair(text, markers, out);
  }

  /**
   * Where the label that ends in the keyword at {@code keywordStart} may start: back over its
   * words and the {@code BEGIN}/{@code END} before them, at most {@link #MAX_LABEL} chars so that
   * a long run of capitals costs no more than that.
   */
  private static int labelStart(CharSequence text, int keywordStart) {
    int i = keywordStart;
    while (i > 0 && keywordStart - i < MAX_LABEL && isLabelChar(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static boolean isLabelChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
  }

  /**
   * Pairs each BEGIN marker with the next END of the same label; a BEGIN with no END is a key cut
   * short. Keys never nest, so a second BEGIN with the same label means the first was cut short;
   * each BEGIN is scanned past at most once.
   */
  private static void pair(CharSequence text, List<Marker> markers, List<Finding> out) {
    // Open BEGIN markers by label, each as {start, end}.
    Map<String, int[]> open = new HashMap<>();
    for (Marker marker : markers) {
      int[] begin = open.get(marker.label);
      if (marker.begin) {
        if (begin != null) {
          addTruncated(text, begin, marker.start, out);
        }
        open.put(marker.label, new int[] {marker.start, marker.end});
      } else if (begin != null) {
        for (int[] other : open.values()) {
          if (other[0] < begin[0]) {
            addTruncated(text, other, begin[0], out);
          }
        }
        if (marker.end - begin[0] <= MAX_BLOCK
            && isKeyBody(text, begin[1], marker.start)) {
          out.add(new Finding(begin[0], marker.end, ID, HINT));
        }
        open.clear();
      }
    }
    for (int[] begin : open.values()) {
      addTruncated(text, begin, text.length(), out);
    }
  }

  /**
   * Whether the text between a BEGIN and its END line may be a key: enough base64, and not a
   * documentation example, which elides its body ({@code MIIEpQIBAAKCAQEA...}). A short body is
   * not enough to call it an example: test keys are made short, and so are Ed25519 keys.
   */
  private static boolean isKeyBody(CharSequence text, int start, int end) {
    int base64 = countBase64(text, start, end);
    return base64 >= MIN_BODY && (base64 >= MIN_ELIDED_KEY_BODY || !isElided(text, start, end));
  }

  private static boolean isElided(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\u2026'
          || (c == '.' && i + 2 < end && text.charAt(i + 1) == '.' && text.charAt(i + 2) == '.')) {
        return true;
      }
    }
    return false;
  }

  /** A BEGIN or END line's marker: where it is and its label ({@code RSA PRIVATE KEY}). */
  private static final class Marker {
    final int start;
    final int end;
    final boolean begin;
    final String label;

    Marker(int start, int end, boolean begin, String label) {
      this.start = start;
      this.end = end;
      this.begin = begin;
      this.label = label;
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
