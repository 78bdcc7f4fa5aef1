package io.takumo.aegis.detect.heuristic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The secret-sounding names of the generic assignment rules, matched by hand at a keyword
 * occurrence. A name word starts a part of the name: at a word boundary ({@code password}, {@code
 * x-api-key}), after {@code _} ({@code DB_PASSWORD}), or capitalised after a lower-case letter or
 * digit ({@code dbPassword}); it is matched ignoring case, and trailing digits belong to the name
 * ({@code password2}). A word whose meaning does not depend on where it starts ({@code password},
 * {@code secret}, {@code token}; not {@code pass}, {@code pwd} or {@code auth}, which end {@code
 * bypass}, {@code OLDPWD} and {@code oauth}) may also be glued to the letters before it, in any
 * case: {@code PGPASSWORD}, {@code clientsecret}. The same grammar as {@link
 * io.takumo.aegis.detect.rule.AssignmentRules#name}, whose regex the differential test runs beside
 * this.
 *
 * <p>Each word is a sequence of pieces, and each piece a list of alternatives in the regex's order
 * of preference ({@code ""} for an optional piece): {@code pass(?:word|wd|phrase)?} is {@code
 * {"pass"}, {"word", "wd", "phrase", ""}}.
 */
public final class AssignmentName {

  /** Receives each place where a name may end, in order of preference; true stops the search. */
  public interface EndListener {
    boolean nameEndsAt(int end);
  }

  static final String[][][] PASSWORD_WORDS = {
    {{"pass"}, {"word", "wd", "phrase", ""}},
    {{"pwd"}},
  };

  /** The password words that may be glued to the letters before them: not {@code pass} alone. */
  static final String[][][] GLUED_PASSWORD_WORDS = {
    {{"pass"}, {"word", "wd", "phrase"}},
  };

  /** The secret words that may be glued to the letters before them: all but {@code auth}. */
  static final String[][][] GLUED_SECRET_WORDS = {
    {{"secret"}, {"_key", "-key", " key", "key", ""}, {"_base", "base", ""}},
    {{"api"}, {"_", "-", " ", ""}, {"key"}},
    {{"token"}, {"s", ""}},
    {{"private"}, {"_", "-", " ", ""}, {"key"}},
    {{"credential"}, {"s", ""}},
    {{"access"}, {"_", "-", " ", ""}, {"key"}},
  };

  static final String[][][] SECRET_WORDS =
      concat(GLUED_SECRET_WORDS, new String[][][] {{{"auth"}}});

  private final String[][][] words;

  /**
   * Per word, the lower-case ASCII letter it must start with, or 0 if it may start with several:
   * a keyword occurrence, which is ASCII, is then tested against the one word it can start.
   */
  private final char[] firstLetters;

  /** The words that may be glued to the letters before them, and their first letters. */
  private final String[][][] gluedWords;

  private final char[] gluedFirstLetters;

  AssignmentName(String[][][] words, String[][][] gluedWords) {
    this.words = words;
    this.firstLetters = firstLetters(words);
    this.gluedWords = gluedWords;
    this.gluedFirstLetters = firstLetters(gluedWords);
  }

  /** The built-in password words. */
  public static AssignmentName passwords() {
    return new AssignmentName(PASSWORD_WORDS, GLUED_PASSWORD_WORDS);
  }

  private static char[] firstLetters(String[][][] words) {
    char[] letters = new char[words.length];
    for (int w = 0; w < words.length; w++) {
      String[] first = words[w][0];
      char c = first.length == 1 && !first[0].isEmpty() ? first[0].charAt(0) : 0;
      letters[w] = isLowerAscii(c) ? c : 0;
    }
    return letters;
  }

  private static String[][][] concat(String[][][] a, String[][][] b) {
    String[][][] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /**
   * The built-in secret words and then, for each name, its words joined by optional {@code _.-}.
   * A policy's names are not glued to the letters before them: their first word may be short.
   */
  public static AssignmentName secretWithExtra(List<List<String>> extraNames) {
    List<String[][]> all = new ArrayList<>();
    for (String[][] word : SECRET_WORDS) {
      all.add(word);
    }
    for (List<String> name : extraNames) {
      String[][] pieces = new String[name.size() * 2 - 1][];
      for (int w = 0; w < name.size(); w++) {
        pieces[w * 2] = new String[] {name.get(w)};
        if (w > 0) {
          pieces[w * 2 - 1] = new String[] {"_", ".", "-", ""};
        }
      }
      all.add(pieces);
    }
    return new AssignmentName(all.toArray(new String[0][][]), GLUED_SECRET_WORDS);
  }

  /**
   * Reports to {@code listener}, in order of preference, each end of a name that starts at {@code
   * start} (the start of a keyword occurrence) and lies before {@code limit}, trailing digits
   * included, until the listener accepts one. {@code from} is the first char that may be looked
   * at: before it, the name counts as starting at a word boundary.
   *
   * @return whether the listener accepted an end
   */
  public boolean match(CharSequence text, int from, int start, int limit, EndListener listener) {
    boolean exactCapital;
    boolean glued;
    if (start <= from) {
      exactCapital = false;
      glued = false;
    } else {
      char before = text.charAt(start - 1);
      if (!isWordChar(before) || before == '_') {
        exactCapital = false;
        glued = false;
      } else if ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) {
        exactCapital = true; // camelCase: dbPassword, s3Token; failing that, glued: dbpassword
        glued = true;
      } else {
        // An upper-case letter before: only a glued word (PGPASSWORD), never DBPASS or OAUTH.
        return matchWords(text, gluedWords, gluedFirstLetters, start, limit, false, listener);
      }
    }
    return matchWords(text, words, firstLetters, start, limit, exactCapital, listener)
        || (glued
            && matchWords(text, gluedWords, gluedFirstLetters, start, limit, false, listener));
  }

  private static boolean matchWords(
      CharSequence text,
      String[][][] words,
      char[] firstLetters,
      int start,
      int limit,
      boolean exactCapital,
      EndListener listener) {
    char first = start < limit ? text.charAt(start) : 0;
    char firstLower = first >= 'A' && first <= 'Z' ? (char) (first + 32) : first;
    for (int w = 0; w < words.length; w++) {
      // An ASCII char that is not the word's first letter in either case fails it at once.
      if (first < 128 && firstLetters[w] != 0 && firstLower != firstLetters[w]) {
        continue;
      }
      if (matchPieces(text, words[w], 0, start, limit, exactCapital, listener)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchPieces(
      CharSequence text,
      String[][] word,
      int piece,
      int pos,
      int limit,
      boolean exactCapital,
      EndListener listener) {
    if (piece == word.length) {
      int end = pos;
      while (end < limit && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
        end++;
      }
      return listener.nameEndsAt(end);
    }
    for (String alternative : word[piece]) {
      if (regionMatches(text, pos, limit, alternative, exactCapital && piece == 0)
          && matchPieces(text, word, piece + 1, pos + alternative.length(), limit, false, listener)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text} at {@code pos} holds {@code lower} ignoring case (with the regex's case
   * folding, where the Kelvin sign is a {@code k} and the long s an {@code s}); with {@code
   * exactCapital}, the first char must be its ASCII capital.
   */
  private static boolean regionMatches(
      CharSequence text, int pos, int limit, String lower, boolean exactCapital) {
    if (pos + lower.length() > limit) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = text.charAt(pos + i);
      char l = lower.charAt(i);
      if (i == 0 && exactCapital) {
        if (c != (char) (l - 'a' + 'A')) {
          return false;
        }
      } else if (c != l && !(isLowerAscii(l) && c == (char) (l - 'a' + 'A'))
          && !(l == 'k' && c == '\u212A') && !(l == 's' && c == '\u017F')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAscii(char c) {
    return c >= 'a' && c <= 'z';
  }

  /** A regex word char: ASCII letters, digits and {@code _}. */
  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
