package io.takumo.aegis.server.orgpolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.policy.OrgPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An org policy on its way into the store (docs/gateway-protocol.md, "The org policy"). The agent
 * reads a policy from the gateway leniently, leaving out what it cannot use; the admin who sets it
 * is told instead: the engine's own parser reads it, and whatever it would leave out (a rule whose
 * regex does not compile or matches the empty string, a bad hint, an unknown built-in id to
 * disable, a field it does not know) refuses the whole policy with a one-line reason, which names
 * a rule's id or an entry's place, never a pattern or a value.
 */
public final class OrgPolicyText {
  /** The admin API's body limit; the store's column holds this much. */
  public static final int MAX_CHARS = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private OrgPolicyText() {
  }

  /**
   * The policy in compact JSON, as the handshake seals it.
   *
   * @throws IllegalArgumentException with a one-line reason when it is not a valid org policy
   */
  public static String validate(String text) {
    if (text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("the org policy is over " + MAX_CHARS + " characters");
    }
    Object document;
    try {
      document = JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input: only the position is passed on.
      throw new IllegalArgumentException("the org policy is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("the org policy is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> object = (Map<String, ?>) map;
    List<String> problems = new ArrayList<>();
    OrgPolicy.parse(object, problems::add, problems::add);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid org policy: " + reason(problems.get(0))
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : ""));
    }
    try {
      return JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the org policy could not be written back as JSON", e);
    }
  }

  /** The parser's line without what the agent does about it ("this rule is skipped, ..."): here nothing is stored. */
  private static String reason(String line) {
    String reason = line.startsWith(OrgPolicy.WHERE) ? line.substring(OrgPolicy.WHERE.length()) : line;
    String unknown = "ignored field(s) this agent does not know: ";
    if (reason.startsWith(unknown)) {
      return "unknown field(s): " + reason.substring(unknown.length());
    }
    int consequence = reason.lastIndexOf("; ");
    return consequence > 0 ? reason.substring(0, consequence) : reason;
  }
}
