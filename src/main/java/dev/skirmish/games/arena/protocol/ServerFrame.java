package dev.skirmish.games.arena.protocol;

import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.sim.PickupSpot;
import dev.skirmish.games.arena.sim.Wall;
import java.util.List;

/** A binary frame from the server on the game stream. */
public sealed interface ServerFrame {

    /**
     * First frame of a game connection: who you are, the rates, the rules the client predicts with, the map.
     * {@code viewWidth x viewHeight} is the most of the map a client may show (its area of interest, without
     * the margin); {@code respawnTicks} is the time from death to respawn.
     */
    record Welcome(int protocolVersion, int selfId, int simRateHz, int snapshotRateHz,
                   double accel, double maxSpeed, double friction, double playerRadius,
                   double projectileSpeed, double projectileRadius, int maxHealth, int fireCooldownTicks,
                   int killLimit, int matchSeconds, int respawnTicks, int viewWidth, int viewHeight,
                   String mapName, int mapWidth, int mapHeight, List<Wall> walls, int mode, double railSpeed,
                   int railCooldownTicks, List<PickupSpot> pickups) implements ServerFrame {
        public Welcome {
            walls = List.copyOf(walls);
            pickups = List.copyOf(pickups);
        }

        /** Whether the room plays a team match ({@link ArenaProtocol#MODE_TEAMS}). */
        public boolean teams() {
            return mode == ArenaProtocol.MODE_TEAMS;
        }
    }

    /** The room moved to another node: {@code gamePath} (relative to the page) leads back to the same seat there. */
    record Moved(String gamePath) implements ServerFrame {
    }

    /**
     * To a spectator: the snapshots now follow this player ({@code entityId} 0: nobody is in the world to watch;
     * no snapshots come until somebody is).
     */
    record Following(int entityId) implements ServerFrame {
    }

    /**
     * To a replay viewer: {@code flags} (1 paused, 2 at the end, 4 a kill replay), the speed in quarters, the
     * recording's tick rate, and the position and length in its ticks.
     */
    record Replay(int flags, int speedQuarters, int tickRateHz, long position, long length) implements ServerFrame {
    }

    /** Answer to a ping: the client's time echoed and the server tick. */
    record Pong(long clientTimeMillis, long serverTick) implements ServerFrame {
    }

    /**
     * A radar blip: another living player outside the snapshot's entities, in 256ths of the map's width and
     * height; its centre is at {@code ((qx + 0.5) * mapWidth / 256, (qy + 0.5) * mapHeight / 256)}.
     */
    record Blip(int qx, int qy) {
    }

    /**
     * World state at {@code tick}, for one player, as its decoder holds it after applying a snapshot frame.
     *
     * @param full         true for a full snapshot, false for a delta applied to the previous one
     * @param ackSeq       last input sequence the server applied for this player
     * @param selfVx       the player's own velocity (units/s), for reconciliation
     * @param phaseEndTick tick at which the match phase ends (0 while waiting)
     * @param areaHalfWidth half the play area's width (units; the area is centred on the map)
     * @param areaHalfHeight half its height
     * @param entities     the entities in this player's area of interest, in id order
     * @param events       events since the previous snapshot this player was sent
     * @param roster       players and scores, present when they changed since this player's previous snapshot
     * @param radar        about once a second: where the other living players outside this snapshot's entities
     *                     are, coarsely; null in the other snapshots
     */
    record Snapshot(long tick, boolean full, long ackSeq, double selfVx, double selfVy, MatchPhase phase,
                    long phaseEndTick, double areaHalfWidth, double areaHalfHeight, List<Entity> entities,
                    List<GameEvent> events, Roster roster, List<Blip> radar, int pickupCount, long pickups)
            implements ServerFrame {
        public Snapshot {
            entities = List.copyOf(entities);
            events = List.copyOf(events);
            radar = radar == null ? null : List.copyOf(radar);
        }

        /** The entity with this id, or null. */
        public Entity entity(int id) {
            for (Entity e : entities) {
                if (e.id() == id) {
                    return e;
                }
            }
            return null;
        }
    }

    /** One entity of a snapshot, dequantized; {@code owner} is the shooter of a projectile (0 for players). */
    record Entity(int id, int kind, double x, double y, double angle, int health, int flags, int owner) {
        public boolean hasFlag(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** The scoreboard: every player in the room. */
    record Roster(int version, List<RosterEntry> players) {
        public Roster {
            players = List.copyOf(players);
        }
    }

    /** One player of the scoreboard; {@code team} is 1 or 2 in a team match, 0 in a free-for-all (protocol 10). */
    record RosterEntry(int id, int kills, int deaths, String name, int team) {
        /** A free-for-all line. */
        public RosterEntry(int id, int kills, int deaths, String name) {
            this(id, kills, deaths, name, 0);
        }
    }
}
