/**
 * The wire format: opcodes, close codes, error codes, message records and their binary codecs.
 *
 * <p>Plain Java with no Jakarta imports, shared by the server, the tests and the tools (bots). Every table
 * here has a twin in {@code webapp-client/js/protocol.js}; both are checked against the fixtures in
 * {@code src/test/resources/protocol/}. {@code docs/protocol.md} documents every byte.
 */
package dev.skirmish.games.arena.protocol;
