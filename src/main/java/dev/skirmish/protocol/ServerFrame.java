package dev.skirmish.protocol;

import dev.skirmish.sim.GameEvent;
import dev.skirmish.sim.MatchPhase;
import dev.skirmish.sim.Wall;
import java.util.List;

/** A binary frame from the server on the game stream. */
public sealed interface ServerFrame {

    /** First frame of a game connection: who you are, the rates, the rules the client predicts with, the map. */
    record Welcome(int protocolVersion, int selfId, int simRateHz, int snapshotRateHz,
                   double accel, double maxSpeed, double friction, double playerRadius,
                   double projectileSpeed, double projectileRadius, int maxHealth, int fireCooldownTicks,
                   int killLimit, int matchSeconds, String mapName, int mapWidth, int mapHeight,
                   List<Wall> walls) implements ServerFrame {
        public Welcome {
            walls = List.copyOf(walls);
        }
    }

    /** Answer to a ping: the client's time echoed and the server tick. */
    record Pong(long clientTimeMillis, long serverTick) implements ServerFrame {
    }

    /**
     * World state at {@code tick}, for one player.
     *
     * @param ackSeq  last input sequence the server applied for this player
     * @param selfVx  the player's own velocity (units/s), for reconciliation
     * @param events  events since the previous snapshot this player was sent
     * @param roster  players and scores, present when they changed since this player's previous snapshot
     */
    record Snapshot(long tick, long ackSeq, double selfVx, double selfVy, MatchPhase phase,
                    int phaseTenthsRemaining, List<Entity> entities, List<GameEvent> events,
                    Roster roster) implements ServerFrame {
        public Snapshot {
            entities = List.copyOf(entities);
            events = List.copyOf(events);
        }
    }

    /** One entity of a snapshot, dequantized. */
    record Entity(int id, int kind, double x, double y, double angle, int health, int flags) {
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

    record RosterEntry(int id, int kills, int deaths, String name) {
    }
}
