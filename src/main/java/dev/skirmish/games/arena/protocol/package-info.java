/**
 * The arena's part of the wire format (the engine's is {@code dev.skirmish.engine.spi.wire}): its entity kinds,
 * flags and events, its client frames' controls, its WELCOME body, its snapshot body and the Java client decoder.
 *
 * <p>Plain Java, shared by the server, the tests and the tools (bots). Every table here has a twin in
 * {@code webapp-client/js/games/arena/protocol.js}; both are checked against the fixtures in
 * {@code src/test/resources/protocol/}. {@code docs/protocol.md} documents every byte.
 */
package dev.skirmish.games.arena.protocol;
