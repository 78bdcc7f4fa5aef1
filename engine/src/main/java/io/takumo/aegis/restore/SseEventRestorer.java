package io.takumo.aegis.restore;

import io.takumo.aegis.json.ByteEdits;
import io.takumo.aegis.json.JsonParser;
import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.json.MalformedJsonException;
import io.takumo.aegis.restore.EventPlan.DeltaField;
import io.takumo.aegis.vault.Revealer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores one complete event at a time, keeping the delta streams that run across events.
 *
 * <p>The event's data is parsed as JSON. Its delta fields (see {@link ProviderEvents}) go through
 * their stream's {@link TextRestorer}, which may hold back a trailing partial token until the next
 * delta of the same stream; every other string is restored whole. When an event ends a stream that
 * still holds text, that text goes into the event's own delta for the stream if it has one, else
 * into a {@link SyntheticEvent} written just before the event. Data that is not JSON has its whole
 * tokens restored as text.
 *
 * <p>Only the data lines of an event that changes are rewritten, each keeping its own prefix and
 * line ending; all other lines, and unchanged events, are written out byte for byte.
 */
final class SseEventRestorer {

  private final Revealer secrets;
  private final Map<String, DeltaStream> streams = new LinkedHashMap<>();

  SseEventRestorer(Revealer secrets) {
    this.secrets = secrets;
  }

  /**
   * Writes the event made of {@code lines} (its blank line included, if it came) to {@code out},
   * after any synthetic events it calls for.
   *
   * @param lineEnding the line ending to use for lines that have none
   */
  void process(List<SseLine> lines, byte[] lineEnding, ByteArrayOutputStream out) {
    List<SseLine> dataLines = new ArrayList<>();
    for (SseLine line : lines) {
      if (line.isField("data")) {
        dataLines.add(line);
      }
    }
    if (dataLines.isEmpty()) {
      writeLines(lines, out);
      return;
    }
    byte[] data = join(dataLines);
    JsonValue root = parseOrNull(data);
    EventPlan plan = new EventPlan();
    if (root != null) {
      ProviderEvents.plan(root, eventName(lines), plan);
    } else if (isDone(data)) {
      plan.endAll();
    }
    for (DeltaField field : plan.fields()) {
      if (!streams.containsKey(field.key)) {
        streams.put(field.key, new DeltaStream(field.key, field.scopes, TextRestorer.forText(secrets, field.syntax)));
      }
    }
    List<DeltaStream> ended = new ArrayList<>();
    for (DeltaStream stream : streams.values()) {
      if (plan.ends(stream)) {
        ended.add(stream);
        if (stream.holding() && !plan.hasField(stream)) {
          stream.release(out);
        }
      }
    }
    byte[] restored;
    if (root != null) {
      restored = restoreJson(root, plan, ended, lines, dataLines.get(0), lineEnding);
    } else {
      restored = restoreText(data);
    }
    for (DeltaStream stream : ended) {
      streams.remove(stream.key());
    }
    if (restored == data) {
      writeLines(lines, out);
    } else {
      writeRewritten(lines, dataLines.get(dataLines.size() - 1), restored, lineEnding, out);
    }
  }

  /** Whether some stream holds text that a synthetic event will have to release. */
  boolean holding() {
    for (DeltaStream stream : streams.values()) {
      if (stream.holding()) {
        return true;
      }
    }
    return false;
  }

  /** At the end of the stream: releases every held text in synthetic events. */
  void releaseAll(ByteArrayOutputStream out) {
    for (DeltaStream stream : streams.values()) {
      if (stream.holding()) {
        stream.release(out);
      }
    }
    streams.clear();
  }

  /** Returns the restored data, or {@code root}'s own source array if nothing changed. */
  private byte[] restoreJson(JsonValue root, EventPlan plan, List<DeltaStream> ended,
      List<SseLine> lines, SseLine firstData, byte[] lineEnding) {
    List<DeltaField> fields = plan.fields();
    ByteEdits edits = new ByteEdits();
    List<JsonValue> deltaValues = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      DeltaField field = fields.get(i);
      deltaValues.add(field.value);
      DeltaStream stream = streams.get(field.key);
      String text = field.value.text();
      String restored = stream.restorer().push(text);
      if (ended.contains(stream) && isLastOfStream(fields, i)) {
        restored += stream.restorer().finish();
      }
      if (!restored.equals(text)) {
        edits.replace(field.value, JsonStrings.quote(restored));
      }
      if (stream.holding()) {
        stream.releaseVia(syntheticEvent(lines, firstData, lineEnding, field.template.get()));
      }
    }
    // Only a whole token can be restored outside the delta fields: most events hold none.
    if (Bytes.indexOf(root.src(), 0, root.src().length, Bytes.TOKEN_PREFIX) >= 0) {
      JsonRestorer.restoreStrings(secrets, root, deltaValues, edits);
    }
    return edits.isEmpty() ? root.src() : edits.applyTo(root.src());
  }

  /** Whether no later field of the event belongs to the same stream as field {@code i}. */
  private static boolean isLastOfStream(List<DeltaField> fields, int i) {
    for (int j = i + 1; j < fields.size(); j++) {
      if (fields.get(j).key.equals(fields.get(i).key)) {
        return false;
      }
    }
    return true;
  }

  private byte[] restoreText(byte[] data) {
    if (Bytes.indexOf(data, 0, data.length, Bytes.TOKEN_PREFIX) < 0) {
      return data;
    }
    byte[] restored = JsonRestorer.restoreAsText(secrets, data, 0, data.length);
    return Arrays.equals(restored, data) ? data : restored;
  }

  private static SyntheticEvent syntheticEvent(List<SseLine> lines, SseLine firstData,
      byte[] defaultEnding, DeltaTemplate template) {
    List<byte[]> eventLines = new ArrayList<>();
    for (SseLine line : lines) {
      if (line.isField("event")) {
        eventLines.add(line.raw());
      }
    }
    byte[] ending = firstData.ending();
    byte[] lineEnding = ending.length > 0 ? ending : defaultEnding;
    return new SyntheticEvent(eventLines, firstData.prefix(), lineEnding, template);
  }

  /**
   * Writes the event with its data lines replaced by the lines of {@code data}. JSON edits keep
   * the number of lines; restored plain text may add some, which follow the last data line.
   */
  private static void writeRewritten(List<SseLine> lines, SseLine lastData, byte[] data,
      byte[] defaultEnding, ByteArrayOutputStream out) {
    List<byte[]> values = splitLines(data);
    int next = 0;
    for (SseLine line : lines) {
      if (!line.isField("data")) {
        out.write(line.raw(), 0, line.raw().length);
        continue;
      }
      byte[] prefix = line.prefix();
      byte[] ending = line.ending();
      int last = line == lastData ? values.size() - 1 : next;
      for (; next <= last; next++) {
        out.write(prefix, 0, prefix.length);
        byte[] value = values.get(next);
        out.write(value, 0, value.length);
        byte[] end = next < last && ending.length == 0 ? defaultEnding : ending;
        out.write(end, 0, end.length);
      }
    }
  }

  /** Splits at CR LF, LF or CR: the line breaks an event stream would see. */
  private static List<byte[]> splitLines(byte[] data) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n' || data[i] == '\r') {
        lines.add(Arrays.copyOfRange(data, start, i));
        if (data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(Arrays.copyOfRange(data, start, data.length));
    return lines;
  }

  private static void writeLines(List<SseLine> lines, ByteArrayOutputStream out) {
    for (SseLine line : lines) {
      out.write(line.raw(), 0, line.raw().length);
    }
  }

  /** The data lines' values joined with LF, as an event stream client sees the data. */
  private static byte[] join(List<SseLine> dataLines) {
    if (dataLines.size() == 1) {
      SseLine line = dataLines.get(0);
      return Arrays.copyOfRange(line.raw(), line.valueStart(), line.contentEnd());
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < dataLines.size(); i++) {
      SseLine line = dataLines.get(i);
      if (i > 0) {
        data.write('\n');
      }
      data.write(line.raw(), line.valueStart(), line.contentEnd() - line.valueStart());
    }
    return data.toByteArray();
  }

  private static JsonValue parseOrNull(byte[] data) {
    try {
      return JsonParser.parse(data, 0, data.length);
    } catch (MalformedJsonException e) {
      return null;
    }
  }

  private static boolean isDone(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1).trim().equals("[DONE]");
  }

  private static String eventName(List<SseLine> lines) {
    String name = null;
    for (SseLine line : lines) {
      if (line.isField("event")) {
        name = line.value();
      }
    }
    return name;
  }
}
