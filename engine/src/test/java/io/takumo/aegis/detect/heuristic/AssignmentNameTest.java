package io.takumo.aegis.detect.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where {@link AssignmentName} finds a name that starts at a given char. Names are tested only
 * against the word their first letter can start; these cases pin that every word is still tried
 * in every case style, and that a non-ASCII first char (which the regex folds: the long s, the
 * Kelvin sign) still tries them all.
 */
class AssignmentNameTest {

  private static final AssignmentName SECRET = AssignmentName.secretWithExtra(List.of());
  private static final AssignmentName PASSWORD = AssignmentName.passwords();
  private static final AssignmentName EXTRA =
      AssignmentName.secretWithExtra(
          List.of(List.of("signing", "key"), List.of("vault", "unseal")));

  /** The name ends found at {@code start}, in order of preference, as "end,end,…". */
  private static String ends(AssignmentName names, String text, int start) {
    List<Integer> ends = new ArrayList<>();
    names.match(text, Math.max(0, start - 1), start, text.length(), end -> {
      ends.add(end);
      return false;
    });
    return ends.toString().replaceAll("[\\[\\] ]", "");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "secret=    | 0 | 6",
        "SECRET_KEY= | 0 | 10,6",
        "xSecretKey= | 1 | 10,7,10,7",
        "api_key=   | 0 | 7",
        "ApiKey=    | 0 | 6",
        "tokens=    | 0 | 6,5",
        "TOKEN2=    | 0 | 6",
        "private-key= | 0 | 11",
        "Credentials= | 0 | 11,10",
        "access_key= | 0 | 10",
        "AUTH=      | 0 | 4",
        "dbAuth=    | 2 | 6",
        "ſecret=    | 0 | 6",
        "api_Key=   | 0 | 7",
        "xsecret=   | 1 | 7",
        "CLIENTSECRET= | 6 | 12",
        "API key:   | 0 | 7",
        "secret key: | 0 | 10,6",
        "csrftoken= | 4 | 9",
        "oauth=     | 1 | ''",
        "OAUTH=     | 1 | ''",
        "SECRETS=   | 0 | 6",
        "ƒoken=     | 0 | ''",
      })
  void secretNames(String text, int start, String expected) {
    assertEquals(expected, ends(SECRET, text, start));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "password=   | 0 | 8,4",
        "PASSWD=     | 0 | 6,4",
        "Passphrase= | 0 | 10,4",
        "pwd=        | 0 | 3",
        "PWD1=       | 0 | 4",
        "dbPass=     | 2 | 6",
        "paſſword=   | 0 | 8,4",
        "ſecret=     | 0 | ''",
        "PGPASSWORD= | 2 | 10",
        "dbpassword= | 2 | 10",
        "DBPASS=     | 2 | ''",
        "bypass=     | 2 | ''",
        "OLDPWD=     | 3 | ''",
      })
  void passwordNames(String text, int start, String expected) {
    assertEquals(expected, ends(PASSWORD, text, start));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "signing_key=  | 0 | 11",
        "SigningKey=   | 0 | 10",
        "vault.unseal= | 0 | 12",
        "secret=       | 0 | 6",
      })
  void extraNames(String text, int start, String expected) {
    assertEquals(expected, ends(EXTRA, text, start));
  }
}
