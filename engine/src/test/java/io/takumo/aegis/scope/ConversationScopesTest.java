package io.takumo.aegis.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.restore.ResponseRestorer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConversationScopesTest {

  private final ConversationScopes scopes = new ConversationScopes(1000, Duration.ofHours(1));

  @Test
  void aResponseIdInheritsItsExchangeTokensAndPassesThemOn() {
    RestoreScope first = new RestoreScope();
    first.addTokens(List.of("TKM_oai_a"));
    respond(first, "{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[]}");

    RestoreScope second = new RestoreScope();
    scopes.namedInBody(second, json("{\"previous_response_id\":\"resp_1\",\"input\":\"hi\"}"), Set.of());
    assertEquals(Set.of("TKM_oai_a"), scopes.allowed(second));
    // Split between two chunks, the next id is still found.
    respond(second, "{\"id\":\"re", "sp_2\",\"previous_response_id\":\"resp_1\"}");

    RestoreScope third = new RestoreScope();
    scopes.namedInBody(third, json("{\"previous_response_id\":\"resp_2\"}"), Set.of());
    assertEquals(Set.of("TKM_oai_a"), scopes.allowed(third));

    RestoreScope unrelated = new RestoreScope();
    scopes.namedInBody(unrelated, json("{\"input\":\"repeat resp_1\"}"), Set.of());
    assertEquals(Set.of(), scopes.allowed(unrelated));
  }

  @Test
  void aThreadCollectsTheTokensOfEveryMessagePostedToIt() {
    RestoreScope post = new RestoreScope();
    scopes.namedInPath(post, "/v1/threads/thread_abc/messages");
    post.addTokens(List.of("TKM_pwd_x"));
    scopes.namedInBody(post, json("{\"role\":\"user\",\"content\":\"...\"}"), post.tokens());

    RestoreScope list = new RestoreScope();
    scopes.namedInPath(list, "/v1/threads/thread_abc/messages?order=desc");
    assertEquals(Set.of("TKM_pwd_x"), scopes.allowed(list));

    RestoreScope other = new RestoreScope();
    scopes.namedInPath(other, "/v1/threads/thread_other/messages");
    assertEquals(Set.of(), scopes.allowed(other));
  }

  @Test
  void onlyTheProvidersOwnIdMembersCountNotTextThatQuotesOne() {
    RestoreScope exchange = new RestoreScope();
    exchange.addTokens(List.of("TKM_oai_a"));
    // The model wrote a JSON-looking text: its quotes are escaped inside the string.
    respond(exchange, "{\"output_text\":\"{\\\"id\\\":\\\"resp_evil\\\"}\",\"msg\":{\"id\":\"msg_1\"}}");

    RestoreScope later = new RestoreScope();
    scopes.namedInBody(later, json("{\"previous_response_id\":\"resp_evil\"}"), Set.of());
    assertEquals(Set.of(), scopes.allowed(later));
  }

  @Test
  void conversationsAreBoundedByTokenCountAndForgottenWhenIdle() throws Exception {
    ConversationScopes small = new ConversationScopes(2, Duration.ofMillis(50));
    RestoreScope a = new RestoreScope();
    a.addTokens(List.of("TKM_oai_a", "TKM_oai_b"));
    byte[] first = bytes("{\"id\":\"resp_a\"}");
    small.recording(new Passing(), a.tokens()).update(first, 0, first.length);
    RestoreScope b = new RestoreScope();
    b.addTokens(List.of("TKM_oai_c"));
    ResponseRestorer r = small.recording(new Passing(), b.tokens());
    byte[] body = bytes("{\"id\":\"resp_b\"}");
    r.update(body, 0, body.length);
    assertEquals(Set.of(), small.allowed(naming(small, "resp_a")), "the least recently used went first");
    assertEquals(Set.of("TKM_oai_c"), small.allowed(naming(small, "resp_b")));
    Thread.sleep(80);
    assertEquals(Set.of(), small.allowed(naming(small, "resp_b")));
  }

  @Test
  void conversationIdsInPathsAndBodies() {
    assertEquals(List.of("thread_abc"), ConversationIds.inPath("/v1/threads/thread_abc/runs/run_1"));
    assertEquals(List.of("resp_9"), ConversationIds.inPath("/v1/responses/resp_9?stream=true"));
    assertEquals(List.of(), ConversationIds.inPath("/v1/threads/runs"));
    assertEquals(List.of("conv_1"), ConversationIds.inRequestBody(json("{\"conversation\":{\"id\":\"conv_1\"}}")));
    assertEquals(List.of("conv_2"), ConversationIds.inRequestBody(json("{\"conversation\":\"conv_2\"}")));
    assertEquals(List.of(), ConversationIds.inRequestBody(json("{\"previous_response_id\":\"msg_1\"}")));
    assertEquals(List.of(), ConversationIds.inRequestBody(json("not json")));
    assertTrue(ConversationIds.announced("{\"thread_id\": \"thread_x\"}").contains("thread_x"));
  }

  private RestoreScope naming(ConversationScopes s, String id) {
    RestoreScope scope = new RestoreScope();
    s.namedInPath(scope, "/v1/responses/" + id);
    return scope;
  }

  private void respond(RestoreScope exchange, String... chunks) {
    ResponseRestorer r = scopes.recording(new Passing(), scopes.allowed(exchange));
    for (String chunk : chunks) {
      byte[] b = bytes(chunk);
      r.update(b, 0, b.length);
    }
    r.finish();
  }

  private static byte[] json(String s) {
    return bytes(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final class Passing implements ResponseRestorer {
    @Override
    public byte[] update(byte[] b, int off, int len) {
      return java.util.Arrays.copyOfRange(b, off, off + len);
    }

    @Override
    public byte[] finish() {
      return new byte[0];
    }
  }
}
