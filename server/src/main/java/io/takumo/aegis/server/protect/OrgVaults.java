package io.takumo.aegis.server.protect;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.rewrite.RequestRewriter;
import io.takumo.aegis.vault.Vault;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One vault per org, made on the org's first request and kept for the life of the process, with
 * the engine's bounds and idle expiry: an org's tokens are restorable only by that org's
 * responses, and its keys (drawn fresh per vault) never leave this process's memory. Each org's
 * rewriter (its vault with its policy's detector) is kept until the policy changes.
 */
final class OrgVaults {
  private final ProtectionLimits limits;
  private final Map<String, OrgState> orgs = new ConcurrentHashMap<>();

  OrgVaults(ProtectionLimits limits) {
    this.limits = limits;
  }

  /** What protects one org's requests: its vault, and a rewriter with {@code detector} on it. */
  record OrgState(Vault vault, Detector detector, RequestRewriter rewriter) {
  }

  /** The org's vault and a rewriter using {@code detector} (the org policy's, cached by the caller). */
  OrgState of(String orgId, Detector detector) {
    OrgState state = orgs.get(orgId);
    if (state != null && state.detector() == detector) {
      return state;
    }
    return orgs.compute(orgId, (id, old) -> {
      if (old != null && old.detector() == detector) {
        return old;
      }
      Vault vault = old != null ? old.vault()
          : new Vault(limits.vaultMaxSize(), limits.vaultMaxBytes(), limits.vaultIdleExpiry());
      return new OrgState(vault, detector, new RequestRewriter(detector, vault, limits.maxBodySize()));
    });
  }
}
