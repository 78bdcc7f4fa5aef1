package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.SECRET_B;
import static io.takumo.aegis.restore.TestSupport.assertSplitInvariant;
import static io.takumo.aegis.restore.TestSupport.json;
import static io.takumo.aegis.restore.TestSupport.parseSse;
import static io.takumo.aegis.restore.TestSupport.quote;
import static io.takumo.aegis.restore.TestSupport.runOneShot;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.takumo.aegis.restore.ProviderStreams.Anthropic;
import io.takumo.aegis.restore.ProviderStreams.Chat;
import io.takumo.aegis.restore.TestSupport.SseEvent;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Synthetic events, stream keys, terminators, errors and framing corner cases. */
class SseEdgeCasesTest {

  private final TestSupport t = new TestSupport();

  private String restore(String body) {
    assertSplitInvariant(() -> TestSupport.sse(t.vault), utf8(body), new Random(body.length()), 30);
    return utf8(runOneShot(TestSupport.sse(t.vault), utf8(body)));
  }

  private static String data(String json) {
    return "data: " + json + "\n\n";
  }

  private static String chat(int index, String delta, String finish) {
    return data(Chat.chunk("[" + Chat.choice(index, delta, finish) + "]"));
  }

  private static String content(String piece) {
    return "{\"content\":" + quote(piece) + "}";
  }

  @Test
  void concurrentChoicesAndToolCallsDoNotMix() {
    String a = t.tokenA;
    String b = t.tokenB;
    String args0 = "{\"k\":\"" + a + "\"}";
    String args1 = "{\"k\":\"" + b + "\"}";
    StringBuilder body = new StringBuilder();
    body.append(data(Chat.chunk("[" + Chat.choice(0, content("x " + a.substring(0, 7)), "null") + ","
        + Chat.choice(1, content("y " + b.substring(0, 3)), "null") + "]")));
    body.append(chat(1, content(b.substring(3)), "null"));
    body.append(chat(0, content(a.substring(7, 15)), "null"));
    body.append(chat(0, "{\"tool_calls\":[{\"index\":0,\"id\":\"c0\",\"function\":{\"name\":\"f\",\"arguments\":"
        + quote(args0.substring(0, 10)) + "}},{\"index\":1,\"id\":\"c1\",\"function\":{\"name\":\"g\",\"arguments\":"
        + quote(args1.substring(0, 12)) + "}}]}", "null"));
    body.append(chat(0, content(a.substring(15)), "null"));
    body.append(chat(0, "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":" + quote(args1.substring(12)) + "}}]}", "null"));
    body.append(chat(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(args0.substring(10)) + "}}]}", "null"));
    body.append(chat(0, "{}", "\"tool_calls\""));
    body.append(chat(1, "{}", "\"stop\""));
    body.append(data("[DONE]"));

    StringBuilder[] text = {new StringBuilder(), new StringBuilder()};
    StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
    for (SseEvent event : parseSse(utf8(restore(body.toString())))) {
      if (event.data().equals("[DONE]")) {
        continue;
      }
      for (JsonNode choice : json(event.data()).path("choices")) {
        int c = choice.path("index").asInt();
        text[c].append(choice.path("delta").path("content").asText(""));
        for (JsonNode call : choice.path("delta").path("tool_calls")) {
          args[call.path("index").asInt()].append(call.path("function").path("arguments").asText(""));
        }
      }
    }
    assertEquals("x " + SECRET_A, text[0].toString());
    assertEquals("y " + SECRET_B, text[1].toString());
    assertEquals(SECRET_A, json(args[0].toString()).path("k").asText());
    assertEquals(SECRET_B, json(args[1].toString()).path("k").asText());
  }

  @Test
  void chatReleasesHeldTextInASyntheticChunkRightBeforeTheFinishChunk() {
    String finish = chat(0, "{}", "\"stop\"");
    String body = chat(0, "{\"role\":\"assistant\",\"content\":\"Hi \"}", "null")
        + chat(0, content("end TKM_pw"), "null") + finish + data("[DONE]");
    List<SseEvent> events = parseSse(utf8(restore(body)));
    assertEquals(5, events.size());
    JsonNode synthetic = json(events.get(2).data());
    assertEquals("chatcmpl-B9MHDbslfkBeAs8l", synthetic.path("id").asText());
    assertEquals("k2Zq", synthetic.path("obfuscation").asText());
    assertEquals(1, synthetic.path("choices").size());
    JsonNode choice = synthetic.path("choices").path(0);
    assertEquals(json("{\"content\":\"TKM_pw\"}"), choice.path("delta"), "only the held text, no role again");
    assertTrue(choice.path("finish_reason").isNull());
    assertEquals("end ", json(events.get(1).data()).path("choices").path(0).path("delta").path("content").asText());
    assertEquals(finish.substring(6, finish.length() - 2), events.get(3).data());
  }

  @Test
  void chatToolCallSyntheticCarriesOnlyTheArguments() {
    String body = chat(0, "{\"tool_calls\":[{\"index\":2,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\\\"TKM_oa\"}}]}", "null") + data("[DONE]");
    List<SseEvent> events = parseSse(utf8(restore(body)));
    assertEquals(3, events.size());
    assertEquals("{\"a\":\"", json(events.get(0).data()).path("choices").path(0).path("delta").path("tool_calls")
        .path(0).path("function").path("arguments").asText());
    assertEquals(json("{\"tool_calls\":[{\"index\":2,\"function\":{\"arguments\":\"TKM_oa\"}}]}"),
        json(events.get(1).data()).path("choices").path(0).path("delta"));
    assertEquals("[DONE]", events.get(2).data());
  }

  @Test
  void heldTextGoesIntoTheTerminatingEventsOwnDelta() {
    String body = chat(0, content("a TK"), "null") + chat(0, content("M_x"), "\"stop\"") + data("[DONE]");
    List<SseEvent> events = parseSse(utf8(restore(body)));
    assertEquals(3, events.size(), "no synthetic chunk");
    assertEquals("TKM_x", json(events.get(1).data()).path("choices").path(0).path("delta").path("content").asText());

    String gemini = data(ProviderStreams.Gemini.chunk("[{\"text\":\"a " + t.tokenA.substring(0, 6) + "\"}]", null))
        + data(ProviderStreams.Gemini.chunk("[{\"text\":\"" + t.tokenA.substring(6, 8) + "\"}]", "STOP"));
    List<SseEvent> geminiEvents = parseSse(utf8(restore(gemini)));
    assertEquals(2, geminiEvents.size());
    assertEquals(t.tokenA.substring(0, 8),
        json(geminiEvents.get(1).data()).path("candidates").path(0).path("content").path("parts").path(0).path("text").asText());
  }

  @Test
  void geminiPartsOfOneChunkContinueEachOther() {
    String a = t.tokenA;
    String body = data(ProviderStreams.Gemini.chunk("[{\"text\":\"x " + a.substring(0, 5) + "\"},{\"text\":\""
        + a.substring(5) + " y\"}]", null)) + data(ProviderStreams.Gemini.chunk("[{\"text\":\"!\"}]", "STOP"));
    StringBuilder text = new StringBuilder();
    for (SseEvent event : parseSse(utf8(restore(body)))) {
      for (JsonNode part : json(event.data()).path("candidates").path(0).path("content").path("parts")) {
        text.append(part.path("text").asText());
      }
    }
    assertEquals("x " + SECRET_A + " y!", text.toString());
  }

  @Test
  void anthropicSyntheticCopiesTheLastDeltaEventBeforeContentBlockStop() {
    String body = Anthropic.start(0, "{\"type\":\"text\",\"text\":\"\"}")
        + Anthropic.delta(0, "text_delta", "text", "see TKM_pwd_")
        + Anthropic.stop(0)
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    String out = restore(body);
    assertEquals(Anthropic.start(0, "{\"type\":\"text\",\"text\":\"\"}")
        + Anthropic.delta(0, "text_delta", "text", "see ")
        + Anthropic.delta(0, "text_delta", "text", "TKM_pwd_")
        + Anthropic.stop(0)
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", out);
  }

  @Test
  void anthropicErrorEndsStreamsAndIsRestored() {
    String body = Anthropic.delta(0, "input_json_delta", "partial_json", "{\"a\": \"TKM_")
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"at "
        + t.tokenA + "\"}}\n\n";
    List<SseEvent> events = parseSse(utf8(restore(body)));
    assertEquals(List.of("content_block_delta", "content_block_delta", "error"),
        events.stream().map(SseEvent::name).toList());
    assertEquals("TKM_", json(events.get(1).data()).path("delta").path("partial_json").asText());
    assertEquals("at " + SECRET_A, json(events.get(2).data()).path("error").path("message").asText());
  }

  @Test
  void responsesSyntheticDropsRepeatedLogprobsAndKeepsTheEventLine() {
    String delta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":4,"
        + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"ok TKM_oai\",\"logprobs\":[{\"token\":\"ok\","
        + "\"logprob\":-0.1}]}\n\n";
    String done = "event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"sequence_number\":5,"
        + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":\"ok TKM_oai\",\"logprobs\":[]}\n\n";
    List<SseEvent> events = parseSse(utf8(restore(delta + done)));
    assertEquals(List.of("response.output_text.delta", "response.output_text.delta", "response.output_text.done"),
        events.stream().map(SseEvent::name).toList());
    JsonNode synthetic = json(events.get(1).data());
    assertEquals("TKM_oai", synthetic.path("delta").asText());
    assertEquals(0, synthetic.path("logprobs").size());
    assertEquals("msg_1", synthetic.path("item_id").asText());
    assertEquals(1, json(events.get(0).data()).path("logprobs").size());
  }

  @Test
  void responsesReasoningSummaryIsADeltaStreamToo() {
    String a = t.tokenA;
    String body = "event: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_summary_text.delta\","
        + "\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"" + a.substring(0, 9) + "\"}\n\n"
        + "event: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_summary_text.delta\","
        + "\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"" + a.substring(9) + "\"}\n\n";
    StringBuilder summary = new StringBuilder();
    for (SseEvent event : parseSse(utf8(restore(body)))) {
      summary.append(json(event.data()).path("delta").asText());
    }
    assertEquals(SECRET_A, summary.toString());
  }

  @Test
  void doneLineEndsChatStreams() {
    String body = chat(0, content("a TKM_"), "null") + data("[DONE]");
    List<SseEvent> events = parseSse(utf8(restore(body)));
    assertEquals(3, events.size());
    assertEquals("TKM_", json(events.get(1).data()).path("choices").path(0).path("delta").path("content").asText());
    assertEquals("[DONE]", events.get(2).data());
  }

  @Test
  void chatErrorObjectIsRestoredLikeAnyJson() {
    String body = data("{\"error\":{\"message\":\"bad key " + t.tokenA + "\",\"type\":\"invalid_request_error\"}}");
    assertEquals("bad key " + SECRET_A, json(parseSse(utf8(restore(body))).get(0).data()).path("error").path("message").asText());
  }

  @Test
  void dataOverSeveralLinesKeepsItsLines() {
    String body = "id: 7\nretry: 3000\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + t.tokenA + "\"},\n"
        + "data:   \"finish_reason\":null}],\n"
        + "data:\"note\":\"" + t.tokenB + "\"}\n\n";
    String out = restore(body);
    assertEquals("id: 7\nretry: 3000\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(SECRET_A)
        + "},\ndata:   \"finish_reason\":null}],\ndata:\"note\":" + quote(SECRET_B) + "}\n\n", out);
  }

  @Test
  void plainTextDataIsRestoredAndASecretsLineBreakBecomesAnotherDataLine() {
    String body = "event: note\ndata: key " + t.tokenA + " end\nid: 1\n\n";
    String out = restore(body);
    assertEquals("event: note\ndata: key " + SECRET_A.replace("\n", "\ndata: ") + " end\nid: 1\n\n", out);
    assertEquals("key " + SECRET_A + " end", parseSse(utf8(out)).get(0).data());
  }

  @Test
  void bareDataLinesGetAColonWhenTheyReceiveAValue() {
    String body = "data: key " + t.tokenA + "\ndata\n\n";
    String out = restore(body);
    assertEquals("key " + SECRET_A + "\n", parseSse(utf8(out)).get(0).data());
    assertTrue(out.endsWith("\ndata:\n\n"), out);
  }

  @Test
  void unknownEventsAndFieldsPassThrough() {
    String body = ": welcome\n\nevent: custom\nid: 42\nretry: 100\nfoo: bar\ndata: {\"anything\":[\"" + t.tokenA + "\"]}\n\n"
        + "data: [DONE]\n\n";
    String out = restore(body);
    assertEquals(": welcome\n\nevent: custom\nid: 42\nretry: 100\nfoo: bar\ndata: {\"anything\":[" + quote(SECRET_A)
        + "]}\n\ndata: [DONE]\n\n", out);
  }

  @Test
  void byteOrderMarkAtTheStartIsKept() {
    String body = "\uFEFFdata: {\"a\":\"" + t.tokenA + "\"}\n\n";
    assertEquals("\uFEFFdata: {\"a\":" + quote(SECRET_A) + "}\n\n", restore(body));
  }

  @Test
  void anEventEndingInCrIsReleasedWithoutWaitingForTheNextByte() {
    SseRestorer restorer = TestSupport.sse(t.vault);
    byte[] event = utf8("data: {\"a\":\"" + t.tokenA + "\"}\r\n\r");
    byte[] out = restorer.update(event, 0, event.length);
    assertEquals("data: {\"a\":" + quote(SECRET_A) + "}\r\n\r", utf8(out));
    assertArrayEquals(new byte[] {'\n'}, restorer.update(new byte[] {'\n'}, 0, 1));
    byte[] next = utf8(": c\r");
    assertEquals(": c\r", utf8(restorer.update(next, 0, next.length)));
    assertEquals(0, restorer.finish().length);
  }

  @Test
  void aCrLfSplitByTheReadIsNotABlankLine() {
    SseRestorer restorer = TestSupport.sse(t.vault);
    byte[] first = utf8("event: x\r");
    byte[] second = utf8("\ndata: {\"a\":\"" + t.tokenA + "\"}\r\n\r\n");
    assertEquals(0, restorer.update(first, 0, first.length).length, "still inside the event");
    String out = utf8(restorer.update(second, 0, second.length));
    assertEquals("event: x\r\ndata: {\"a\":" + quote(SECRET_A) + "}\r\n\r\n", out);
  }

  @Test
  void eventCutOffByTheEndOfTheBodyIsClosedBeforeTheRelease() {
    String body = chat(0, content("a TKM_"), "null") + "data: {\"choices\":[]}";
    String out = restore(body);
    assertTrue(out.endsWith("data: {\"choices\":[]}\n\n" + chat(0, content("TKM_"), "null")), out);
    String withoutRelease = chat(0, content("done"), "null") + "data: {\"choices\":[]}";
    assertEquals(withoutRelease, restore(withoutRelease), "nothing added when nothing is held");
  }

  @Test
  void emptyBodyAndBlankLinesOnly() {
    assertEquals("", restore(""));
    assertEquals("\n\n\r\n", restore("\n\n\r\n"));
    assertNull(parseSse(utf8("")).stream().findFirst().orElse(null));
    assertFalse(TestSupport.sse(t.vault).finish().length > 0);
  }

  @Test
  void anEventOverTheLimitAndAllAfterItPassThroughAsTheyCame() {
    String first = chat(0, content("key " + t.tokenA + " ok"), "null");
    String big = chat(0, content(t.tokenA + " " + "x".repeat(500)), "null");
    String last = chat(0, content(t.tokenB + " end"), "null");
    AtomicInteger told = new AtomicInteger();
    byte[] out = TestSupport.run(new SseRestorer(t.vault, 300, told::incrementAndGet), utf8(first + big + last),
        everyHundredBytes(first + big + last));
    assertEquals(restore(first) + big + last, utf8(out));
    assertEquals(1, told.get());
  }

  @Test
  void textHeldBackByADeltaIsReleasedBeforeTheEventOverTheLimit() {
    String held = chat(0, content("a TKM_"), "null");
    String big = chat(0, content("x".repeat(500)), "null");
    AtomicInteger told = new AtomicInteger();
    byte[] out = TestSupport.run(new SseRestorer(t.vault, 300, told::incrementAndGet), utf8(held + big),
        everyHundredBytes(held + big));
    assertEquals(chat(0, content("a "), "null") + chat(0, content("TKM_"), "null") + big, utf8(out));
    assertEquals(1, told.get());
  }

  @Test
  void aLineWithNoEndOverTheLimitPassesThrough() {
    String body = ": hi\n" + "data: {\"a\":\"" + t.tokenA + "y".repeat(1000);
    AtomicInteger told = new AtomicInteger();
    SseRestorer restorer = new SseRestorer(t.vault, 300, told::incrementAndGet);
    assertEquals(body, utf8(TestSupport.run(restorer, utf8(body), everyHundredBytes(body))));
    assertEquals(1, told.get());
  }

  private static List<Integer> everyHundredBytes(String body) {
    List<Integer> cuts = new java.util.ArrayList<>();
    for (int at = 100; at < utf8(body).length; at += 100) {
      cuts.add(at);
    }
    return cuts;
  }
}
