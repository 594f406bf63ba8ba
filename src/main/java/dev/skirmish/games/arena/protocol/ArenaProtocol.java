package dev.skirmish.games.arena.protocol;

/** The arena's own wire constants: entity kinds, entity flags and event types of its snapshots. */
public final class ArenaProtocol {
    /** The game's name in WELCOME frames, the lobby and the settings. */
    public static final String GAME = "arena";

    /** Entity kinds in snapshots. */
    public static final int KIND_PLAYER = 1;
    public static final int KIND_PROJECTILE = 2;

    /** Entity flag bits in snapshots. */
    public static final int FLAG_ALIVE = 1;
    public static final int FLAG_PROTECTED = 1 << 1;
    public static final int FLAG_FIRED = 1 << 2;
    /** The player's connection dropped; its seat is held (it cannot be hit and hits nobody). */
    public static final int FLAG_HELD = 1 << 3;

    /** Event types in snapshots. */
    public static final int EVENT_HIT = 1;
    public static final int EVENT_KILL = 2;
    public static final int EVENT_RESPAWN = 3;
    public static final int EVENT_MATCH = 4;
    public static final int EVENT_CONNECTION = 5;

    private ArenaProtocol() {
    }
}
