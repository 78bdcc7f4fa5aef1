package io.takumo.aegis.server.protect;

import java.util.Optional;

/**
 * Where the gateway finds an org's policy: the JSON object of docs/gateway-protocol.md, "The org
 * policy". It may block (a store lookup): the proxy asks it on the store worker, never on an
 * event loop.
 */
@FunctionalInterface
public interface OrgPolicies {

  /** No org has a policy: every org is protected by the built-in rules. */
  OrgPolicies NONE = orgId -> Optional.empty();

  /** The org's policy JSON, or empty when it has none. */
  Optional<String> policyJson(String orgId);
}
