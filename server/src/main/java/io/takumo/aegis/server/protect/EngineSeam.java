package io.takumo.aegis.server.protect;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.proxy.ProtectionSeam;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Optional;

/**
 * The engine's protection for base-URL clients: each request body has its secrets tokenized by
 * the built-in rules plus its org's policy, into the org's vault, and its response gets back the
 * tokens that request produced (and no other), restored in JSON and SSE as the agent restores them.
 */
public final class EngineSeam implements ProtectionSeam {
  private final OrgPolicies policies;
  private final ProtectionLimits limits;
  private final GatewayMetrics metrics;
  private final OrgDetectors detectors = new OrgDetectors();
  private final OrgVaults vaults;

  public EngineSeam(OrgPolicies policies, ProtectionLimits limits, GatewayMetrics metrics) {
    this.policies = policies;
    this.limits = limits;
    this.metrics = metrics;
    this.vaults = new OrgVaults(limits);
  }

  @Override
  public Exchange open(ProviderRoute route, KeyPrincipal principal, MultiMap requestHeaders) {
    Optional<String> policy = policies.policyJson(principal.orgId());
    Detector detector = policy.isEmpty() || policy.get().isBlank() ? detectors.builtIn() : detectors.forPolicy(policy.get());
    return new EngineExchange(vaults.of(principal.orgId(), detector), principal.orgName(),
        requestHeaders.get(HttpHeaders.CONTENT_TYPE), requestHeaders.get(HttpHeaders.CONTENT_ENCODING),
        limits.maxBodySize(), metrics);
  }
}
