package dev.skirmish.protocol;

import dev.skirmish.sim.GameEvent;
import dev.skirmish.sim.MatchPhase;
import dev.skirmish.sim.Player;
import dev.skirmish.sim.Projectile;
import dev.skirmish.sim.World;
import java.nio.ByteBuffer;
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
                w.u8(Protocol.EVENT_HIT).u16(h.attackerId()).u16(h.victimId()).u8(Math.min(255, h.damage()))
                        .u8(Math.min(255, h.healthAfter()));
            } else if (e instanceof GameEvent.Kill k) {
                w.u8(Protocol.EVENT_KILL).u16(k.killerId()).u16(k.victimId());
            } else if (e instanceof GameEvent.Respawn s) {
                w.u8(Protocol.EVENT_RESPAWN).u16(s.playerId()).u16(Quant.toPosition(s.x())).u16(Quant.toPosition(s.y()));
            } else if (e instanceof GameEvent.MatchState m) {
                w.u8(Protocol.EVENT_MATCH).u8(m.phase().code()).u16(m.matchNumber() & 0xFFFF).u16(m.winnerId());
            }
        }
        return new EventChunk(n, w.toByteArray());
    }

    /** The roster block (u16 version, u8 count, entries): players in id order with scores and names (names are at most 16 characters). */
    public static byte[] encodeRoster(int version, Collection<Player> players) {
        ByteWriter w = new ByteWriter(4 + players.size() * 24);
        w.u16(version & 0xFFFF).u8(Math.min(255, players.size()));
        int n = 0;
        for (Player p : players) {
            if (n++ == 255) {
                break;
            }
            w.u16(p.id()).u16(Math.min(0xFFFF, p.kills())).u16(Math.min(0xFFFF, p.deaths())).str8(p.name());
        }
        return w.toByteArray();
    }

    /** The roster block from decoded values (tests, fixtures, tools); null stays null (no roster). */
    public static byte[] encodeRoster(ServerFrame.Roster roster) {
        if (roster == null) {
            return null;
        }
        ByteWriter w = new ByteWriter(4 + roster.players().size() * 24);
        w.u16(roster.version()).u8(roster.players().size());
        for (ServerFrame.RosterEntry e : roster.players()) {
            w.u16(e.id()).u16(e.kills()).u16(e.deaths()).str8(e.name());
        }
        return w.toByteArray();
    }


}
