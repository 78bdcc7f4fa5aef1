package io.takumo.aegis.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tells which of a fixed set of ASCII keywords occur in a text, ignoring case, in one pass over
 * the text and without copying it: an Aho–Corasick automaton with a complete transition table, so
 * each char costs one table lookup.
 */
final class KeywordPrefilter {

  private static final int ASCII = 128;

  private final int keywordCount;
  /** {@code next[state * ASCII + c]}: the state after reading {@code c}; upper case folds. */
  private final int[] next;
  /** The keywords (by index) that end when the automaton enters a state; null for none. */
  private final int[][] endingAt;

  KeywordPrefilter(List<String> keywords) {
    keywordCount = keywords.size();
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> ending = new ArrayList<>();
    addState(trie, ending);
    for (int k = 0; k < keywordCount; k++) {
      String word = keywords.get(k).toLowerCase(Locale.ROOT);
      if (word.isEmpty()) {
        throw new IllegalArgumentException("empty keyword");
      }
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        if (c >= ASCII) {
          throw new IllegalArgumentException("keyword is not ASCII: " + word);
        }
        if (trie.get(state)[c] < 0) {
          trie.get(state)[c] = addState(trie, ending);
        }
        state = trie.get(state)[c];
      }
      ending.get(state).add(k);
    }
    completeTransitions(trie, ending);

    int states = trie.size();
    next = new int[states * ASCII];
    endingAt = new int[states][];
    for (int s = 0; s < states; s++) {
      int[] row = trie.get(s);
      for (int c = 0; c < ASCII; c++) {
        next[s * ASCII + c] = row[Character.toLowerCase(c)];
      }
      List<Integer> words = ending.get(s);
      if (!words.isEmpty()) {
        endingAt[s] = words.stream().mapToInt(Integer::intValue).distinct().toArray();
      }
    }
  }

  private static int addState(List<int[]> trie, List<List<Integer>> ending) {
    int[] row = new int[ASCII];
    Arrays.fill(row, -1);
    trie.add(row);
    ending.add(new ArrayList<>());
    return trie.size() - 1;
  }

  /**
   * Turns the trie into the automaton: fills each missing edge with the edge of the state's longest
   * proper suffix that is also a trie prefix, breadth first so that suffix is always done first.
   */
  private static void completeTransitions(List<int[]> trie, List<List<Integer>> ending) {
    int[] suffixOf = new int[trie.size()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int[] root = trie.get(0);
    for (int c = 0; c < ASCII; c++) {
      if (root[c] < 0) {
        root[c] = 0;
      } else {
        suffixOf[root[c]] = 0;
        queue.add(root[c]);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      ending.get(s).addAll(ending.get(suffixOf[s]));
      int[] row = trie.get(s);
      int[] suffixRow = trie.get(suffixOf[s]);
      for (int c = 0; c < ASCII; c++) {
        if (row[c] < 0) {
          row[c] = suffixRow[c];
        } else {
          suffixOf[row[c]] = suffixRow[c];
          queue.add(row[c]);
        }
      }
    }
  }

  /** Which keywords occur in {@code text}, by index. */
  boolean[] presentIn(CharSequence text) {
    boolean[] present = new boolean[keywordCount];
    int missing = keywordCount;
    int state = 0;
    for (int i = 0, n = text.length(); i < n && missing > 0; i++) {
      char c = text.charAt(i);
      // No keyword contains a non-ASCII char, so one sends the automaton back to its start.
      state = c < ASCII ? next[state * ASCII + c] : 0;
      int[] words = endingAt[state];
      if (words != null) {
        for (int k : words) {
          if (!present[k]) {
            present[k] = true;
            missing--;
          }
        }
      }
    }
    return present;
  }
}
