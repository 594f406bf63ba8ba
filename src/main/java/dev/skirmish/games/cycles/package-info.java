/**
 * Light cycles, the second game on the engine's SPI: {@link dev.skirmish.games.cycles.CyclesGame},
 * {@link dev.skirmish.games.cycles.CyclesWorld} and its snapshot writer. The track is in {@code sim}, the wire
 * format in {@code protocol}.
 */
package dev.skirmish.games.cycles;
