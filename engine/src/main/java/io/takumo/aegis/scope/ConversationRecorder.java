package io.takumo.aegis.scope;

import io.takumo.aegis.restore.ResponseRestorer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Passes a response body to its restorer, and records the conversation ids it announces (a new
 * response's id, a thread's id) as holding the tokens its exchange could restore, so that a later
 * request naming one of them inherits them. Reads the decoded body as it comes, in chunks: it
 * keeps the tail of each so that an id split between two is still found.
 */
final class ConversationRecorder implements ResponseRestorer {

  private final ResponseRestorer delegate;
  private final Conversations conversations;
  private final Set<String> allowed;
  private final Set<String> recorded = new HashSet<>();
  private String tail = "";

  ConversationRecorder(ResponseRestorer delegate, Conversations conversations, Set<String> allowed) {
    this.delegate = delegate;
    this.conversations = conversations;
    this.allowed = allowed;
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    String text = tail + new String(b, off, len, StandardCharsets.ISO_8859_1);
    for (String id : ConversationIds.announced(text)) {
      if (recorded.add(id)) {
        conversations.add(id, allowed);
      }
    }
    tail = text.substring(Math.max(0, text.length() - ConversationIds.ANNOUNCED_MAX));
    return delegate.update(b, off, len);
  }

  @Override
  public byte[] finish() {
    return delegate.finish();
  }
}
