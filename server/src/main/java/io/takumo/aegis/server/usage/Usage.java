package io.takumo.aegis.server.usage;

/** The tokens a provider reported for one request, and the model it named (null if none). */
public record Usage(String model, long inputTokens, long outputTokens) {
  public static final Usage NONE = new Usage(null, 0, 0);
}
