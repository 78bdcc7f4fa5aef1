package io.takumo.aegis.detect;

import java.util.Arrays;

/**
 * Every keyword occurrence of one text, from the detector's single prefilter pass, and a selection
 * of them for one rule: so each rule works from the occurrences instead of scanning the text again.
 */
final class KeywordOccurrences implements KeywordScanner.Listener {

  private final int[] keywordLengths;
  private int[] allKeywords = new int[16];
  private int[] allEnds = new int[16];
  private int total;

  /** The selection made by {@link #of}: ends and lengths, in order of end. */
  int[] ends = new int[16];
  int[] lengths = new int[16];
  int count;

  KeywordOccurrences(int[] keywordLengths) {
    this.keywordLengths = keywordLengths;
  }

  @Override
  public void found(int keyword, int end) {
    if (total == allEnds.length) {
      allKeywords = Arrays.copyOf(allKeywords, total * 2);
      allEnds = Arrays.copyOf(allEnds, total * 2);
    }
    allKeywords[total] = keyword;
    allEnds[total++] = end;
  }

  /** Selects the occurrences of any of {@code keywords}; returns whether there are any. */
  boolean of(int[] keywords) {
    count = 0;
    for (int i = 0; i < total; i++) {
      if (contains(keywords, allKeywords[i])) {
        if (count == ends.length) {
          ends = Arrays.copyOf(ends, count * 2);
          lengths = Arrays.copyOf(lengths, count * 2);
        }
        ends[count] = allEnds[i];
        lengths[count++] = keywordLengths[allKeywords[i]];
      }
    }
    return count > 0;
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
