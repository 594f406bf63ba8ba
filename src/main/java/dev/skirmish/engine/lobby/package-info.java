/**
 * The lobby: greeting players, listing, creating and joining rooms. Speaks JSON through
 * {@link dev.skirmish.engine.lobby.LobbyService#handle}; the WebSocket endpoint only passes text in and out.
 */
package dev.skirmish.engine.lobby;
