/**
 * The arena shooter as a game on the engine's SPI: {@link dev.skirmish.games.arena.ArenaGame} (settings, inputs,
 * worlds), {@link dev.skirmish.games.arena.ArenaWorld} (the simulation as the engine drives it) and its snapshot
 * writer. The simulation is in {@code sim}, the wire format in {@code protocol}.
 */
package dev.skirmish.games.arena;
