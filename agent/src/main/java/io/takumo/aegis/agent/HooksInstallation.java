package io.takumo.aegis.agent;

import io.takumo.aegis.bootstrap.AegisBridge;

/**
 * Hands the hooks to the bridge. A class of its own: verifying this call loads the bridge's
 * {@code Hooks} interface, so it must not sit in a class that premain loads before the bridge is
 * in the bootstrap class loader.
 */
final class HooksInstallation {

  private HooksInstallation() {}

  static void install(BridgeHooks hooks) {
    AegisBridge.install(hooks);
  }
}
