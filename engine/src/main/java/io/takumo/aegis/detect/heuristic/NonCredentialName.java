package io.takumo.aegis.detect.heuristic;

/**
 * Secret-sounding names whose values grant nothing: a name that says its value is public ({@code
 * publicKeyToken}, {@code STRIPE_PUBLISHABLE_KEY}, {@code NEXT_PUBLIC_SUPABASE_ANON_KEY}), and a
 * token that marks a place in a list or a request ({@code nextPageToken}, {@code
 * NextContinuationToken}, {@code cancelToken}, AWS's {@code ClientToken} and {@code LockToken}).
 * Checked for each assigned value, so without allocating.
 */
public final class NonCredentialName {

  /** The words before {@code token} that make it a cursor or a request marker (lower case). */
  private static final String[] CURSOR_WORDS = {
    "next", "prev", "previous", "page", "continuation", "pagination", "cursor", "sync", "resume",
    "start", "starting", "end", "forward", "backward", "cancel", "cancellation", "idempotency",
    "marker", "lock", "change", "update", "client", "request", "input", "output"
  };

  /** How far back from its keyword a name is read for {@code public}. */
  private static final int MAX_NAME = 64;

  private NonCredentialName() {}

  /** Whether the name whose keyword is {@code text[keywordStart, keywordEnd)} grants nothing. */
  public static boolean at(CharSequence text, int keywordStart, int keywordEnd) {
    return isCursor(text, keywordStart, keywordEnd) || isPublic(text, keywordStart);
  }

  /** The word right before the keyword {@code token} is one of {@link #CURSOR_WORDS}. */
  private static boolean isCursor(CharSequence text, int keywordStart, int keywordEnd) {
    if (keywordEnd - keywordStart < 5 || !regionIs(text, keywordStart, "token")) {
      return false;
    }
    int end = keywordStart;
    while (end > 0 && isSeparator(text.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && Character.isLowerCase(text.charAt(start - 1))) {
      start--;
    }
    if (start < end) {
      if (start > 0 && Character.isUpperCase(text.charAt(start - 1))) {
        start--; // the capital of a camel-case word: nextPage|Token
      }
    } else {
      while (start > 0 && Character.isUpperCase(text.charAt(start - 1))) {
        start--; // an upper-case word: NEXT_PAGE_TOKEN
      }
    }
    for (String word : CURSOR_WORDS) {
      if (word.length() == end - start && regionIs(text, start, word)) {
        return true;
      }
    }
    return false;
  }

  /** The name, up to its keyword, holds {@code public} or {@code publishable}. */
  private static boolean isPublic(CharSequence text, int keywordStart) {
    int start = keywordStart;
    while (start > 0 && keywordStart - start < MAX_NAME && isNameChar(text.charAt(start - 1))) {
      start--;
    }
    for (int i = start; i + 6 <= keywordStart; i++) {
      if (regionIs(text, i, "public")
          || (i + 11 <= keywordStart && regionIs(text, i, "publishable"))) {
        return true; // not "publish": NPM_PUBLISH_TOKEN is a credential
      }
    }
    return false;
  }

  /** Whether {@code text} at {@code at} reads {@code lower}, ignoring case. */
  private static boolean regionIs(CharSequence text, int at, String lower) {
    if (at + lower.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if (Character.toLowerCase(text.charAt(at + i)) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSeparator(char c) {
    return c == '_' || c == '-' || c == '.';
  }

  private static boolean isNameChar(char c) {
    return AssignmentName.isWordChar(c) || isSeparator(c);
  }
}
