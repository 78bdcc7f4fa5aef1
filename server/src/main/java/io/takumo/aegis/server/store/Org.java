package io.takumo.aegis.server.store;

/** An organisation: the owner of API keys, on one plan. */
public record Org(String id, String name, String planId, String planName) {
}
