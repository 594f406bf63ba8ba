/**
 * The game simulation: a deterministic, plain-Java arena world advanced one fixed tick at a time.
 *
 * <p>No Jakarta imports, no wall clock, no threads: {@link dev.skirmish.games.arena.sim.World#step} takes the
 * inputs of one tick and advances the world by {@code 1 / tickRateHz} seconds. Randomness comes from
 * a seed given at construction, so the same seed and inputs always give the same world.
 */
package dev.skirmish.games.arena.sim;
