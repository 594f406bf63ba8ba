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
 * Builds snapshot frames in parts, so that a room encodes the parts shared by all its players once per
 * snapshot and each player's frame is only a header plus copies:
 * <pre>
 * per player : u8 op, u32 tick, u32 ackSeq, i16 selfVx, i16 selfVy
 * shared     : u8 phase, u16 phaseTenthsRemaining, u16 entityCount, entities (10 bytes each)
 * per player : u16 eventCount, event chunks since that player's previous snapshot, roster block
 * </pre>
 */
public final class SnapshotEncoder {
    /** Bytes of the per-player header. */
    public static final int HEADER_BYTES = 13;
    /** Bytes per entity. */
    public static final int ENTITY_BYTES = 10;
    /** The roster block of a snapshot that carries no roster. */
    public static final byte[] NO_ROSTER = {0};

    private SnapshotEncoder() {
    }

    /** Encoded events of one snapshot interval. */
    public record EventChunk(int count, byte[] bytes) {
        public static final EventChunk EMPTY = new EventChunk(0, new byte[0]);
    }

    /** The shared middle part: match phase and every entity, quantized. */
    public static byte[] encodeShared(World world) {
        Collection<Player> players = world.players();
        List<Projectile> projectiles = world.projectiles();
        ByteWriter w = new ByteWriter(5 + (players.size() + projectiles.size()) * ENTITY_BYTES);
        long tenths = world.phaseTicksRemaining() * 10 / world.rules().tickRateHz();
        w.u8(world.phase().code()).u16((int) Math.min(0xFFFF, tenths));
        w.u16(players.size() + projectiles.size());
        long tick = world.tick();
        for (Player p : players) {
            int flags = (p.alive() ? Protocol.FLAG_ALIVE : 0)
                    | (p.isProtected(tick) ? Protocol.FLAG_PROTECTED : 0)
                    | (p.firedAt(tick) ? Protocol.FLAG_FIRED : 0);
            writeEntity(w, p.id(), Protocol.KIND_PLAYER, p.x, p.y, p.aim(), p.health(), flags);
        }
        for (Projectile pr : projectiles) {
            writeEntity(w, pr.id(), Protocol.KIND_PROJECTILE, pr.x, pr.y, pr.heading(), 0, Protocol.FLAG_ALIVE);
        }
        return w.toByteArray();
    }

    /** The shared part from decoded values (tests, fixtures, tools). */
    public static byte[] encodeShared(MatchPhase phase, int phaseTenthsRemaining, List<ServerFrame.Entity> entities) {
        ByteWriter w = new ByteWriter(5 + entities.size() * ENTITY_BYTES);
        w.u8(phase.code()).u16(phaseTenthsRemaining).u16(entities.size());
        for (ServerFrame.Entity e : entities) {
            writeEntity(w, e.id(), e.kind(), e.x(), e.y(), e.angle(), e.health(), e.flags());
        }
        return w.toByteArray();
    }

    private static void writeEntity(ByteWriter w, int id, int kind, double x, double y, double angle, int health,
                                    int flags) {
        w.u16(id).u8(kind).u16(Quant.toPosition(x)).u16(Quant.toPosition(y)).u8(Quant.toAngle8(angle))
                .u8(Math.max(0, Math.min(255, health))).u8(flags);
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

    /** The roster block: players in id order with scores and names (names are at most 16 characters). */
    public static byte[] encodeRoster(int version, Collection<Player> players) {
        ByteWriter w = new ByteWriter(4 + players.size() * 24);
        w.u8(1).u16(version & 0xFFFF).u8(Math.min(255, players.size()));
        int n = 0;
        for (Player p : players) {
            if (n++ == 255) {
                break;
            }
            w.u16(p.id()).u16(Math.min(0xFFFF, p.kills())).u16(Math.min(0xFFFF, p.deaths())).str8(p.name());
        }
        return w.toByteArray();
    }

    /** The roster block from decoded values (tests, fixtures, tools); null gives {@link #NO_ROSTER}. */
    public static byte[] encodeRoster(ServerFrame.Roster roster) {
        if (roster == null) {
            return NO_ROSTER;
        }
        ByteWriter w = new ByteWriter(4 + roster.players().size() * 24);
        w.u8(1).u16(roster.version()).u8(roster.players().size());
        for (ServerFrame.RosterEntry e : roster.players()) {
            w.u16(e.id()).u16(e.kills()).u16(e.deaths()).str8(e.name());
        }
        return w.toByteArray();
    }

    /** A whole snapshot frame from decoded values (tests, fixtures, tools). */
    public static ByteBuffer encode(ServerFrame.Snapshot s) {
        return assemble(s.tick(), s.ackSeq(), s.selfVx(), s.selfVy(),
                encodeShared(s.phase(), s.phaseTenthsRemaining(), s.entities()),
                List.of(encodeEvents(s.events())), encodeRoster(s.roster()));
    }

    /** Assembles one player's frame from its header values and the shared and per-player parts. */
    public static ByteBuffer assemble(long tick, long ackSeq, double selfVx, double selfVy, byte[] shared,
                                      List<EventChunk> chunks, byte[] roster) {
        int eventBytes = 0;
        int eventCount = 0;
        int used = 0;
        for (EventChunk c : chunks) {
            if (eventCount + c.count() > 0xFFFF) {
                break;
            }
            eventCount += c.count();
            eventBytes += c.bytes().length;
            used++;
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + shared.length + 2 + eventBytes + roster.length);
        buf.put((byte) Protocol.OP_SNAPSHOT).putInt((int) tick).putInt((int) ackSeq)
                .putShort((short) Quant.toVelocity(selfVx)).putShort((short) Quant.toVelocity(selfVy))
                .put(shared).putShort((short) eventCount);
        for (int i = 0; i < used; i++) {
            buf.put(chunks.get(i).bytes());
        }
        buf.put(roster);
        return buf.flip();
    }
}
