package io.takumo.aegis.server.store;

import io.takumo.aegis.server.keys.Scope;
import java.util.Set;

/** An active key found by its hash, with its org and the org's plan: what admission decides on. */
public record KeyPrincipal(String keyId, String keyPrefix, Set<Scope> scopes, String orgId, String orgName, Plan plan) {
}
