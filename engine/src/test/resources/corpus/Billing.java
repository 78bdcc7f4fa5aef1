package dev.acme.billing;

import java.net.URI;
import java.net.http.HttpRequest;

/** Talks to the payment and ticketing providers. */
final class Billing {

  // Looked up at run time: no secret here.
  private final String password = System.getenv("BILLING_DB_PASSWORD");
  private final String apiKey = secrets.get("stripe/api-key");
  private final String token = tokenProvider.currentToken();

  // A test fixture someone hard-coded.
  private static final String ATLASSIAN = "⟦atlassian-api-token⟧";
  private static final String POSTMAN = "⟦postman-api-key⟧";
  private static final String SQUARE = "⟦square-access-token⟧";
  private static final String SQUARE_SECRET = "⟦square-oauth-secret⟧";
  private static final String DB_URL = "jdbc:sqlserver://sql.internal:1433;databaseName=billing;user=billing;password=⟦password-assignment⟧;encrypt=true";
  private static final String ADMIN_KEY = "sk-ant-admin01-...";
  private static final String DOCS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String DOCS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8";
  private static final String ROLE = "arn:aws:iam::210987654321:role/billing-reader";

  HttpRequest charge(String body) {
    return HttpRequest.newBuilder(URI.create("https://api.stripe.com/v1/charges"))
        .header("Authorization", "Bearer " + apiKey)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  Connection ledger(String url) throws SQLException {
    return DriverManager.getConnection(url, "ledger", "⟦credential-call-password⟧");
  }

  Connection reports(String url) throws SQLException {
    return DriverManager.getConnection(url, System.getenv("REPORTS_USER"), reportsPassword());
  }
}
