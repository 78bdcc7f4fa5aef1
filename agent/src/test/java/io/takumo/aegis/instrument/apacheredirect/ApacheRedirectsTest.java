package io.takumo.aegis.instrument.apacheredirect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.protocol.GatewayKeys;
import org.apache.http.HttpVersion;
import org.apache.http.client.RedirectStrategy;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.impl.client.DefaultRedirectStrategy;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

/** Which redirects HttpClient 4's default strategy may follow in gateway mode, once guarded (HttpClient 4.5's own objects). */
class ApacheRedirectsTest {

  private final TestEngines gatewayMode = new TestEngines("mode", "gateway", "gateway-url", "https://gateway.example/v1",
      "api-key", "tk_test_key", "gateway-public-key", signingKey());
  private final RedirectStrategy guarded = guard(new ApacheRedirects(gatewayMode.engine()), DefaultRedirectStrategy.INSTANCE);

  @Test
  void aRoutedRequestDoesNotFollowARedirectToAnotherHost() throws Exception {
    assertFalse(guarded.isRedirected(routed(), seeOther("https://elsewhere.example/v1/chat/completions"), new BasicHttpContext()));
    assertTrue(gatewayMode.log().contains("redirect to elsewhere.example") && gatewayMode.log().contains("does not follow it"),
        gatewayMode.log());
    assertFalse(gatewayMode.log().contains("tk_test_key"));
  }

  @Test
  void anotherSchemeOrPortOfTheGatewaysHostIsAnotherHost() throws Exception {
    assertFalse(guarded.isRedirected(routed(), seeOther("http://gateway.example/v1/chat/completions"), new BasicHttpContext()));
    assertFalse(guarded.isRedirected(routed(), seeOther("https://gateway.example:8443/v1/x"), new BasicHttpContext()));
    assertFalse(guarded.isRedirected(routed(), seeOther("//elsewhere.example/v1/x"), new BasicHttpContext()));
  }

  @Test
  void aRoutedRequestFollowsOneOnTheGatewaysOrigin() throws Exception {
    assertTrue(guarded.isRedirected(routed(), seeOther("https://GATEWAY.example:443/v1/chat/completions"), new BasicHttpContext()));
    assertTrue(guarded.isRedirected(routed(), seeOther("/v1/other"), new BasicHttpContext()));
  }

  @Test
  void aRequestThatIsNotRoutedFollowsAsTheAppsStrategySays() throws Exception {
    assertTrue(guarded.isRedirected(new HttpPost("https://api.openai.com/v1/chat/completions"),
        seeOther("https://elsewhere.example/"), new BasicHttpContext()));
  }

  @Test
  void whatTheAppsStrategyRefusesStaysRefused() throws Exception {
    BasicHttpResponse temporary = new BasicHttpResponse(HttpVersion.HTTP_1_1, 307, "Temporary Redirect");
    temporary.setHeader("Location", "https://gateway.example/v1/x");
    // HttpClient 4's default strategy does not follow a POST's 307.
    assertFalse(guarded.isRedirected(routed(), temporary, new BasicHttpContext()));
  }

  @Test
  void theAppsStrategyDoesEverythingElse() throws Exception {
    assertTrue(guarded.getRedirect(routed(), seeOther("https://gateway.example/v1/x"), new BasicHttpContext())
        .getURI().toString().equals("https://gateway.example/v1/x"));
    assertSame(guarded, guard(new ApacheRedirects(gatewayMode.engine()), guarded), "guarded once");
  }

  @Test
  void nothingIsStoppedOutsideGatewayMode() throws Exception {
    RedirectStrategy direct = guard(new ApacheRedirects(new TestEngines().engine()), DefaultRedirectStrategy.INSTANCE);
    assertTrue(direct.isRedirected(routed(), seeOther("https://elsewhere.example/"), new BasicHttpContext()));
  }

  private static RedirectStrategy guard(ApacheRedirects redirects, RedirectStrategy strategy) {
    return (RedirectStrategy) redirects.guard(new Object[] {"not a strategy", strategy, null})[1];
  }

  private static HttpPost routed() {
    HttpPost post = new HttpPost("https://gateway.example/v1/chat/completions");
    post.setHeader(Headers.SESSION, "s-1");
    post.setHeader(Headers.SIGNATURE, "sig");
    return post;
  }

  private static BasicHttpResponse seeOther(String location) {
    BasicHttpResponse response = new BasicHttpResponse(HttpVersion.HTTP_1_1, 303, "See Other");
    response.setHeader("Location", location);
    return response;
  }

  private static String signingKey() {
    try {
      return GatewayKeys.pem(GatewayKeys.generate().getPublic());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
