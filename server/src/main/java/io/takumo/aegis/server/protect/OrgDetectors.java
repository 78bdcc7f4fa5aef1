package io.takumo.aegis.server.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.policy.DetectionPolicy;
import io.takumo.aegis.policy.OrgPolicy;
import io.takumo.aegis.server.ops.ServerLog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detectors of org policies, compiled once per distinct policy and kept (least recently used
 * dropped beyond {@link #CAPACITY}). An org policy is layered on the built-in rules exactly as the
 * agent layers it on its local policy with {@code org-policy-may-relax: false}: it only adds
 * detection; its {@code disable}, its allowlist and rules reusing a built-in id are left out, each
 * kind in one warning with its count. An invalid policy (not a JSON object) is one warning, and
 * the built-in rules protect that org.
 */
final class OrgDetectors {
  static final int CAPACITY = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DetectionPolicy base = DetectionPolicy.builtIn();
  private final Map<String, Detector> compiled = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Detector> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The built-in rules alone. */
  Detector builtIn() {
    return base.detector();
  }

  /** The detector for {@code policyJson} (the org's policy document), compiled on first use. */
  Detector forPolicy(String policyJson) {
    synchronized (compiled) {
      Detector known = compiled.get(policyJson);
      if (known != null) {
        return known;
      }
    }
    // Compiled outside the lock: two threads may compile the same policy once each, and one wins.
    Detector detector = compile(policyJson);
    synchronized (compiled) {
      compiled.putIfAbsent(policyJson, detector);
      return compiled.get(policyJson);
    }
  }

  private Detector compile(String policyJson) {
    Map<String, Object> document;
    try {
      Object parsed = JSON.readValue(policyJson, Object.class);
      if (!(parsed instanceof Map)) {
        ServerLog.warn(OrgPolicy.WHERE + "not a JSON object; the org is protected by the built-in rules alone");
        return base.detector();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) parsed;
      document = map;
    } catch (JsonProcessingException e) {
      ServerLog.warn(OrgPolicy.WHERE + "not valid JSON; the org is protected by the built-in rules alone");
      return base.detector();
    }
    OrgPolicy org = OrgPolicy.parse(document, ServerLog::warn, line -> { });
    return base.withOrg(org, false, ServerLog::warn, line -> { }).detector();
  }
}
