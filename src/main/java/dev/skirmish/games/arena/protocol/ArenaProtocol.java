package dev.skirmish.games.arena.protocol;

/** The arena's own wire constants: entity kinds, entity flags and event types of its snapshots. */
public final class ArenaProtocol {
    /** The game's name in WELCOME frames, the lobby and the settings. */
    public static final String GAME = "arena";
    /** The arena's team mode, a game of its own name on the same wire (its WELCOME names it and says mode 1). */
    public static final String TEAM_GAME = "teams";

    /** Entity kinds in snapshots. */
    public static final int KIND_PLAYER = 1;
    public static final int KIND_PROJECTILE = 2;

    /** Entity flag bits in snapshots. */
    public static final int FLAG_ALIVE = 1;
    public static final int FLAG_PROTECTED = 1 << 1;
    public static final int FLAG_FIRED = 1 << 2;
    /** The player's connection dropped; its seat is held (it cannot be hit and hits nobody). */
    public static final int FLAG_HELD = 1 << 3;
    /** The player's hits do more damage: a damage pickup's time runs (protocol 10). */
    public static final int FLAG_BOOSTED = 1 << 4;
    /** Of a projectile in a decoded table: a rail slug, not a blaster shot (one bit on the wire; protocol 10). */
    public static final int FLAG_RAIL = 1 << 5;
    /** Bits of a player's flags on the wire. */
    public static final int PLAYER_FLAG_BITS = 5;

    /** Event types in snapshots. */
    public static final int EVENT_HIT = 1;
    public static final int EVENT_KILL = 2;
    public static final int EVENT_RESPAWN = 3;
    public static final int EVENT_MATCH = 4;
    public static final int EVENT_CONNECTION = 5;
    /** A player took a pickup: u16 player, u8 the map's spot index, u8 kind (protocol 10). */
    public static final int EVENT_PICKUP = 6;

    /** Pickup kinds in WELCOME frames and pickup events. */
    public static final int PICKUP_HEALTH = 1;
    public static final int PICKUP_SHIELD = 2;
    public static final int PICKUP_DAMAGE = 3;

    /** Match modes in WELCOME frames. */
    public static final int MODE_FREE_FOR_ALL = 0;
    public static final int MODE_TEAMS = 1;

    /** A pickup kind's code on the wire. */
    public static int pickupCode(dev.skirmish.games.arena.sim.PickupSpot.Kind kind) {
        return kind.ordinal() + 1;
    }

    /** The pickup kind of a code, or null for an unknown one. */
    public static dev.skirmish.games.arena.sim.PickupSpot.Kind pickupKind(int code) {
        var kinds = dev.skirmish.games.arena.sim.PickupSpot.Kind.values();
        return code >= 1 && code <= kinds.length ? kinds[code - 1] : null;
    }

    private ArenaProtocol() {
    }
}
