package io.takumo.aegis.server.store;

/** An org's finished requests and charged credits with one provider on one day ({@code yyyy-MM-dd}, UTC). */
public record DailyUsage(String day, String provider, long requests, long creditsMicros) {
}
