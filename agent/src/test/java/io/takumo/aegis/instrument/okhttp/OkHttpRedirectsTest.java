package io.takumo.aegis.instrument.okhttp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.protocol.GatewayKeys;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** Which follow-ups OkHttp may make in gateway mode (OkHttp 4.12's own requests). */
class OkHttpRedirectsTest {

  private final TestEngines gatewayMode = new TestEngines("mode", "gateway", "gateway-url", "https://gateway.example/v1",
      "api-key", "tk_test_key", "gateway-public-key", signingKey());
  private final OkHttpRedirects redirects = new OkHttpRedirects(gatewayMode.engine());

  @Test
  void aRoutedRequestDoesNotFollowARedirectToAnotherHost() throws Throwable {
    assertNull(redirects.followUp(routed("https://elsewhere.example/v1/chat/completions")));
    assertTrue(gatewayMode.log().contains("redirect to elsewhere.example") && gatewayMode.log().contains("does not follow it"),
        gatewayMode.log());
    assertFalse(gatewayMode.log().contains("tk_test_key"));
  }

  @Test
  void anotherSchemeOrPortOfTheGatewaysHostIsAnotherHost() throws Throwable {
    assertNull(redirects.followUp(routed("http://gateway.example/v1/chat/completions")));
    assertNull(redirects.followUp(routed("https://gateway.example:8443/v1/chat/completions")));
  }

  @Test
  void aRoutedRequestFollowsOneOnTheGateway() throws Throwable {
    Request next = routed("https://GATEWAY.example:443/v1/chat/completions");
    assertSame(next, redirects.followUp(next));
  }

  @Test
  void aRequestThatIsNotRoutedFollowsAnyRedirect() throws Throwable {
    Request next = new Request.Builder().url("https://elsewhere.example/").build();
    assertSame(next, redirects.followUp(next));
  }

  @Test
  void nothingIsStoppedOutsideGatewayMode() throws Throwable {
    Request next = routed("https://elsewhere.example/");
    assertSame(next, new OkHttpRedirects(new TestEngines().engine()).followUp(next));
  }

  private static Request routed(String url) {
    return new Request.Builder().url(url).header(Headers.SESSION, "s-1").header(Headers.SIGNATURE, "sig").build();
  }

  private static String signingKey() {
    try {
      return GatewayKeys.pem(GatewayKeys.generate().getPublic());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
