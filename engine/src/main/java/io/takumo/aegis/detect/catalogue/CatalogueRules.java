package io.takumo.aegis.detect.catalogue;

import io.takumo.aegis.detect.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The provider catalogue: hundreds of token formats kept as one line of facts each in {@code
 * catalogue.txt} (beside this class), with a synthetic sample and a look-alike that the tests
 * check, and from which {@code docs/detection-rules.md} is generated.
 *
 * <p>Reading the table is cheap (a few ms); each rule compiles its regex only when its keyword
 * first occurs in a text (see {@link CatalogueRule}), so the catalogue adds almost nothing to the
 * agent's start-up.
 */
final class CatalogueRules {

  static final String RESOURCE = "catalogue.txt";

  private CatalogueRules() {}

  /** How a line's regex is used. */
  enum Kind {
    /** A token that starts with one of the keywords, case and all: {@code tskey-auth-…}. */
    PREFIX("p"),
    /**
     * A token with a fixed marker inside it, at most {@code before} chars after its start ({@code
     * …AZDO…}): the keywords are that marker, case and all.
     */
    MARKER("m"),
    /**
     * A value of the provider's shape right after a name that holds the provider's name (one of
     * the keywords, any case) and a credential word ({@code key}, {@code token}…): {@code
     * ALGOLIA_ADMIN_KEY=…}, {@code "sentry auth token": "…"}. For keys with no prefix.
     */
    NAMED("n");

    final String code;

    Kind(String code) {
      this.code = code;
    }
  }

  /** One line of the catalogue. */
  static final class Entry {
    final String id;
    final String hint;
    final Kind kind;
    /** For {@link Kind#MARKER}: how far before the marker the token may start. */
    final int before;
    /**
     * How far past its keyword a token is looked for: {@link TokenRules#TOKEN_WINDOW}, or more for
     * the few formats that run longer (a Kerberos ticket).
     */
    final int window;
    /** The keywords in lower case, as {@link Rule#keywords} gives them. */
    final List<String> keywords;
    /** The keywords as written: for prefixes and markers, the case an occurrence must have. */
    final List<String> exactKeywords;
    final String regex;
    /** A template of a fake secret: {@code {H:32}} is 32 random chars of alphabet {@code H}. */
    final String sample;
    /** A template of a string of nearly the format that the rule must not match. */
    final String lookAlike;
    /** A line the sample is found in, {@code %s} standing for it. */
    final String context;
    final String description;

    Entry(String id, String hint, Kind kind, int before, int window, List<String> exactKeywords,
        String regex,
        String sample, String lookAlike, String context, String description) {
      this.id = id;
      this.hint = hint;
      this.kind = kind;
      this.before = before;
      this.window = window;
      this.exactKeywords = exactKeywords;
      List<String> lower = new ArrayList<>();
      for (String k : exactKeywords) {
        lower.add(k.toLowerCase(Locale.ROOT));
      }
      this.keywords = Collections.unmodifiableList(lower);
      this.regex = regex;
      this.sample = sample;
      this.lookAlike = lookAlike;
      this.context = context;
      this.description = description;
    }
  }

  private static volatile List<Entry> entries;

  /** The catalogue's lines, in order. */
  static List<Entry> entries() {
    List<Entry> e = entries;
    if (e == null) {
      e = Collections.unmodifiableList(read());
      entries = e;
    }
    return e;
  }

  /** The catalogue's rules, in order; none has compiled its regex yet. */
  static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Entry entry : entries()) {
      rules.add(new CatalogueRule(entry));
    }
    return rules;
  }

  private static List<Entry> read() {
    InputStream in = CatalogueRules.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("missing resource " + RESOURCE);
    }
    List<Entry> out = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (!line.isEmpty() && line.charAt(0) != '#') {
          out.add(parse(line, number));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The runs of non-space chars of {@code s}. */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int end = s.indexOf(' ', i);
      end = end < 0 ? s.length() : end;
      if (end > i) {
        out.add(s.substring(i, end));
      }
      i = end + 1;
    }
    return out;
  }

  /**
   * {@code id hint kind keywords regex sample look-alike | context | description}: the first seven
   * fields hold no space; kind is {@code p}, {@code n} or {@code m<before>}, {@code p} and {@code
   * n} optionally followed by a longer window; keywords are split at commas.
   */
  static Entry parse(String line, int number) {
    // Plain indexOf, not String.split: a regex per line would double the table's start-up cost.
    int bar1 = line.indexOf(" | ");
    int bar2 = bar1 < 0 ? -1 : line.indexOf(" | ", bar1 + 3);
    List<String> fields = bar1 < 0 ? Collections.emptyList() : words(line.substring(0, bar1));
    if (bar2 < 0 || fields.size() != 7) {
      throw new IllegalStateException(RESOURCE + " line " + number + ": malformed");
    }
    String kindCode = fields.get(2);
    Kind kind = null;
    int before = 0;
    for (Kind k : Kind.values()) {
      if (kindCode.startsWith(k.code)) {
        kind = k;
      }
    }
    if (kind == null) {
      throw new IllegalStateException(RESOURCE + " line " + number + ": unknown kind");
    }
    int window = TokenRules.TOKEN_WINDOW;
    if (kind == Kind.MARKER) {
      before = Integer.parseInt(kindCode.substring(1));
    } else if (kindCode.length() > 1) {
      window = Integer.parseInt(kindCode.substring(1));
    }
    List<String> keywords = Collections.unmodifiableList(Arrays.asList(fields.get(3).split(",")));
    return new Entry(fields.get(0), fields.get(1), kind, before, window, keywords,
        fields.get(4), fields.get(5), fields.get(6),
        line.substring(bar1 + 3, bar2).trim(), line.substring(bar2 + 3).trim());
  }
}
