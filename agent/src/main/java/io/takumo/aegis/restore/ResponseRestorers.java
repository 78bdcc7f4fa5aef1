package io.takumo.aegis.restore;

import io.takumo.aegis.vault.Vault;

/** PLACEHOLDER until the restore branch lands (replaced on merge). */
public final class ResponseRestorers {
  public static ResponseRestorer forContentType(Vault vault, String contentType) {
    return null;
  }
}
