package io.takumo.aegis.server.usage;

import io.takumo.aegis.server.provider.Provider;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Prices in US dollars per million tokens, per provider and model: the table shipped as
 * {@code prices.json}, with the entries of an operator's file added over it. A model takes the
 * longest entry its name starts with, else its provider's {@code *} entry.
 */
public final class PriceTable {
  private record Price(double inputPerMillion, double outputPerMillion) {
  }

  private final Map<Provider, Map<String, Price>> prices;

  private PriceTable(Map<Provider, Map<String, Price>> prices) {
    this.prices = prices;
  }

  /** The shipped table, with the override file's entries over it when {@code override} is not null. */
  public static PriceTable load(Path override) {
    Map<Provider, Map<String, Price>> prices = new EnumMap<>(Provider.class);
    for (Provider provider : Provider.values()) {
      prices.put(provider, new HashMap<>());
    }
    try (InputStream in = PriceTable.class.getResourceAsStream("/prices.json")) {
      read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped prices.json", prices);
    } catch (IOException e) {
      throw new IllegalStateException("prices.json missing from the server jar", e);
    }
    if (override != null) {
      String text;
      try {
        text = Files.readString(override);
      } catch (IOException e) {
        throw new IllegalArgumentException("--prices: cannot read " + override + ": " + e.getClass().getSimpleName());
      }
      read(text, "--prices " + override, prices);
    }
    return new PriceTable(prices);
  }

  /** The credits, in millionths of a dollar, of this usage. */
  public long creditsMicros(Provider provider, Usage usage) {
    Price price = price(provider, usage.model());
    // Dollars per million tokens times tokens is exactly micro-dollars.
    return Math.round(usage.inputTokens() * price.inputPerMillion + usage.outputTokens() * price.outputPerMillion);
  }

  private Price price(Provider provider, String model) {
    Map<String, Price> table = prices.get(provider);
    Price best = null;
    int bestLength = -1;
    if (model != null) {
      // Gemini names its models "models/gemini-2.5-flash" in some replies.
      String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
      for (Map.Entry<String, Price> entry : table.entrySet()) {
        if (!entry.getKey().equals("*") && name.startsWith(entry.getKey()) && entry.getKey().length() > bestLength) {
          best = entry.getValue();
          bestLength = entry.getKey().length();
        }
      }
    }
    return best != null ? best : table.getOrDefault("*", new Price(0, 0));
  }

  private static void read(String text, String source, Map<Provider, Map<String, Price>> into) {
    JsonObject root;
    try {
      root = new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException(source + ": not a JSON object");
    }
    for (String providerName : root.fieldNames()) {
      if (providerName.startsWith("_")) {
        continue;
      }
      Provider provider;
      try {
        provider = Provider.parse(providerName);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage());
      }
      if (!(root.getValue(providerName) instanceof JsonObject models)) {
        throw new IllegalArgumentException(source + ": " + providerName + " is not an object of models");
      }
      for (String model : models.fieldNames()) {
        into.get(provider).put(model, price(models.getValue(model), source + ": " + providerName + "." + model));
      }
    }
  }

  private static Price price(Object value, String where) {
    if (value instanceof JsonObject entry && entry.getValue("input") instanceof Number input
        && entry.getValue("output") instanceof Number output && input.doubleValue() >= 0 && output.doubleValue() >= 0) {
      return new Price(input.doubleValue(), output.doubleValue());
    }
    throw new IllegalArgumentException(where + ": needs {\"input\": N, \"output\": N}, dollars per million tokens, N >= 0");
  }
}
