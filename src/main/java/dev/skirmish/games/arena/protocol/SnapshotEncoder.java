package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.ByteWriter;

import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.games.arena.sim.MatchPhase;
import java.util.Collection;
import java.util.List;

/**
 * The byte-aligned parts of a snapshot frame that a room encodes once and shares between its players: the
 * events of each snapshot interval and the roster. The bit-packed part is {@link SnapshotCodec}'s.
 */
public final class SnapshotEncoder {
    private SnapshotEncoder() {
    }

    /** Encoded events of one snapshot interval. */
    public record EventChunk(int count, byte[] bytes) {
        public static final EventChunk EMPTY = new EventChunk(0, new byte[0]);
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
            }
        }
        return new EventChunk(n, w.toByteArray());
    }

    /** Roster block forms. */
    public static final int ROSTER_FULL = 0;
    public static final int ROSTER_DELTA = 1;

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

    /**
     * A full roster block: u8 0, u16 version, u8 count, then per player (id order) u16 id, u16 kills,
     * u16 deaths, str8 name (names are at most 16 characters).
     */
    public static byte[] encodeRoster(int version, Collection<ServerFrame.RosterEntry> players) {
        ByteWriter w = new ByteWriter(5 + players.size() * 24);
        w.u8(ROSTER_FULL).u16(version & 0xFFFF).u8(Math.min(255, players.size()));
        entries(w, players);
        return w.toByteArray();
    }

    /**
     * A roster delta against the client's version {@code base}: u8 1, u16 version, u16 base, u8 count of
     * changed or new entries (as in the full block), u8 count of removed ids, u16 each.
     */
    public static byte[] encodeRosterDelta(int version, int base, Collection<ServerFrame.RosterEntry> changed,
                                           Collection<Integer> removed) {
        ByteWriter w = new ByteWriter(8 + changed.size() * 24 + removed.size() * 2);
        w.u8(ROSTER_DELTA).u16(version & 0xFFFF).u16(base & 0xFFFF).u8(Math.min(255, changed.size()));
        entries(w, changed);
        w.u8(Math.min(255, removed.size()));
        int n = 0;
        for (int id : removed) {
            if (n++ == 255) {
                break;
            }
            w.u16(id);
        }
        return w.toByteArray();
    }

    private static void entries(ByteWriter w, Collection<ServerFrame.RosterEntry> players) {
        int n = 0;
        for (ServerFrame.RosterEntry p : players) {
            if (n++ == 255) {
                break;
            }
            w.u16(p.id()).u16(Math.min(0xFFFF, p.kills())).u16(Math.min(0xFFFF, p.deaths())).str8(p.name());
        }
    }

    /** The full roster block from decoded values (tests, fixtures, tools); null stays null (no roster). */
    public static byte[] encodeRoster(ServerFrame.Roster roster) {
        return roster == null ? null : encodeRoster(roster.version(), roster.players());
    }
}
