package io.takumo.aegis.instrument.jetty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.scope.RestoreScope;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** Which responses keep Jetty from writing the decoded body's length into their headers. */
class JettyHookTest {

  private final RestoreScope scope = new RestoreScope();

  private final Engine engine = new TestEngines().engine();
  private final JettyHook hook = new JettyHook(engine);
  private final HttpClient client = new HttpClient();

  @Test
  void aProviderReplyTheAgentRestoresGetsNoDecodedLength() throws Throwable {
    // A request went out tokenized, so replies have tokens to restore.
    engine.protectRequest("api.openai.com", "application/json", null, TestEngines.CHAT_JSON.getBytes(StandardCharsets.UTF_8), scope);
    assertTrue(hook.responseDecoded(response("https://api.openai.com/v1/chat/completions", "application/json")));
    assertTrue(hook.responseDecoded(response("https://api.anthropic.com/v1/messages", "text/event-stream")));
  }

  @Test
  void anyOtherReplyKeepsJettysLength() throws Throwable {
    assertFalse(hook.responseDecoded(response("https://example.com/v1/chat/completions", "application/json")));
  }

  private HttpResponse response(String url, String contentType) {
    HttpResponse response = new HttpResponse(client.newRequest(url));
    response.headers(headers -> headers.put(HttpHeader.CONTENT_TYPE, contentType));
    return response;
  }
}
