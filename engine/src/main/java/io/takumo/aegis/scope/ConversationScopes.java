package io.takumo.aegis.scope;

import io.takumo.aegis.restore.ResponseRestorer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code restore-scope: conversation}: a request that names a conversation the provider keeps
 * (a previous response, a conversation, a thread) may also have restored the tokens of the
 * requests earlier in it. Without it ({@code restore-scope: request}) the engine never builds
 * one, and a scope holds only its own request's tokens.
 */
public final class ConversationScopes {

  private final Conversations conversations;

  /**
   * @param maxTokens at most this many token references kept over all conversations (the vault's
   *     bound: more tokens than that cannot be restored anyway)
   * @param idleExpiry a conversation unused this long is forgotten, as the vault forgets a token
   */
  public ConversationScopes(long maxTokens, Duration idleExpiry) {
    this.conversations = new Conversations(maxTokens, idleExpiry.toNanos());
  }

  /** Notes the conversations that a request path names. */
  public void namedInPath(RestoreScope scope, String path) {
    scope.addConversations(ConversationIds.inPath(path));
  }

  /**
   * Notes the conversations a JSON request body names, and adds the request's own tokens to the
   * conversations it names that grow (a thread or a conversation now holds its messages).
   */
  public void namedInBody(RestoreScope scope, byte[] json, Collection<String> ownTokens) {
    scope.addConversations(ConversationIds.inRequestBody(json));
    if (ownTokens.isEmpty()) {
      return;
    }
    for (String id : scope.conversations()) {
      if (ConversationIds.grows(id)) {
        conversations.add(id, ownTokens);
      }
    }
  }

  /** The tokens the exchange may have restored: its own, and those of the conversations it names. */
  public Set<String> allowed(RestoreScope scope) {
    List<String> named = scope.conversations();
    if (named.isEmpty()) {
      return scope.tokens();
    }
    Set<String> allowed = new LinkedHashSet<>(scope.tokens());
    for (String id : named) {
      allowed.addAll(conversations.tokensOf(id));
    }
    return allowed;
  }

  /** {@code restorer}, also recording the conversations its response announces as holding {@code allowed}. */
  public ResponseRestorer recording(ResponseRestorer restorer, Set<String> allowed) {
    return new ConversationRecorder(restorer, conversations, allowed);
  }
}
