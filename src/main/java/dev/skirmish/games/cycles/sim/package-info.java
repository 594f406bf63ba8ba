/**
 * The light-cycle track: a grid, cycles that move one cell a tick and leave a trail, rounds of elimination. Plain,
 * deterministic Java (a seeded line-up is the only randomness); only the engine's SPI is imported.
 */
package dev.skirmish.games.cycles.sim;
