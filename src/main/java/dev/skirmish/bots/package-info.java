/**
 * The bot swarm: bots that go through the lobby like a browser, play the game with the server's own protocol
 * code, and report game-level figures (join time, snapshot regularity and staleness, input round trip,
 * bandwidth, closes). Plain Java with the JDK's WebSocket client; see {@link dev.skirmish.bots.Swarm}.
 */
package dev.skirmish.bots;
