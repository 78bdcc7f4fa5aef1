package io.takumo.aegis.server.usage;

import io.takumo.aegis.server.provider.Provider;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the usage a provider reports in a response as the response passes through, chunk by
 * chunk, without holding it: a JSON body through one {@link JsonUsageScanner}, an SSE stream
 * through one per event. Not thread-safe: one meter per response, fed in order.
 */
public final class UsageMeter {
  private final Map<String, UsageFields.Role> fields;
  private final String routeModel;
  private final SseEvents sse;
  private JsonUsageScanner document;
  private long input;
  private long output;
  private String model;

  private UsageMeter(Provider provider, boolean eventStream, String routeModel) {
    this.fields = UsageFields.of(provider);
    this.routeModel = routeModel;
    this.sse = eventStream ? new SseEvents(this::eventData, this::eventEnd) : null;
  }

  /**
   * A meter for a response of this content type; {@code routeModel} is the model the request's
   * path named (Gemini), used when the body names none.
   */
  public static UsageMeter forResponse(Provider provider, String contentType, String routeModel) {
    boolean eventStream = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    return new UsageMeter(provider, eventStream, routeModel);
  }

  public void accept(byte[] bytes, int offset, int length) {
    if (sse != null) {
      sse.accept(bytes, offset, length);
    } else {
      eventData(bytes, offset, length);
    }
  }

  /** The end of the response: what was read so far is the usage. */
  public Usage finish() {
    if (sse != null) {
      sse.end();
    } else {
      eventEnd();
    }
    String named = model != null ? model : routeModel;
    return new Usage(named, input, output);
  }

  private void eventData(byte[] bytes, int offset, int length) {
    if (document == null) {
      document = new JsonUsageScanner(fields);
    }
    document.feed(bytes, offset, length);
  }

  private void eventEnd() {
    if (document == null) {
      return;
    }
    document.end();
    input = Math.max(input, document.input());
    output = Math.max(output, document.output());
    if (model == null) {
      model = document.model();
    }
    document = null;
  }
}
