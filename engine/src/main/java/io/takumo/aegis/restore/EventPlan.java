package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.restore.InnerJson.Syntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one parsed event means for the delta streams: which of its strings are delta fields, and
 * which streams it ends. Filled in by the provider-specific planners.
 */
final class EventPlan {

  /** One delta string of the event, in document order. */
  static final class DeltaField {
    final JsonValue value;
    final String key;
    final List<String> scopes;
    final Syntax syntax;
    final Supplier<DeltaTemplate> template;

    DeltaField(JsonValue value, String key, List<String> scopes, Syntax syntax,
        Supplier<DeltaTemplate> template) {
      this.value = value;
      this.key = key;
      this.scopes = scopes;
      this.syntax = syntax;
      this.template = template;
    }
  }

  private final List<DeltaField> fields = new ArrayList<>();
  /** Created when first needed: most events end nothing. */
  private Set<String> endedScopes = Collections.emptySet();
  private Set<String> endedKeys = Collections.emptySet();
  private boolean endsAll;

  /**
   * Declares a delta field.
   *
   * @param key names the stream the field belongs to
   * @param scopes groups of streams the stream belongs to, for {@link #endScope}
   * @param template builds the data of a synthetic event for this stream from this event
   */
  void delta(JsonValue value, String key, List<String> scopes, Syntax syntax,
      Supplier<DeltaTemplate> template) {
    fields.add(new DeltaField(value, key, scopes, syntax, template));
  }

  void delta(JsonValue value, String key, String scope, Syntax syntax,
      Supplier<DeltaTemplate> template) {
    delta(value, key, Collections.singletonList(scope), syntax, template);
  }

  void endAll() {
    endsAll = true;
  }

  void endScope(String scope) {
    if (endedScopes.isEmpty()) {
      endedScopes = new HashSet<>();
    }
    endedScopes.add(scope);
  }

  void endKey(String key) {
    if (endedKeys.isEmpty()) {
      endedKeys = new HashSet<>();
    }
    endedKeys.add(key);
  }

  List<DeltaField> fields() {
    return fields;
  }

  boolean ends(DeltaStream stream) {
    if (endsAll || endedKeys.contains(stream.key())) {
      return true;
    }
    for (String scope : stream.scopes()) {
      if (endedScopes.contains(scope)) {
        return true;
      }
    }
    return false;
  }

  boolean hasField(DeltaStream stream) {
    for (DeltaField field : fields) {
      if (field.key.equals(stream.key())) {
        return true;
      }
    }
    return false;
  }
}
