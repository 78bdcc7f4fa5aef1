package io.takumo.aegis.server.store;

/** An org's admitted requests and charged credits in one month: what plan limits are checked against. */
public record MonthlyTotals(long requests, long creditsMicros) {
}
