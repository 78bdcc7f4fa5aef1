package io.takumo.aegis.server.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.server.provider.Provider;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each provider's reported usage, JSON and streamed, fed whole and in pieces of every size. */
class UsageMeterTest {
  private static final String OPENAI_CHAT = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"usage\":{\"prompt_tokens\":999}}],"
      + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"total_tokens\":150,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
  private static final String OPENAI_CHAT_SSE = ""
      + "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
      + "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"content\":\"usage\\\": {\\\"prompt_tokens\\\": 5\"}}]}\n\n"
      + "data: {\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7}}\n\n"
      + "data: [DONE]\n\n";
  private static final String OPENAI_RESPONSES_SSE = ""
      + "event: response.created\r\ndata: {\"type\":\"response.created\",\"response\":{\"model\":\"gpt-4.1\",\"usage\":null}}\r\n\r\n"
      + "event: response.output_text.delta\r\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"x\"}\r\n\r\n"
      + "event: response.completed\r\ndata: {\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-4.1\","
      + "\"usage\":{\"input_tokens\":40,\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":3}}}}\r\n\r\n";
  private static final String ANTHROPIC_JSON = "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":25,\"output_tokens\":12}}";
  private static final String ANTHROPIC_SSE = ""
      + "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":31,\"output_tokens\":1}}}\n\n"
      + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"hello\"}}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":15}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  private static final String GEMINI_SSE = ""
      + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":1},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
      + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]}}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":6,\"thoughtsTokenCount\":4},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n";

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
  void openAiChatJson(int piece) {
    assertEquals(new Usage("gpt-4o-2024-08-06", 120, 30), meter(Provider.OPENAI, "application/json", OPENAI_CHAT, piece));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 100_000})
  void openAiChatStreamWithIncludeUsage(int piece) {
    assertEquals(new Usage("gpt-4o-mini", 11, 7), meter(Provider.OPENAI, "text/event-stream", OPENAI_CHAT_SSE, piece));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 100_000})
  void openAiResponsesStreamWithCrLf(int piece) {
    assertEquals(new Usage("gpt-4.1", 40, 9), meter(Provider.OPENAI, "text/event-stream; charset=utf-8", OPENAI_RESPONSES_SSE, piece));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100_000})
  void anthropicMessagesJsonAndStream(int piece) {
    assertEquals(new Usage("claude-sonnet-4-5", 25, 12), meter(Provider.ANTHROPIC, "application/json", ANTHROPIC_JSON, piece));
    assertEquals(new Usage("claude-haiku-4-5", 31, 15), meter(Provider.ANTHROPIC, "text/event-stream", ANTHROPIC_SSE, piece));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 100_000})
  void geminiStreamCountsThoughtsAsOutput(int piece) {
    assertEquals(new Usage("gemini-2.5-flash", 8, 10), meter(Provider.GEMINI, "text/event-stream", GEMINI_SSE, null, piece));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100_000})
  void aBodyThatIsNotJsonOrNamesNoModelYieldsWhatItCan(int piece) {
    assertEquals(new Usage(null, 0, 0), meter(Provider.OPENAI, "text/html", "<html>502 Bad Gateway</html>", piece));
    assertEquals(new Usage("gemini-2.5-pro", 3, 2), meter(Provider.GEMINI, "application/json",
        "{\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}", "gemini-2.5-pro", piece));
  }

  private static Usage meter(Provider provider, String contentType, String body, int piece) {
    return meter(provider, contentType, body, null, piece);
  }

  private static Usage meter(Provider provider, String contentType, String body, String routeModel, int piece) {
    UsageMeter meter = UsageMeter.forResponse(provider, contentType, routeModel);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += piece) {
      byte[] copy = new byte[Math.min(piece, bytes.length - i) + 4];
      System.arraycopy(bytes, i, copy, 2, copy.length - 4);
      meter.accept(copy, 2, copy.length - 4);
    }
    return meter.finish();
  }
}
