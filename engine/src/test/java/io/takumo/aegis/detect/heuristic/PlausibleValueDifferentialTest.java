package io.takumo.aegis.detect.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PlausibleValue}'s hand-written shape tests against the RE2/J regexes they replaced (kept
 * here only), on known shapes and on generated values made of the chars that matter to them.
 */
class PlausibleValueDifferentialTest {

  private static final Pattern PLACEHOLDER_SHAPE =
      Pattern.compile(
          "^(?:"
              + "\\$[{(A-Za-z_].*|\\\\\\$[{(A-Za-z_].*"
              + "|\\{\\{.*|\\{%.*|#\\{.*"
              + "|%[A-Za-z_][A-Za-z0-9_]*%|%s|%\\([A-Za-z_][A-Za-z0-9_]*\\)s"
              + "|<.*>|\\[.*\\]"
              + "|\\{[A-Za-z_][A-Za-z0-9_.-]*\\}"
              + "|@[A-Za-z_][A-Za-z0-9_.-]*@"
              + "|![A-Za-z]+"
              + ")$");

  private static final Pattern PLACEHOLDER_MARK =
      Pattern.compile(
          "\\.\\.\\.|…|\\\\u2026|\\*\\*\\*|•••|###|(?i:change[_-]?me|placeholder|redact|example"
              + "|dummy|replace|[_-]here$)");

  /** The four-letter words, anywhere; in a value of mixed classes, only touching an end or a mark. */
  private static final Pattern FOUR_LETTER = Pattern.compile("(?i:xxxx|your)");
  private static final Pattern FOUR_LETTER_AT_EDGE =
      Pattern.compile("(?:^|[^A-Za-z0-9])(?i:xxxx|your)|(?i:xxxx|your)(?:[^A-Za-z0-9]|$)");
  private static final Pattern MIXED =
      Pattern.compile("(?s)[a-z].*[A-Z]|[A-Z].*[a-z]|[a-z].*[0-9]|[0-9].*[a-z]|[A-Z].*[0-9]|[0-9].*[A-Z]");

  private static boolean hasMark(String v) {
    Pattern four = MIXED.matcher(v).find() ? FOUR_LETTER_AT_EDGE : FOUR_LETTER;
    return PLACEHOLDER_MARK.matcher(v).find() || four.matcher(v).find();
  }

  private static final Pattern NUMBER_LIKE =
      Pattern.compile(
          "^(?:[+-]?[0-9][0-9_.,:/-]*[A-Za-z]{0,2}|0[xX][0-9A-Fa-f_]{1,16}[lLuU]{0,2})$");

  private static final Pattern MEMBER_CHAIN =
      Pattern.compile("^[A-Za-z_]{1,32}(?:\\.[A-Za-z_]{1,32})+$");

  private static final Pattern PUBLIC_VALUE =
      Pattern.compile(
          "^(?:arn:aws[a-z-]*:|(?i:sha1|sha224|sha256|sha384|sha512|md5)[:-]|data:[a-z]+/"
              + "|ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-|sk-(?:ssh|ecdsa)-|-----BEGIN (?:PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY)"
              + "|pk_(?:live|test)_|pk\\.eyJ)"
              + "|\\.apps\\.googleusercontent\\.com$");

  private static final Pattern PATH_OR_URL =
      Pattern.compile("^(?:~|\\.{1,2})?/|^[A-Za-z]:\\\\|://");

  private static final String[] SHAPES = {
    "${DB_PASSWORD}", "$(cat x)", "$VAR", "$_x", "$1abc", "$", "{{ secret }}", "{% x %}", "%VAR%",
    "%s", "%(name)s", "%(1x)s", "%%", "%s%", "%a%", "<your-key>", "<a\nb>", "[REDACTED]",
    "{USERNAME}", "Checking\\u2026", "{a.b-c}", "{1x}", "{}", "@VERSION@", "@db.password@",
    "@1x@", "@@", "@a", "!vault", "!Ref", "!", "!x1", "!a!",
    "\\$VERSION\\$", "\\$", "\\${x}", "abc...", "a…b", "***", "•••", "###", "XXXX", "YourKey",
    "change-me", "CHANGE_ME", "changeme", "Placeholder", "ReDaCtEd", "example", "dummy1", "REPLACE",
    "key_here", "key-HERE", "keyhere", "_here", "1024", "+1.5", "-3", "2024-01-31", "30s", "30sec",
    "0xCE536358L", "0x", "0x_", "0xABCDEF0123456789", "0xABCDEF01234567890", "0x12uL", "0x12LLL",
    "a.b", "process.env.API_KEY", "a..b", ".a", "a.", "a.b1", "arn:aws:iam::1:user/x", "arn:aws-cn:s3",
    "arn:awsX:", "sha256-abc", "SHA1:x", "\u017Fha1:x", "md5", "md5-", "data:image/png;base64,x",
    "data:/x", "ssh-ed25519 AAAA", "ecdsa-sha2-nistp256", "sk-ssh-x", "-----BEGIN CERTIFICATE-----",
    "pk_live_x", "pk.eyJx", "1-abc.apps.googleusercontent.com", "/etc/x", "~/x", "./x", "../x",
    ".../x", "C:\\x", "c:/x", "https://x", "a://", "", "a", "Summer2024!", "live_93kd8s7d6f5g4h3j"
  };

  @Test
  void handWrittenShapesAgreeWithTheRegexes() {
    List<String> values = new ArrayList<>(List.of(SHAPES));
    Random random = new Random(5);
    String chars = "$%{}<>[]().:/\\_-+~0xXaAlLsSuU19eEhHrRyYoO\n \u017F\u212A…•*#@!";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder();
      if (random.nextInt(3) == 0) {
        sb.append(SHAPES[random.nextInt(SHAPES.length)]);
      }
      for (int k = random.nextInt(8); k > 0; k--) {
        sb.append(chars.charAt(random.nextInt(chars.length())));
      }
      if (random.nextInt(3) == 0) {
        sb.append(SHAPES[random.nextInt(SHAPES.length)]);
      }
      values.add(sb.toString());
    }
    for (String v : values) {
      assertEquals(
          PLACEHOLDER_SHAPE.matcher(v).find(), PlausibleValue.hasPlaceholderShape(v), () -> "shape: " + v);
      assertEquals(
          hasMark(v), PlausibleValue.hasPlaceholderMark(v), () -> "mark: " + v);
      assertEquals(NUMBER_LIKE.matcher(v).find(), PlausibleValue.isNumberLike(v), () -> "number: " + v);
      assertEquals(PUBLIC_VALUE.matcher(v).find(), PlausibleValue.isPublicValue(v), () -> "public: " + v);
      assertEquals(MEMBER_CHAIN.matcher(v).find(), PlausibleValue.isMemberChain(v), () -> "member: " + v);
      assertEquals(PATH_OR_URL.matcher(v).find(), PlausibleValue.isPathOrUrl(v), () -> "path: " + v);
    }
  }
}
