package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.wire.RosterBlocks;
import dev.skirmish.engine.spi.wire.ByteWriter;

import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.engine.spi.MatchPhase;
import java.util.Collection;
import java.util.List;

/**
 * The byte-aligned parts of a snapshot frame that a room encodes once and shares between its players: the
 * events of each snapshot interval and the roster. The bit-packed part is {@link SnapshotCodec}'s.
 */
public final class SnapshotEncoder {
    private SnapshotEncoder() {
    }

    /** Encodes events (without their count); at most 65535 are kept. */
    public static EventChunk encodeEvents(List<GameEvent> events) {
        if (events.isEmpty()) {
            return EventChunk.EMPTY;
        }
        ByteWriter w = new ByteWriter(events.size() * 7);
        int n = 0;
        for (GameEvent e : events) {
            if (n == 0xFFFF) {
                break;
            }
            n++;
            if (e instanceof GameEvent.Hit h) {
                w.u8(ArenaProtocol.EVENT_HIT).u16(h.attackerId()).u16(h.victimId()).u8(Math.min(255, h.damage()))
                        .u8(Math.min(255, h.healthAfter()));
            } else if (e instanceof GameEvent.Kill k) {
                w.u8(ArenaProtocol.EVENT_KILL).u16(k.killerId()).u16(k.victimId());
            } else if (e instanceof GameEvent.Respawn s) {
                w.u8(ArenaProtocol.EVENT_RESPAWN).u16(s.playerId()).u16(Quant.toPosition(s.x())).u16(Quant.toPosition(s.y()));
            } else if (e instanceof GameEvent.MatchState m) {
                w.u8(ArenaProtocol.EVENT_MATCH).u8(m.phase().code()).u16(m.matchNumber() & 0xFFFF).u16(m.winnerId());
            } else if (e instanceof GameEvent.Connection c) {
                w.u8(ArenaProtocol.EVENT_CONNECTION).u16(c.playerId()).u8(c.connected() ? 1 : 0);
            } else if (e instanceof GameEvent.Pickup p) {
                w.u8(ArenaProtocol.EVENT_PICKUP).u16(p.playerId()).u8(p.spot()).u8(ArenaProtocol.pickupCode(p.kind()));
            }
        }
        return new EventChunk(n, w.toByteArray());
    }

    /** Roster block forms ({@link RosterBlocks}). */
    public static final int ROSTER_FULL = RosterBlocks.FULL;
    public static final int ROSTER_DELTA = RosterBlocks.DELTA;

    /**
     * A radar block: u8 count (at most 255), then per blip u8 x, u8 y in 256ths of the map's width and height
     * ({@code qx[i]}, {@code qy[i]}, already quantized by {@link #radarCell}).
     */
    public static byte[] encodeRadar(int[] qx, int[] qy, int count) {
        int n = Math.min(255, count);
        ByteWriter w = new ByteWriter(1 + 2 * n);
        w.u8(n);
        for (int i = 0; i < n; i++) {
            w.u8(qx[i]).u8(qy[i]);
        }
        return w.toByteArray();
    }

    /** A coordinate in 256ths of the map side {@code side}, 0..255. */
    public static int radarCell(double v, int side) {
        return Math.max(0, Math.min(255, (int) Math.floor(v * 256 / side)));
    }

    /** Values of an arena roster line: kills, deaths and team (1 or 2 in a team match, 0 in a free-for-all). */
    public static final int ROSTER_SCORES = 3;

    /** A full roster block ({@link RosterBlocks#full}): the arena's values are kills, deaths and team. */
    public static byte[] encodeRoster(int version, Collection<ServerFrame.RosterEntry> players) {
        return RosterBlocks.full(version, lines(players));
    }

    /** A roster delta against the client's version {@code base} ({@link RosterBlocks#delta}). */
    public static byte[] encodeRosterDelta(int version, int base, Collection<ServerFrame.RosterEntry> changed,
                                           Collection<Integer> removed) {
        return RosterBlocks.delta(version, base, lines(changed), removed);
    }

    /** The arena's roster line: kills, deaths and team. */
    public static RosterLine line(int id, String name, int kills, int deaths, int team) {
        return new RosterLine(id, name, new int[]{kills, deaths, team});
    }

    private static java.util.List<RosterLine> lines(Collection<ServerFrame.RosterEntry> players) {
        return players.stream().map(p -> line(p.id(), p.name(), p.kills(), p.deaths(), p.team())).toList();
    }

    /** The full roster block from decoded values (tests, fixtures, tools); null stays null (no roster). */
    public static byte[] encodeRoster(ServerFrame.Roster roster) {
        return roster == null ? null : encodeRoster(roster.version(), roster.players());
    }
}
