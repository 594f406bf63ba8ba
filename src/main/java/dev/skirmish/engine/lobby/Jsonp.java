package dev.skirmish.engine.lobby;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider of the lobby. {@code jakarta.json.Json}'s static methods look the provider up with a
 * {@code ServiceLoader} scan on every call, which under load was a visible share of the server's CPU.
 */
final class Jsonp {
    static final JsonProvider JSON = JsonProvider.provider();

    private Jsonp() {
    }
}
