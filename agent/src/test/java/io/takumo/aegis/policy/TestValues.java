package io.takumo.aegis.policy;

import java.util.Random;

/** Secret-shaped values made at run time (seeded), so that none sits in the source. */
public final class TestValues {

  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String ALNUM = UPPER + "abcdefghijklmnopqrstuvwxyz0123456789";

  private final Random random = new Random(7);

  public String chars(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  public String alnum(int n) {
    return chars(ALNUM, n);
  }

  /** An AWS access key id in the real shape. */
  public String awsKeyId() {
    return "AKIA" + chars(UPPER + "234567", 16);
  }

  /** A value for the policy tests' custom rule {@code acme_} + 32 alphanumerics. */
  public String acmeKey() {
    return "acme_" + alnum(32);
  }

  /** A password that passes the generic rules' plausibility checks. */
  public String password() {
    return "Qz7!" + alnum(10) + "#x";
  }
}
