package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
}
