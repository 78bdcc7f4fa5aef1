package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordScannerTest {

  /** Which of the scanner's keywords occur in {@code text}, from its occurrence reports. */
  private static boolean[] present(KeywordScanner scanner, String text) {
    java.util.Set<Integer> seen = new java.util.TreeSet<>();
    scanner.scan(text, (keyword, end) -> seen.add(keyword));
    boolean[] present = new boolean[scanner.keywordCount()];
    seen.forEach(k -> present[k] = true);
    return present;
  }

  @Test
  void findsKeywordsIgnoringCase() {
    KeywordScanner p = new KeywordScanner(List.of("akia", "sk-", "password"));
    assertArrayEquals(new boolean[] {true, false, true}, present(p, "AKIA... and PassWord"));
  }

  @Test
  void overlappingAndNestedKeywords() {
    KeywordScanner p = new KeywordScanner(List.of("he", "she", "his", "hers"));
    assertArrayEquals(new boolean[] {true, true, false, true}, present(p, "ushers"));
  }

  @Test
  void keywordThatIsASuffixOfAFailedPrefix() {
    KeywordScanner p = new KeywordScanner(List.of("sk-ant-", "t-a"));
    assertArrayEquals(new boolean[] {false, true}, present(p, "sk-anxt-ab"));
  }

  @Test
  void nonAsciiCharsBreakAMatch() {
    KeywordScanner p = new KeywordScanner(List.of("token"));
    assertArrayEquals(new boolean[] {false}, present(p, "tok\u00e9n"));
    assertArrayEquals(new boolean[] {true}, present(p, "\u00e9\u4e2dtoken\u00e9"));
  }

  @Test
  void noKeywordsAndEmptyText() {
    assertArrayEquals(new boolean[0], present(new KeywordScanner(List.of()), "anything"));
    assertArrayEquals(new boolean[] {false}, present(new KeywordScanner(List.of("a")), ""));
  }

  @Test
  void nonAsciiOrEmptyKeywordsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new KeywordScanner(List.of("pa\u00df")));
    assertThrows(IllegalArgumentException.class, () -> new KeywordScanner(List.of("")));
  }

  /**
   * Against the plain definition (every keyword at every position, ASCII case ignored), on random
   * texts made of the keywords' own chars, upper case and non-ASCII ones: the same occurrences, in
   * order of end, the longer keyword first at one end, keywords of one spelling in their order.
   */
  @Test
  void reportsExactlyWhatAPlainSearchFindsInOrderOfEnd() {
    Random random = new Random(7);
    List<String> builtin = SecretDetector.withBuiltinRules().rules().stream()
        .flatMap(r -> r.keywords().stream()).distinct().collect(java.util.stream.Collectors.toList());
    String alphabet = "abcdeksp-_:/ABKS\u00e9\u212a 0";
    for (int round = 0; round < 1_000; round++) {
      List<String> keywords = new ArrayList<>();
      if (round % 4 == 0) {
        keywords.addAll(builtin);
      }
      int extra = 1 + random.nextInt(8);
      for (int k = 0; k < extra; k++) {
        keywords.add(randomText(random, "abcdeksp-_:/", 1 + random.nextInt(6)));
      }
      String text = round % 4 == 0 && random.nextBoolean()
          ? mix(random, builtin, alphabet)
          : randomText(random, alphabet, random.nextInt(300));
      assertEquals(plainSearch(keywords, text), scanned(new KeywordScanner(keywords), text),
          "keywords " + keywords + " in " + text);
    }
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Built-in keywords, some in upper case, between random chars. */
  private static String mix(Random random, List<String> keywords, String alphabet) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String word = keywords.get(random.nextInt(keywords.size()));
      sb.append(random.nextBoolean() ? word.toUpperCase(Locale.ROOT) : word);
      sb.append(randomText(random, alphabet, random.nextInt(4)));
    }
    return sb.toString();
  }

  private static List<String> scanned(KeywordScanner scanner, String text) {
    List<String> found = new ArrayList<>();
    scanner.scan(text, (keyword, end) -> found.add(keyword + "@" + end));
    return found;
  }

  private static List<String> plainSearch(List<String> keywords, String text) {
    List<int[]> found = new ArrayList<>(); // start, end, keyword
    for (int start = 0; start < text.length(); start++) {
      for (int k = 0; k < keywords.size(); k++) {
        String word = keywords.get(k);
        if (text.regionMatches(start, word, 0, word.length())
            || asciiLower(text, start, word.length()).equals(word.toLowerCase(Locale.ROOT))) {
          found.add(new int[] {start, start + word.length(), k});
        }
      }
    }
    found.sort(Comparator.<int[]>comparingInt(o -> o[1]).thenComparingInt(o -> o[0])
        .thenComparingInt(o -> o[2]));
    List<String> reports = new ArrayList<>();
    for (int[] o : found) {
      reports.add(o[2] + "@" + o[1]);
    }
    return reports;
  }

  /** {@code text[start, start+length)} with ASCII upper case lowered, or "" if it runs past the end. */
  private static String asciiLower(String text, int start, int length) {
    if (start + length > text.length()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(length);
    for (int i = start; i < start + length; i++) {
      char c = text.charAt(i);
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }
}
