package io.takumo.aegis.detect.rule;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.detect.heuristic.AssignmentName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for secrets assigned to a telling name, as in env lines, YAML, properties, JSON and code:
 * {@code DB_PASSWORD=…}, {@code "apiKey": "…"}, {@code client_secret := "…"}. The finding is the
 * value only.
 */
public final class AssignmentRules {

  /**
   * Between a name and its value: a closing quote (maybe JSON-escaped) or bracket, then {@code =},
   * {@code :}, {@code =>} or {@code :=}. Spaces but no newline, so a YAML key with a nested block
   * has no value.
   */
  public static final String SEPARATOR = "(?:\\\\?[\"'])?\\]?[ \\t]*(?:=>|:=|=|:)[ \\t]*";

  /**
   * How many name chars may follow a built-in keyword: {@code word2} of {@code password2}, {@code
   * _key_base} of Rails' {@code secret_key_base}. An {@code Authorization} header passes this gate
   * and fails the name ({@code auth} is not followed by a name's end).
   */
  static final int BUILTIN_NAME_TAIL = 9;

  /** The same when a policy adds names, whose keyword is their first word: {@code signing_key}. */
  private static final int EXTRA_NAME_TAIL = 48;

  /**
   * Name endings that mark a password (regex fragments, lower case), for whole names ({@link
   * AssignedValue}); {@link AssignmentName#PASSWORD_WORDS} holds the same for the matcher.
   */
  static final String[] PASSWORD_NAMES = {"pass(?:word|wd|phrase)?", "pwd"};

  /**
   * The password name endings that may be glued to the letters before them ({@code PGPASSWORD});
   * {@link AssignmentName#GLUED_PASSWORD_WORDS} holds the same for the matcher.
   */
  static final String[] GLUED_PASSWORD_NAMES = {"pass(?:word|wd|phrase)"};

  /** Name endings that mark another kind of secret (as {@link #PASSWORD_NAMES}). */
  static final String[] SECRET_NAMES = {
    "secret(?:[_ -]?key)?(?:_?base)?", // secret_key_base: Rails
    "api[_ -]?key",
    "tokens?",
    "private[_ -]?key",
    "credentials?",
    "access[_ -]?key",
    "auth"
  };

  /** The secret name endings that may be glued to the letters before them: all but {@code auth}. */
  static final String[] GLUED_SECRET_NAMES = Arrays.copyOf(SECRET_NAMES, SECRET_NAMES.length - 1);

  private AssignmentRules() {}

  /** Values of names like {@code password}, {@code DB_PASS}, {@code userPwd}. */
  public static Rule password() {
    return new AssignmentMatcher(
        "password-assignment",
        "pwd",
        Arrays.asList("pass", "pwd"),
        AssignmentName.passwords(),
        BUILTIN_NAME_TAIL,
        true);
  }

  /** Values of names like {@code client_secret}, {@code X-Api-Key}, {@code accessToken}. */
  public static Rule secret() {
    return secret(Collections.<String>emptyList());
  }

  /**
   * As {@link #secret()}, and also for names ending in one of {@code extraNames}, which a policy
   * adds, in any case and separator style: {@code signing_key} also finds {@code SIGNING_KEY=…},
   * {@code signingKey: …}, {@code signing-key …} and {@code --signing-key …}, and names a whole
   * value ({@link SecretDetector#findNamed}). Each name is a letter, then letters, digits, {@code _}
   * and {@code -}.
   */
  public static Rule secret(Collection<String> extraNames) {
    Set<String> keywords = new LinkedHashSet<>(SECRET_KEYWORDS);
    List<List<String>> extraWords = new ArrayList<>();
    List<String> extraFragments = new ArrayList<>();
    for (String extra : extraNames) {
      List<String> words = words(extra);
      extraWords.add(words);
      extraFragments.add(String.join("[_.-]?", words));
      keywords.add(words.get(0));
    }
    Rule rule =
        new AssignmentMatcher(
            "secret-assignment",
            "sec",
            Collections.unmodifiableList(new ArrayList<>(keywords)),
            AssignmentName.secretWithExtra(extraWords),
            extraNames.isEmpty() ? BUILTIN_NAME_TAIL : EXTRA_NAME_TAIL,
            false);
    return extraNames.isEmpty()
        ? rule
        : new ExtraNameRule(rule, name(extraFragments.toArray(new String[0]), new String[0]));
  }

  /** The keywords of {@link #secret()}: each name word's start, in every separator style. */
  static final List<String> SECRET_KEYWORDS =
      Collections.unmodifiableList(
          Arrays.asList(
              "secret",
              "token",
              "apikey",
              "api_key",
              "api-key",
              "api key",
              "privatekey",
              "private_key",
              "private-key",
              "private key",
              "credential",
              "accesskey",
              "access_key",
              "access-key",
              "access key",
              "secret key",
              "auth"));

  /** The lower-case words of a name: {@code "dbSessionKey"} and {@code "DB_SESSION-KEY"} alike. */
  static List<String> words(String name) {
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a name (a letter, then letters, digits, _ and -)");
    }
    List<String> words = new ArrayList<>();
    for (String part : name.split("[_-]+")) {
      for (String word : part.split("(?<=[a-z0-9])(?=[A-Z])")) {
        if (!word.isEmpty()) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
    }
    return words;
  }

  /**
   * A name ending in one of {@code words} (regex fragments in lower case), matched ignoring case,
   * where the word starts a part of the name: at its start or after {@code . -} ({@code password},
   * {@code x-api-key}), after {@code _} ({@code DB_PASSWORD}), or capitalised after a lower-case
   * letter or digit ({@code dbPassword}); or ending in one of {@code glued} right after a letter or
   * digit, in any case ({@code PGPASSWORD}). Trailing digits are allowed ({@code password2}). The
   * regex starts at most one char before the word, which suits a keyword window.
   */
  static String name(String[] words, String[] glued) {
    String anyCase = String.join("|", words);
    StringBuilder camel = new StringBuilder();
    for (String word : words) {
      camel
          .append(camel.length() == 0 ? "" : "|")
          .append(Character.toUpperCase(word.charAt(0)))
          .append("(?i:")
          .append(word.substring(1))
          .append(')');
    }
    String gluedTo = glued.length == 0 ? "" : "|[A-Za-z0-9](?i:" + String.join("|", glued) + ")";
    return "(?:\\b(?i:" + anyCase + ")|_(?i:" + anyCase + ")|[a-z0-9](?:" + camel + ")" + gluedTo
        + ")[0-9]*";
  }
}
