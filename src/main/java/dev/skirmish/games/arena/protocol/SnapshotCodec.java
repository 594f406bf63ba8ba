package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.BitReader;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.wire.SnapshotFrames;
import java.util.List;

/**
 * The arena's part of the snapshot frame (0x81): a full snapshot, or a delta against the last snapshot the client
 * was sent. The engine writes the frame's header and tail ({@link SnapshotFrames}); docs/protocol.md ("Snapshot")
 * is the specification; webapp-client/js/snapshot.js decodes the same bits.
 *
 * <pre>
 * engine: u8 op, u8 baseAge, [u32 tick when full], ack, match phase, event count, roster flag
 * arena bits: own velocity, play area, pickups, baseline entities (0 same, 10 changed + fields, 11 left),
 *             entered entities, radar flag; zero padding to a byte
 * arena bytes: radar
 * engine: events, roster
 * </pre>
 * Positions of known entities are predicted from their motion per tick ({@code mx, my}) and only the residual
 * is sent, in one of four size classes; a stopped or steadily moving entity costs one bit.
 */
public final class SnapshotCodec {
    /** A delta can reach back at most this many ticks; older baselines get a full snapshot. */
    public static final int MAX_BASE_AGE = Views.MAX_BASE_AGE;
    static final int FIELD_POS = 1;
    static final int FIELD_ANGLE = 2;
    static final int FIELD_HEALTH = 4;
    static final int FIELD_FLAGS = 8;
    private static final int MOVE_AND_AIM = FIELD_POS | FIELD_ANGLE;
    /** Residual classes: 4, 7 and 10 signed bits; class 3 is the absolute 16-bit value. */
    private static final int[] CLASS_BITS = {4, 7, 10};
    static final int MAX_MOTION = 2047;
    private static final int KNOWN_FLAGS = ArenaProtocol.FLAG_ALIVE | ArenaProtocol.FLAG_PROTECTED | ArenaProtocol.FLAG_FIRED
            | ArenaProtocol.FLAG_HELD | ArenaProtocol.FLAG_BOOSTED;
    private static final int FLAG_BITS = ArenaProtocol.PLAYER_FLAG_BITS;
    /** Most pickup spots a map may have (a snapshot's pickup mask is one long). */
    public static final int MAX_PICKUPS = 64;

    private SnapshotCodec() {
    }

    /** Whether {@code base} can serve as the baseline of a snapshot at {@code tick}. */
    public static boolean usable(SnapshotState base, long tick) {
        return base != null && base.valid && tick > base.tick && tick - base.tick <= MAX_BASE_AGE;
    }

    /**
     * Encodes the whole frame of {@code next} (its entities in id order, motion not yet set) against {@code base},
     * or in full when {@code base} is not {@link #usable}, as the server would (tests, fixtures, tools). Sets the
     * motion of {@code next}'s entities as the decoder will, so that {@code next} can be the following baseline. The
     * frame is left in {@code w} (reset first).
     */
    public static void encode(SnapshotState base, SnapshotState next, List<EventChunk> events, byte[] roster,
                              BitWriter w) {
        encode(base, next, events, roster, null, w);
    }

    /** The same with a radar ({@link SnapshotEncoder#encodeRadar}), or none when {@code radar} is null. */
    public static void encode(SnapshotState base, SnapshotState next, List<EventChunk> events, byte[] roster,
                              byte[] radar, BitWriter w) {
        boolean delta = usable(base, next.tick);
        SnapshotFrames.writeHeader(w, delta ? (int) (next.tick - base.tick) : 0, next.tick, next.ackSeq, next.phase,
                next.phaseEndTick, delta ? base.ackSeq : 0, delta ? base.phase : 0, delta ? base.phaseEndTick : 0,
                SnapshotFrames.eventCount(events), roster != null);
        encodeBody(delta ? base : null, next, radar, w);
        SnapshotFrames.writeTail(w, events, roster);
    }

    /**
     * The arena's part of a frame, after the engine's header: against {@code base} (usable, its tick before
     * {@code next.tick}), or in full when it is null. Ends aligned, after the radar bytes.
     */
    public static void encodeBody(SnapshotState base, SnapshotState next, byte[] radar, BitWriter w) {
        boolean delta = base != null;
        int age = delta ? (int) (next.tick - base.tick) : 0;
        if (!delta) {
            w.bits(next.vx, 16).bits(next.vy, 16);
            w.bits(next.areaHalfWidth16, 16).bits(next.areaHalfHeight16, 16);
            writePickups(next, w);
        } else {
            boolean vel = next.vx != base.vx || next.vy != base.vy;
            w.bit(vel);
            if (vel) {
                w.bits(next.vx, 16).bits(next.vy, 16);
            }
            boolean area = next.areaHalfWidth16 != base.areaHalfWidth16 || next.areaHalfHeight16 != base.areaHalfHeight16;
            w.bit(area);
            if (area) {
                w.bits(next.areaHalfWidth16, 16).bits(next.areaHalfHeight16, 16);
            }
            boolean pickups = next.pickups != base.pickups || next.pickupCount != base.pickupCount;
            w.bit(pickups);
            if (pickups) {
                writePickups(next, w);
            }
        }
        EntityTable cur = next.entities;
        EntityTable old = delta ? base.entities : null;
        int entered = 0;
        if (old != null) {
            int j = 0;
            for (int i = 0; i < old.size; i++) {
                int oid = old.id[i];
                while (j < cur.size && cur.id[j] < oid) {
                    j++;
                    entered++;
                }
                if (j < cur.size && cur.id[j] == oid) {
                    writeChange(old, i, cur, j, age, w);
                    j++;
                } else {
                    w.bits(3, 2); // left
                }
            }
            entered += cur.size - j;
        } else {
            entered = cur.size;
        }
        w.uv(entered);
        int prevId = -1;
        int k = 0;
        int oldSize = old == null ? 0 : old.size;
        for (int j = 0; j < cur.size; j++) {
            while (k < oldSize && old.id[k] < cur.id[j]) {
                k++; // both tables are in id order: one walk finds the entered ones
            }
            if (k < oldSize && old.id[k] == cur.id[j]) {
                continue;
            }
            w.uv(cur.id[j] - prevId - 1);
            prevId = cur.id[j];
            boolean projectile = cur.kind[j] == ArenaProtocol.KIND_PROJECTILE;
            w.bit(projectile).bits(cur.x[j], 16).bits(cur.y[j], 16).bits(cur.angle[j], 8);
            if (projectile) {
                w.bits(cur.owner[j], 10).bit((cur.flags[j] & ArenaProtocol.FLAG_RAIL) != 0);
            } else {
                w.bits(cur.health[j], 8).bits(cur.flags[j], FLAG_BITS);
            }
            cur.mx[j] = 0;
            cur.my[j] = 0;
        }
        w.bit(radar != null).align();
        if (radar != null) {
            w.bytes(radar);
        }
    }

    private static void writeChange(EntityTable old, int i, EntityTable cur, int j, int age, BitWriter w) {
        if (cur.kind[j] != old.kind[i]) {
            throw new IllegalStateException("entity " + cur.id[j] + " changed kind");
        }
        int px = old.x[i] + old.mx[i] * age;
        int py = old.y[i] + old.my[i] * age;
        int mask = (cur.x[j] != px || cur.y[j] != py ? FIELD_POS : 0)
                | (cur.angle[j] != old.angle[i] ? FIELD_ANGLE : 0)
                | (cur.health[j] != old.health[i] ? FIELD_HEALTH : 0)
                | (cur.flags[j] != old.flags[i] ? FIELD_FLAGS : 0);
        cur.mx[j] = old.mx[i];
        cur.my[j] = old.my[i];
        if (mask == 0) {
            w.bits(0, 1);
            return;
        }
        w.bits(2, 2);
        if (mask == MOVE_AND_AIM) {
            w.bits(1, 1);
        } else {
            w.bits(0, 1).bits(mask, 4);
        }
        if ((mask & FIELD_POS) != 0) {
            cur.mx[j] = writeAxis(cur.x[j], px, old.x[i], age, w);
            cur.my[j] = writeAxis(cur.y[j], py, old.y[i], age, w);
        }
        if ((mask & FIELD_ANGLE) != 0) {
            int d = (byte) (cur.angle[j] - old.angle[i]);
            if (d >= -8 && d <= 7) {
                w.bits(0, 1).bits(d, 4);
            } else {
                w.bits(1, 1).bits(cur.angle[j], 8);
            }
        }
        if ((mask & FIELD_HEALTH) != 0) {
            w.bits(cur.health[j], 8);
        }
        if ((mask & FIELD_FLAGS) != 0) {
            w.bits(cur.flags[j], FLAG_BITS);
        }
    }

    /** 7 bits: how many spots (0 to 64); then one bit each, spot 0 first: its pickup lies there. */
    private static void writePickups(SnapshotState s, BitWriter w) {
        w.bits(s.pickupCount, 7);
        for (int i = 0; i < s.pickupCount; i++) {
            w.bit((s.pickups >>> i & 1) != 0);
        }
    }

    private static int readPickupCount(BitReader r) throws ProtocolException {
        int n = r.ubits(7);
        if (n > MAX_PICKUPS) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "more than " + MAX_PICKUPS + " pickups");
        }
        return n;
    }

    private static long readPickupMask(BitReader r, int count) throws ProtocolException {
        long mask = 0;
        for (int i = 0; i < count; i++) {
            if (r.bit()) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** Writes one coordinate as a residual against the prediction; returns the new motion per tick. */
    private static int writeAxis(int value, int predicted, int previous, int age, BitWriter w) {
        int r = value - predicted;
        for (int c = 0; c < CLASS_BITS.length; c++) {
            int half = 1 << (CLASS_BITS[c] - 1);
            if (r >= -half && r < half) {
                w.bits(c, 2).bits(r, CLASS_BITS[c]);
                return motion(value, previous, age);
            }
        }
        w.bits(3, 2).bits(value, 16);
        return 0;
    }

    static int motion(int value, int previous, int age) {
        int m = (value - previous) / age;
        return Math.max(-MAX_MOTION, Math.min(MAX_MOTION, m));
    }

    /** What follows the bits: how many events, whether a roster and a radar; and whether the snapshot was full. */
    record Tail(int eventCount, boolean roster, boolean radar, boolean full) {
    }

    /**
     * Applies one snapshot frame (after its opcode) to {@code state}, which must hold the client's previous
     * snapshot for a delta: the engine's header, then the arena's bits. On success {@code state} is the new snapshot
     * and the reader stands at the radar bytes (if any), then the events and the roster; on a
     * {@link ProtocolException} {@code state} is unchanged and the caller ({@link ServerDecoder}) drops it.
     * {@code next} is scratch.
     *
     * @return the event count and the roster and radar flags
     */
    static Tail decode(BitReader r, SnapshotState state, EntityTable next) throws ProtocolException {
        SnapshotFrames.Header h = SnapshotFrames.readHeader(r, state.valid ? new SnapshotFrames.Header(1, state.tick,
                state.ackSeq, state.phase, state.phaseEndTick, 0, false) : null);
        boolean delta = !h.full();
        int age = h.baseAge();
        int vx;
        int vy;
        int areaW;
        int areaH;
        int pickupCount = state.pickupCount;
        long pickups = state.pickups;
        if (!delta) {
            vx = (short) r.ubits(16);
            vy = (short) r.ubits(16);
            areaW = r.ubits(16);
            areaH = r.ubits(16);
            pickupCount = readPickupCount(r);
            pickups = readPickupMask(r, pickupCount);
        } else {
            vx = state.vx;
            vy = state.vy;
            if (r.bit()) {
                vx = (short) r.ubits(16);
                vy = (short) r.ubits(16);
            }
            areaW = state.areaHalfWidth16;
            areaH = state.areaHalfHeight16;
            if (r.bit()) {
                areaW = r.ubits(16);
                areaH = r.ubits(16);
            }
            if (r.bit()) {
                pickupCount = readPickupCount(r);
                pickups = readPickupMask(r, pickupCount);
            }
        }
        next.clear();
        EntityTable old = state.entities;
        if (delta) {
            for (int i = 0; i < old.size; i++) {
                if (!r.bit()) {
                    next.addCopy(old, i);
                    next.x[next.size - 1] = checked(old.x[i] + old.mx[i] * age);
                    next.y[next.size - 1] = checked(old.y[i] + old.my[i] * age);
                } else if (!r.bit()) {
                    readChange(old, i, next, age, r);
                }
            }
        }
        long entered = r.uv();
        if (entered + next.size > EntityTable.MAX_ENTITIES) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "too many entities");
        }
        int kept = next.size;
        long id = -1;
        for (int k = 0; k < entered; k++) {
            id = id + 1 + r.uv();
            if (id > 0xFFFF) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "entity id out of range");
            }
            boolean projectile = r.bit();
            int x = r.ubits(16);
            int y = r.ubits(16);
            int angle = r.ubits(8);
            if (projectile) {
                int owner = r.ubits(10);
                int flags = ArenaProtocol.FLAG_ALIVE | (r.bit() ? ArenaProtocol.FLAG_RAIL : 0);
                next.add((int) id, ArenaProtocol.KIND_PROJECTILE, x, y, angle, 0, flags, owner);
            } else {
                int health = r.ubits(8);
                next.add((int) id, ArenaProtocol.KIND_PLAYER, x, y, angle, health, flags(r.ubits(FLAG_BITS)), 0);
            }
        }
        if (entered > 0 && kept > 0) {
            mergeById(next, kept);
        }
        boolean radar = r.bit();
        r.align();
        state.valid = true;
        state.tick = h.tick();
        state.ackSeq = h.ackSeq();
        state.vx = vx;
        state.vy = vy;
        state.phase = h.phase();
        state.phaseEndTick = h.phaseEndTick();
        state.areaHalfWidth16 = areaW;
        state.areaHalfHeight16 = areaH;
        state.pickupCount = pickupCount;
        state.pickups = pickups;
        state.entities.copyFrom(next);
        return new Tail(h.eventCount(), h.roster(), radar, !delta);
    }

    private static void readChange(EntityTable old, int i, EntityTable next, int age, BitReader r)
            throws ProtocolException {
        int mask = r.bit() ? MOVE_AND_AIM : r.ubits(4);
        next.addCopy(old, i);
        int j = next.size - 1;
        int px = old.x[i] + old.mx[i] * age;
        int py = old.y[i] + old.my[i] * age;
        next.x[j] = px;
        next.y[j] = py;
        if ((mask & FIELD_POS) != 0) {
            readAxis(next.x, next.mx, j, px, old.x[i], age, r);
            readAxis(next.y, next.my, j, py, old.y[i], age, r);
        } else {
            checked(px);
            checked(py);
        }
        if ((mask & FIELD_ANGLE) != 0) {
            next.angle[j] = r.bit() ? r.ubits(8) : (old.angle[i] + r.sbits(4)) & 0xFF;
        }
        if ((mask & FIELD_HEALTH) != 0) {
            next.health[j] = r.ubits(8);
        }
        if ((mask & FIELD_FLAGS) != 0) {
            next.flags[j] = flags(r.ubits(FLAG_BITS));
        }
    }

    /** Reads one coordinate of entity {@code j} and sets its motion, mirroring {@link #writeAxis}. */
    private static void readAxis(int[] pos, int[] motion, int j, int predicted, int previous, int age, BitReader r)
            throws ProtocolException {
        int c = r.ubits(2);
        if (c == 3) {
            pos[j] = r.ubits(16);
            motion[j] = 0;
        } else {
            pos[j] = checked(predicted + r.sbits(CLASS_BITS[c]));
            motion[j] = motion(pos[j], previous, age);
        }
    }

    private static int checked(int q) throws ProtocolException {
        if (q < 0 || q > 0xFFFF) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "entity position out of range");
        }
        return q;
    }

    private static int flags(int f) throws ProtocolException {
        if ((f & ~KNOWN_FLAGS) != 0) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown entity flags " + f);
        }
        return f;
    }

    /** The first {@code kept} entries and the rest are each in id order; merges them in place. */
    private static void mergeById(EntityTable t, int kept) throws ProtocolException {
        EntityTable tmp = new EntityTable();
        int a = 0;
        int b = kept;
        while (a < kept || b < t.size) {
            if (b >= t.size || (a < kept && t.id[a] < t.id[b])) {
                tmp.addCopy(t, a++);
            } else {
                if (a < kept && t.id[a] == t.id[b]) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "entity " + t.id[b] + " entered twice");
                }
                tmp.addCopy(t, b++);
            }
        }
        t.copyFrom(tmp);
    }
}
