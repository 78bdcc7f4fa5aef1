package io.takumo.aegis.detect;

import java.util.List;

/**
 * Finds secrets in text.
 *
 * <p>Implementations are thread-safe and stateless between calls. The findings of one call are
 * sorted by start and never overlap. A detector must stay linear in the length of its input,
 * whatever the input (regexes run on RE2/J).
 */
public interface Detector {

  List<Finding> find(CharSequence text);

  /**
   * Finds secrets in a value whose name is known apart from it, such as a JSON field's. By
   * default the name is ignored.
   */
  default List<Finding> findNamed(String name, CharSequence value) {
    return find(value);
  }
}
