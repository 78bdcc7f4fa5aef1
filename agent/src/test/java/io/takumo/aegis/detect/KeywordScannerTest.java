package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordScannerTest {

  @Test
  void findsKeywordsIgnoringCase() {
    KeywordScanner p = new KeywordScanner(List.of("akia", "sk-", "password"));
    assertArrayEquals(new boolean[] {true, false, true}, p.presentIn("AKIA... and PassWord"));
  }

  @Test
  void overlappingAndNestedKeywords() {
    KeywordScanner p = new KeywordScanner(List.of("he", "she", "his", "hers"));
    assertArrayEquals(new boolean[] {true, true, false, true}, p.presentIn("ushers"));
  }

  @Test
  void keywordThatIsASuffixOfAFailedPrefix() {
    KeywordScanner p = new KeywordScanner(List.of("sk-ant-", "t-a"));
    assertArrayEquals(new boolean[] {false, true}, p.presentIn("sk-anxt-ab"));
  }

  @Test
  void nonAsciiCharsBreakAMatch() {
    KeywordScanner p = new KeywordScanner(List.of("token"));
    assertArrayEquals(new boolean[] {false}, p.presentIn("tok\u00e9n"));
    assertArrayEquals(new boolean[] {true}, p.presentIn("\u00e9\u4e2dtoken\u00e9"));
  }

  @Test
  void noKeywordsAndEmptyText() {
    assertArrayEquals(new boolean[0], new KeywordScanner(List.of()).presentIn("anything"));
    assertArrayEquals(new boolean[] {false}, new KeywordScanner(List.of("a")).presentIn(""));
  }

  @Test
  void nonAsciiOrEmptyKeywordsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new KeywordScanner(List.of("pa\u00df")));
    assertThrows(IllegalArgumentException.class, () -> new KeywordScanner(List.of("")));
  }
}
