package io.takumo.aegis.rewrite;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.vault.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Replaces the secrets in a request body (already decoded from any content coding) by tokens. */
public final class RequestRewriter {

  private final SecretReplacer replacer;
  private final JsonBodyRewriter json;

  /** @param tokenizer a {@code Vault}, or one that keeps nothing (mode observe) */
  public RequestRewriter(Detector detector, Tokenizer tokenizer, long maxBodySize) {
    this.replacer = new SecretReplacer(detector, tokenizer);
    this.json = new JsonBodyRewriter(replacer, maxBodySize);
  }

  public Rewrite rewrite(byte[] body, BodyKind kind) throws UnrewritableBodyException {
    Tally counts = new Tally();
    switch (kind) {
      case JSON:
        return new Rewrite(json.rewrite(body, counts), counts);
      case TEXT:
        String text = decodeUtf8(body);
        String replaced = replacer.replace(text, counts);
        return new Rewrite(replaced == text ? body : replaced.getBytes(StandardCharsets.UTF_8), counts);
      default:
        return new Rewrite(body, counts);
    }
  }

  private static String decodeUtf8(byte[] body) throws UnrewritableBodyException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UnrewritableBodyException("text request body is not valid UTF-8");
    }
  }
}
