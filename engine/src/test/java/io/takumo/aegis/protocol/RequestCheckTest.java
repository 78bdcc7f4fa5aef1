package io.takumo.aegis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's check in two steps (headers, then the streamed body), on the protocol's test vector. */
class RequestCheckTest {
  private static final long NOW = 1767225600L;
  private static final String DIGEST = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  private static byte[] macKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) Integer.parseInt(ProtocolVector.MAC_KEY.substring(2 * i, 2 * i + 2), 16);
    }
    return key;
  }

  private static Map<String, String> headers() {
    Map<String, String> h = new HashMap<>();
    h.put("authorization", "Bearer sk-test");
    h.put("content-type", "application/json");
    return h;
  }

  private static RequestCheck.Signed signed(String digest, String signature) {
    return new RequestCheck.Signed("https://api.openai.com/v1/chat/completions", "s_test", Long.toString(NOW),
        "AAECAwQFBgcICQoL", digest, "authorization;content-type", signature);
  }

  private static byte[] sha256(String body) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theHeadersPassOnTheirOwnAndTheBodyIsCheckedAgainstTheDigestTheyClaim() throws Exception {
    RequestCheck.Signed s = signed(DIGEST, ProtocolVector.SIGNATURE);
    assertNull(RequestCheck.headerProblem(macKey(), "POST", s, headers()::get, NOW));
    assertNull(RequestCheck.bodyProblem(s, sha256("{}")));
    assertEquals("the body digest does not match the body received", RequestCheck.bodyProblem(s, sha256("{} ")));
    assertNull(RequestCheck.problem(macKey(), "POST", s, headers()::get, "{}".getBytes(StandardCharsets.UTF_8), NOW));
    assertEquals("the body digest does not match the body received",
        RequestCheck.problem(macKey(), "POST", s, headers()::get, "{}x".getBytes(StandardCharsets.UTF_8), NOW));
  }

  @Test
  void aDigestThatIsNotHexOrUnsignedIsRefusedBeforeTheBody() {
    assertEquals("the body digest is not 64 lower-case hex digits",
        RequestCheck.headerProblem(macKey(), "POST", signed(DIGEST.toUpperCase(), ProtocolVector.SIGNATURE), headers()::get, NOW));
    RequestCheck.Signed unsigned = signed(CanonicalRequest.UNSIGNED_PAYLOAD, "x");
    assertEquals("the signature does not match", RequestCheck.headerProblem(macKey(), "POST", unsigned, headers()::get, NOW));
    assertNull(RequestCheck.bodyProblem(unsigned, new byte[32]));
  }
}
