package dev.skirmish.games.cycles.protocol;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.wire.BitReader;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.cycles.sim.TrackEvent;
import dev.skirmish.games.cycles.sim.TrackRules;
import java.util.List;

/**
 * The light cycles' part of the game stream (docs/protocol.md, "Light cycles"): one input byte, the WELCOME body,
 * the events and the snapshot body. The engine's frame around them is the same as every game's. The browser's
 * twin is webapp-client/js/games/cycles/wire.js; both check src/test/resources/protocol/cycles.json.
 *
 * <p>Snapshot body bits: full: {@code uv} cycle count, each cycle entered; delta: per baseline cycle (id order)
 * {@code 0} as predicted, {@code 10} changed, {@code 11} left; then {@code uv} entered count and the entered
 * cycles. A cycle is predicted to have moved {@code baseAge} cells along its direction when it is alive and riding
 * in the baseline and the frame's phase is waiting or playing, else to stand; "as predicted" also means the same
 * direction, flags, trail epoch and turn points. Entered: {@code uv} id gap, 7 bits x, 7 y, 2 direction, 3 flags,
 * 7 + 7 trail start, {@code uv} turn count, 7 + 7 per turn. Changed: 2 direction, 3 flags, 7 x, 7 y, 1 bit trail
 * restarted: if 1, 7 + 7 start, {@code uv} turn count and turns; if 0, {@code uv} new turns and turns.
 */
public final class CyclesWire {
    /** The game's name on the wire and in the lobby. */
    public static final String GAME = "cycles";
    /** Input byte values. */
    public static final int INPUT_NONE = 0;
    public static final int INPUT_LEFT = 1;
    public static final int INPUT_RIGHT = 2;
    /** Event types. */
    public static final int EVENT_CRASH = 1;
    public static final int EVENT_ROUND = 2;
    public static final int EVENT_CONNECTION = 3;
    private static final int XY_BITS = 7;
    private static final int KNOWN_FLAGS = CycleTable.ALIVE | CycleTable.HELD | CycleTable.RIDING;

    private CyclesWire() {
    }

    /** One input byte as a turn: -1 left, +1 right, 0 none. */
    public static int turn(ByteReader r) throws ProtocolException {
        int b = r.u8();
        return switch (b) {
            case INPUT_NONE -> 0;
            case INPUT_LEFT -> -1;
            case INPUT_RIGHT -> 1;
            default -> throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown turn " + b);
        };
    }

    /** A turn as its input byte. */
    public static int inputByte(int turn) {
        return turn < 0 ? INPUT_LEFT : turn > 0 ? INPUT_RIGHT : INPUT_NONE;
    }

    /** The cycles' part of WELCOME: u8 width, u8 height, u16 countdown, round, results and respawn ticks. */
    public static void writeWelcome(TrackRules r, ByteWriter out) {
        out.u8(r.width()).u8(r.height()).u16(r.countdownTicks()).u16(r.roundTicks()).u16(r.resultsTicks())
                .u16(r.respawnTicks());
    }

    /** Reads the cycles' part of WELCOME (after the engine's header) as rules at {@code tickRateHz}. */
    public static TrackRules readWelcome(ByteReader r, int tickRateHz) throws ProtocolException {
        int w = r.u8();
        int h = r.u8();
        int countdown = r.u16();
        int round = r.u16();
        int results = r.u16();
        int respawn = r.u16();
        try {
            return new TrackRules(w, h, tickRateHz, countdown, round, results, respawn);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, e.getMessage());
        }
    }

    /** Encodes events: CRASH u8 cycle, u8 by, u8 x, u8 y; ROUND u8 phase, u16 round, u8 winner; CONNECTION u8, u8. */
    public static EventChunk encodeEvents(List<TrackEvent> events) {
        if (events.isEmpty()) {
            return EventChunk.EMPTY;
        }
        ByteWriter w = new ByteWriter(events.size() * 5);
        int n = 0;
        for (TrackEvent e : events) {
            if (n == 0xFFFF) {
                break;
            }
            n++;
            if (e instanceof TrackEvent.Crash c) {
                w.u8(EVENT_CRASH).u8(c.cycleId()).u8(c.byId()).u8(c.x()).u8(c.y());
            } else if (e instanceof TrackEvent.Round r) {
                w.u8(EVENT_ROUND).u8(r.phase().code()).u16(r.round() & 0xFFFF).u8(r.winnerId());
            } else if (e instanceof TrackEvent.Connection c) {
                w.u8(EVENT_CONNECTION).u8(c.cycleId()).u8(c.connected() ? 1 : 0);
            }
        }
        return new EventChunk(n, w.toByteArray());
    }

    /** Reads one event. */
    public static TrackEvent readEvent(ByteReader r) throws ProtocolException {
        int type = r.u8();
        return switch (type) {
            case EVENT_CRASH -> new TrackEvent.Crash(r.u8(), r.u8(), r.u8(), r.u8());
            case EVENT_ROUND -> {
                int code = r.u8();
                MatchPhase phase;
                try {
                    phase = MatchPhase.ofCode(code);
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown match phase " + code);
                }
                yield new TrackEvent.Round(phase, r.u16(), r.u8());
            }
            case EVENT_CONNECTION -> {
                int id = r.u8();
                int state = r.u8();
                if (state > 1) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown connection state " + state);
                }
                yield new TrackEvent.Connection(id, state == 1);
            }
            default -> throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown event type " + type);
        };
    }

    /** Whether a cycle of these flags moves in a frame of this phase. */
    static boolean moves(int flags, int phaseCode) {
        return (flags & (CycleTable.ALIVE | CycleTable.RIDING)) == (CycleTable.ALIVE | CycleTable.RIDING)
                && (phaseCode == MatchPhase.PLAYING.code() || phaseCode == MatchPhase.WAITING.code());
    }

    /**
     * Writes the body of {@code next} against {@code base} (null: full), for a frame of phase {@code phaseCode}.
     * {@code age} is the frame's base age. Ends aligned.
     */
    public static void encodeBody(CycleTable base, CycleTable next, int age, int phaseCode, BitWriter w) {
        CycleTable cur = next;
        int entered = 0;
        if (base != null) {
            int j = 0;
            for (int i = 0; i < base.size; i++) {
                int oid = base.id[i];
                while (j < cur.size && cur.id[j] < oid) {
                    j++;
                    entered++;
                }
                if (j < cur.size && cur.id[j] == oid) {
                    writeChange(base, i, cur, j, age, phaseCode, w);
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
        int oldSize = base == null ? 0 : base.size;
        for (int j = 0; j < cur.size; j++) {
            while (k < oldSize && base.id[k] < cur.id[j]) {
                k++;
            }
            if (k < oldSize && base.id[k] == cur.id[j]) {
                continue;
            }
            w.uv(cur.id[j] - prevId - 1);
            prevId = cur.id[j];
            w.bits(cur.x[j], XY_BITS).bits(cur.y[j], XY_BITS).bits(cur.dir[j], 2).bits(cur.flags[j], 3);
            writeTrail(cur, j, -1, w);
        }
        w.align();
    }

    /** A whole trail ({@code fromCorner} -1: its start, then every turn) or the turns from {@code fromCorner} on. */
    private static void writeTrail(CycleTable t, int i, int fromCorner, BitWriter w) {
        if (fromCorner < 0) {
            w.bits(t.startX[i], XY_BITS).bits(t.startY[i], XY_BITS);
            fromCorner = 0;
        }
        w.uv(t.cornerCount[i] - fromCorner);
        for (int c = fromCorner; c < t.cornerCount[i]; c++) {
            w.bits(t.corners[i][c] & 0xFF, XY_BITS).bits(t.corners[i][c] >>> 8, XY_BITS);
        }
    }

    private static void writeChange(CycleTable old, int i, CycleTable cur, int j, int age, int phaseCode, BitWriter w) {
        boolean moving = moves(old.flags[i], phaseCode);
        int px = old.x[i] + (moving ? DX[old.dir[i]] * age : 0);
        int py = old.y[i] + (moving ? DY[old.dir[i]] * age : 0);
        boolean sameTrail = cur.epoch[j] == old.epoch[i] && cur.cornerCount[j] == old.cornerCount[i];
        if (sameTrail && cur.x[j] == px && cur.y[j] == py && cur.dir[j] == old.dir[i] && cur.flags[j] == old.flags[i]) {
            w.bits(0, 1);
            return;
        }
        w.bits(2, 2).bits(cur.dir[j], 2).bits(cur.flags[j], 3).bits(cur.x[j], XY_BITS).bits(cur.y[j], XY_BITS);
        boolean restarted = cur.epoch[j] != old.epoch[i] || cur.cornerCount[j] < old.cornerCount[i];
        w.bit(restarted);
        writeTrail(cur, j, restarted ? -1 : old.cornerCount[i], w);
    }

    static final int[] DX = {1, 0, -1, 0};
    static final int[] DY = {0, 1, 0, -1};

    /**
     * Reads a body against {@code state} (the client's table; a delta needs it valid) into {@code next} (scratch),
     * then copies it into {@code state}. Epochs are not on the wire: a client counts a restart as a new epoch.
     */
    public static void decodeBody(BitReader r, CycleTable state, CycleTable next, int age, int phaseCode, long tick,
                                  int width, int height) throws ProtocolException {
        next.clear();
        if (age != 0) {
            for (int i = 0; i < state.size; i++) {
                if (!r.bit()) {
                    int j = next.addCopy(state, i);
                    if (moves(state.flags[i], phaseCode)) {
                        next.x[j] = cell(state.x[i] + DX[state.dir[i]] * age, width);
                        next.y[j] = cell(state.y[i] + DY[state.dir[i]] * age, height);
                    }
                } else if (!r.bit()) {
                    int d = r.ubits(2);
                    int f = flags(r.ubits(3));
                    int x = cell(r.ubits(XY_BITS), width);
                    int y = cell(r.ubits(XY_BITS), height);
                    if (r.bit()) {
                        int j = next.add(state.id[i], x, y, d, f, state.epoch[i] + 1, cell(r.ubits(XY_BITS), width),
                                cell(r.ubits(XY_BITS), height));
                        readCorners(r, next, j, width, height);
                    } else {
                        int j = next.addCopy(state, i);
                        next.x[j] = x;
                        next.y[j] = y;
                        next.dir[j] = d;
                        next.flags[j] = f;
                        readCorners(r, next, j, width, height);
                    }
                } // else: left
            }
        }
        long entered = r.uv();
        if (entered + next.size > 255) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "too many cycles");
        }
        int kept = next.size;
        long id = -1;
        CycleTable tmp = new CycleTable();
        for (int k = 0; k < entered; k++) {
            id = id + 1 + r.uv();
            if (id > 255) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "cycle id out of range");
            }
            int x = cell(r.ubits(XY_BITS), width);
            int y = cell(r.ubits(XY_BITS), height);
            int d = r.ubits(2);
            int f = flags(r.ubits(3));
            int j = tmp.add((int) id, x, y, d, f, 0, cell(r.ubits(XY_BITS), width), cell(r.ubits(XY_BITS), height));
            readCorners(r, tmp, j, width, height);
        }
        r.align();
        // merge the kept and the entered cycles by id
        CycleTable merged = new CycleTable();
        int a = 0;
        int b = 0;
        while (a < kept || b < tmp.size) {
            if (b >= tmp.size || (a < kept && next.id[a] < tmp.id[b])) {
                merged.addCopy(next, a++);
            } else {
                if (a < kept && next.id[a] == tmp.id[b]) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "cycle " + tmp.id[b] + " entered twice");
                }
                merged.addCopy(tmp, b++);
            }
        }
        state.copyFrom(merged);
        state.valid = true;
        state.tick = tick;
    }

    private static void readCorners(BitReader r, CycleTable t, int j, int width, int height) throws ProtocolException {
        long n = r.uv();
        if (n + t.cornerCount[j] > (long) width * height) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "too many turns");
        }
        for (int c = 0; c < n; c++) {
            int x = cell(r.ubits(XY_BITS), width);
            int y = cell(r.ubits(XY_BITS), height);
            t.addCorner(j, x | y << 8);
        }
    }

    private static int cell(int v, int side) throws ProtocolException {
        if (v < 0 || v >= side) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "cell " + v + " outside the track");
        }
        return v;
    }

    private static int flags(int f) throws ProtocolException {
        if ((f & ~KNOWN_FLAGS) != 0) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown cycle flags " + f);
        }
        return f;
    }
}
