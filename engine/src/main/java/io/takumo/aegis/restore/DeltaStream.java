package io.takumo.aegis.restore;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** One delta stream of an event stream: a text that arrives as strings in successive events. */
final class DeltaStream {

  private final String key;
  private final List<String> scopes;
  private final TextRestorer restorer;
  /** How to release the held text: set whenever text is held back. */
  private SyntheticEvent release;

  DeltaStream(String key, List<String> scopes, TextRestorer restorer) {
    this.key = key;
    this.scopes = scopes;
    this.restorer = restorer;
  }

  String key() {
    return key;
  }

  List<String> scopes() {
    return scopes;
  }

  TextRestorer restorer() {
    return restorer;
  }

  boolean holding() {
    return restorer.holding();
  }

  void releaseVia(SyntheticEvent event) {
    this.release = event;
  }

  /** Writes a synthetic delta event carrying the held text. */
  void release(ByteArrayOutputStream out) {
    release.writeTo(out, restorer.finish());
  }
}
