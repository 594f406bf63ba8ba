package dev.skirmish.games.arena.sim;

/** A place where players (re)enter the arena. */
public record SpawnPoint(int x, int y) {
}
