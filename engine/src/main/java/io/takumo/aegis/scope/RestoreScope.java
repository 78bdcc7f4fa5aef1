package io.takumo.aegis.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one provider exchange may have restored in its response: the tokens its own request's
 * secrets were replaced by and, with {@code restore-scope: conversation}, the ids of the
 * conversations kept on the provider's side that the request names. A token the app sent
 * verbatim is never in it, nor one another request produced.
 *
 * <p>An instrumentation makes one per exchange when the request starts ({@code Engine.scopeFor}),
 * the rewrite of the request body fills it, and the restorer of the response reads it, perhaps on
 * another thread: both fields are replaced whole, never changed in place.
 */
public final class RestoreScope {

  private volatile Set<String> tokens = Collections.emptySet();
  private volatile List<String> conversations = Collections.emptyList();

  /** Adds the tokens that replaced secrets in this exchange's request. */
  public synchronized void addTokens(Collection<String> produced) {
    if (produced.isEmpty() || tokens.containsAll(produced)) {
      return;
    }
    Set<String> union = new LinkedHashSet<>(tokens);
    union.addAll(produced);
    tokens = Collections.unmodifiableSet(union);
  }

  /** Adds the ids of server-kept conversations this exchange's request names. */
  synchronized void addConversations(Collection<String> ids) {
    if (ids.isEmpty() || conversations.containsAll(ids)) {
      return;
    }
    List<String> all = new ArrayList<>(conversations);
    for (String id : ids) {
      if (!all.contains(id)) {
        all.add(id);
      }
    }
    conversations = Collections.unmodifiableList(all);
  }

  /** The tokens this exchange's own request produced. */
  public Set<String> tokens() {
    return tokens;
  }

  /** The conversation ids the request names; empty with {@code restore-scope: request}. */
  List<String> conversations() {
    return conversations;
  }
}
