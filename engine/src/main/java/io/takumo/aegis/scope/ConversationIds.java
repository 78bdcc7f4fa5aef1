package io.takumo.aegis.scope;

import io.takumo.aegis.restore.JsonFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids by which providers keep a conversation on their side, as requests name them and
 * responses announce them:
 *
 * <ul>
 *   <li>OpenAI Responses: {@code previous_response_id: resp_…} and {@code conversation: conv_…}
 *       (or {@code {"id": "conv_…"}}) in the request body; {@code /responses/resp_…} and
 *       {@code /conversations/conv_…} in the path; the response's {@code "id"}.
 *   <li>OpenAI Assistants: {@code /threads/thread_…} in the path; a new thread's {@code "id"}, a
 *       run's {@code "thread_id"}.
 * </ul>
 *
 * Only these prefixes count: other ids (messages, runs, items) are never conversations.
 */
final class ConversationIds {

  private static final String[] PATH_PARENTS = {"responses", "conversations", "threads"};
  private static final String ID = "(?:resp|conv|thread)_[A-Za-z0-9_-]{1,200}";
  private static final Pattern WHOLE_ID = Pattern.compile(ID);
  /**
   * An {@code "id"} or {@code "thread_id"} member in raw JSON. A quote inside a JSON string is
   * escaped, so text the model wrote (or the app sent) can never match: only the provider's own
   * members do.
   */
  static final Pattern ANNOUNCED = Pattern.compile("\"(?:id|thread_id)\"\\s*:\\s*\"(" + ID + ")\"");
  /** Longest text {@link #ANNOUNCED} can match, so a scanner keeps that much between chunks. */
  static final int ANNOUNCED_MAX = 240;

  private ConversationIds() {}

  /** The conversation ids in a request path ({@code /v1/threads/thread_…/runs}); query ignored. */
  static List<String> inPath(String path) {
    if (path == null) {
      return Collections.emptyList();
    }
    int query = path.indexOf('?');
    String[] segments = (query < 0 ? path : path.substring(0, query)).split("/");
    List<String> ids = new ArrayList<>(1);
    for (int i = 0; i + 1 < segments.length; i++) {
      for (String parent : PATH_PARENTS) {
        if (segments[i].equals(parent) && isId(segments[i + 1])) {
          ids.add(segments[i + 1]);
        }
      }
    }
    return ids;
  }

  /** The conversation ids a JSON request body names. */
  static List<String> inRequestBody(byte[] json) {
    List<String> ids = new ArrayList<>(1);
    for (String value : JsonFields.strings(json, "previous_response_id", "conversation", "conversation.id")) {
      if (isId(value)) {
        ids.add(value);
      }
    }
    return ids;
  }

  /**
   * Whether a conversation id names something that grows (a conversation, a thread): a request
   * naming it adds its own tokens to it. A response id names one fixed response.
   */
  static boolean grows(String id) {
    return !id.startsWith("resp_");
  }

  static boolean isId(String s) {
    return WHOLE_ID.matcher(s).matches();
  }

  /** The ids announced in {@code text}. */
  static List<String> announced(CharSequence text) {
    List<String> ids = new ArrayList<>(1);
    Matcher m = ANNOUNCED.matcher(text);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
