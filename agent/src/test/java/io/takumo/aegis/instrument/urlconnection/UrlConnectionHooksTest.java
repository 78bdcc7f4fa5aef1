package io.takumo.aegis.instrument.urlconnection;

import static io.takumo.aegis.instrument.TestEngines.CHAT_JSON;
import static io.takumo.aegis.instrument.TestEngines.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.instrument.LocalServer;
import io.takumo.aegis.instrument.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks the advice calls, called here in the advice's order on a real (uninstrumented)
 * {@code HttpURLConnection}: getOutputStream exit, then getInputStream entry and exit.
 */
class UrlConnectionHooksTest {

  private final LocalServer server = newServer();
  private final TestEngines engines = new TestEngines("provider-hosts", "127.0.0.1:" + server.port());
  private final ConnectionScopes scopes = new ConnectionScopes(engines.engine());
  private final UrlConnectionRequests requests = new UrlConnectionRequests(engines.engine(), scopes);
  private final UrlConnectionResponses responses = new UrlConnectionResponses(engines.engine(), scopes);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsTheProtectedBodyWhenTheAppAsksForTheResponseWithoutClosing() throws IOException {
    HttpURLConnection connection = open("/v1/chat/completions", "application/json");

    OutputStream out = requestStream(connection);
    out.write(CHAT_JSON.getBytes(StandardCharsets.UTF_8));
    out.flush();
    assertNull(requests.sendRequest(connection));
    assertEquals(200, connection.getResponseCode());

    assertFalse(server.last().text().contains(SECRET));
    assertTrue(server.last().text().contains("TKM_oai_"));
    assertEquals(String.valueOf(server.last().body.length), server.last().contentLength);
  }

  @Test
  void handsOutTheSameRequestStreamEachTime() throws IOException {
    HttpURLConnection connection = open("/v1/chat/completions", "application/json");

    assertSame(requestStream(connection), requestStream(connection));
  }

  @Test
  void aBlockedBodyStaysBlockedAndNothingIsSent() throws IOException {
    TestEngines small = new TestEngines("provider-hosts", "127.0.0.1:" + server.port(), "max-body-size", "1KB");
    UrlConnectionRequests limited = new UrlConnectionRequests(small.engine(), new ConnectionScopes(small.engine()));
    HttpURLConnection connection = open("/v1/chat/completions", "application/json");
    OutputStream out = (OutputStream) limited.requestStream(connection, connection.getOutputStream());

    try {
      out.write(new byte[2000]);
    } catch (RequestBlockedException expected) {
      // the app ignores it and asks for the response anyway
    }

    assertInstanceOf(RequestBlockedException.class, limited.sendRequest(connection));
    assertInstanceOf(RequestBlockedException.class, limited.sendRequest(connection));
    assertTrue(server.received().isEmpty());
  }

  @Test
  void leavesOtherHostsAndOpaqueBodiesAlone() throws IOException {
    HttpURLConnection multipart = open("/v1/files", "multipart/form-data; boundary=x");
    HttpURLConnection otherHost = (HttpURLConnection) new URL("http://localhost:" + server.port() + "/").openConnection();
    otherHost.setDoOutput(true);

    assertFalse(requests.protectsBody(multipart));
    assertFalse(requests.protectsBody(otherHost));
    OutputStream raw = multipart.getOutputStream();
    assertSame(raw, requests.requestStream(multipart, raw));
    assertNull(requests.sendRequest(otherHost));
  }

  @Test
  void handsOutOneResponseStreamPerJdkStream() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(server.url("/v1/models")).openConnection();
    InputStream raw = connection.getInputStream();

    Object first = responses.responseStream(connection, raw);
    Object second = responses.responseStream(connection, raw);

    assertSame(first, second);
    assertNull(responses.responseStream(connection, null));
    assertEquals(LocalServer.REPLY, new String(((InputStream) first).readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void protectsBodyOnlyForProviderHostsWithRewritableBodies() throws IOException {
    assertTrue(requests.protectsBody(open("/v1/chat/completions", "application/json")));
    assertTrue(requests.protectsBody(open("/v1/chat/completions", null)));
  }

  private OutputStream requestStream(HttpURLConnection connection) throws IOException {
    return (OutputStream) requests.requestStream(connection, connection.getOutputStream());
  }

  private HttpURLConnection open(String path, String contentType) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(server.url(path)).openConnection();
    connection.setDoOutput(true);
    if (contentType != null) {
      connection.setRequestProperty("Content-Type", contentType);
    }
    return connection;
  }

  private static LocalServer newServer() {
    try {
      return new LocalServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
