package dev.skirmish.engine.replay;

import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One recorded stretch of a room: what it was ({@link Header}), the world's saved state at its first tick
 * ({@code start}) and the recorded operations from there ({@code body}, {@link ReplayFormat}). Immutable once made;
 * {@link #encode()} gives the file (docs/replays.md), {@link #decode} reads one.
 */
public record Replay(Header header, byte[] start, byte[] body) {
    /** The file's first bytes. */
    public static final byte[] MAGIC = {'S', 'K', 'R', 'P'};
    /** The file format this code writes and reads. */
    public static final int FORMAT = 1;
    /** The largest body a file may unpack to. */
    public static final int MAX_BODY_BYTES = 64 << 20;
    /** The largest saved state a file may hold. */
    public static final int MAX_START_BYTES = 16 << 20;

    /** How the recording ended. */
    public enum Ending {
        /** The match reached its results. */
        RESULTS,
        /** The match stopped because players left (back to waiting). */
        ABANDONED,
        /** The recording reached its length or size bound; the match went on in the next one. */
        CUT,
        /** The room closed during the match. */
        CLOSED,
        /** The last seconds of a room still running (a kill replay). */
        EXCERPT;

        static Ending ofCode(int code) throws ReplayException {
            if (code < 0 || code >= values().length) {
                throw new ReplayException("unknown ending " + code);
            }
            return values()[code];
        }
    }

    /**
     * What a replay is of.
     *
     * @param id        its id on the server that recorded it
     * @param game      the game's name
     * @param settings  the settings the game was configured with (its own keys, and the engine's it reads)
     * @param firstTick the world's tick at the start state
     * @param lastTick  the world's tick at the end
     * @param players   the scoreboard at the end, with the last lines of those who left during the match
     */
    public record Header(String id, String game, String roomId, String roomName, String map, long startedAtMillis,
                         long endedAtMillis, int tickRateHz, int snapshotRateHz, int inputBytes, long firstTick,
                         long lastTick, Ending ending, Map<String, String> settings, List<RosterLine> players) {
        public Header {
            settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
            players = List.copyOf(players);
        }

        /** Ticks from the start state to the end. */
        public long ticks() {
            return lastTick - firstTick;
        }

        /** Length in seconds of game time. */
        public double seconds() {
            return (double) ticks() / tickRateHz;
        }
    }

    /** The replay file: magic, format, header, start state, then the body compressed with Deflate. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(256 + start.length + body.length / 4);
        w.bytes(MAGIC, 0, MAGIC.length).u8(FORMAT);
        Header h = header;
        w.str8(h.id()).str8(h.game()).str8(h.roomId()).str16(h.roomName()).str16(h.map());
        u64(w, h.startedAtMillis());
        u64(w, h.endedAtMillis());
        w.u16(h.tickRateHz()).u16(h.snapshotRateHz()).u16(h.inputBytes());
        u64(w, h.firstTick());
        u64(w, h.lastTick());
        w.u8(h.ending().ordinal());
        w.u16(h.settings().size());
        h.settings().forEach((k, v) -> w.str8(k).str16(v));
        w.u16(h.players().size());
        for (RosterLine p : h.players()) {
            w.u16(p.entityId()).str8(p.name()).u8(p.scoreCount());
            for (int i = 0; i < p.scoreCount(); i++) {
                w.u16(p.score(i));
            }
        }
        w.u32(start.length).bytes(start, 0, start.length);
        byte[] packed = deflate(body);
        w.u32(body.length).u32(packed.length).bytes(packed, 0, packed.length);
        return w.toByteArray();
    }

    /** Reads a replay file's header only (its body is not unpacked). */
    public static Header decodeHeader(byte[] file) throws ReplayException {
        return read(file, false).header();
    }

    /** Reads a replay file. */
    public static Replay decode(byte[] file) throws ReplayException {
        return read(file, true);
    }

    private static Replay read(byte[] file, boolean body) throws ReplayException {
        try {
            ByteReader r = new ByteReader(file);
            for (byte m : MAGIC) {
                if (r.u8() != (m & 0xFF)) {
                    throw new ReplayException("not a Skirmish replay (it does not start with SKRP)");
                }
            }
            int format = r.u8();
            if (format != FORMAT) {
                throw new ReplayException("replay format " + format + ", this server reads format " + FORMAT);
            }
            String id = r.str8();
            String game = r.str8();
            String roomId = r.str8();
            String roomName = r.str16();
            String map = r.str16();
            long started = u64(r);
            long ended = u64(r);
            int tickRate = r.u16();
            int snapshotRate = r.u16();
            int inputBytes = r.u16();
            long firstTick = u64(r);
            long lastTick = u64(r);
            Ending ending = Ending.ofCode(r.u8());
            if (tickRate < 1 || snapshotRate < 1 || lastTick < firstTick) {
                throw new ReplayException("bad header (rates " + tickRate + "/" + snapshotRate + ", ticks " + firstTick
                        + ".." + lastTick + ")");
            }
            Map<String, String> settings = new TreeMap<>();
            for (int n = r.u16(); n > 0; n--) {
                settings.put(r.str8(), r.str16());
            }
            List<RosterLine> players = new ArrayList<>();
            for (int n = r.u16(); n > 0; n--) {
                int entity = r.u16();
                String name = r.str8();
                int[] scores = new int[r.u8()];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = r.u16();
                }
                players.add(new RosterLine(entity, name, scores));
            }
            byte[] start = bytes(r, r.u32(), MAX_START_BYTES, "start state");
            long rawLength = r.u32();
            if (rawLength > MAX_BODY_BYTES) {
                throw new ReplayException("body of " + rawLength + " bytes, more than the " + MAX_BODY_BYTES + " allowed");
            }
            byte[] packed = bytes(r, r.u32(), MAX_BODY_BYTES, "body");
            r.end();
            Header h = new Header(id, game, roomId, roomName, map, started, ended, tickRate, snapshotRate, inputBytes,
                    firstTick, lastTick, ending, settings, players);
            return new Replay(h, start, body ? inflate(packed, (int) rawLength) : new byte[0]);
        } catch (ProtocolException e) {
            throw new ReplayException("damaged replay: " + e.getMessage());
        }
    }

    private static byte[] bytes(ByteReader r, long n, int max, String what) throws ProtocolException, ReplayException {
        if (n > max || n > r.remaining()) {
            throw new ReplayException("damaged replay: its " + what + " is " + n + " bytes, " + r.remaining() + " left");
        }
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.u8();
        }
        return b;
    }

    private static void u64(ByteWriter w, long v) {
        w.u32(v >>> 32).u32(v & 0xFFFF_FFFFL);
    }

    private static long u64(ByteReader r) throws ProtocolException {
        return r.u32() << 32 | r.u32();
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] packed, int rawLength) throws ReplayException {
        Inflater in = new Inflater();
        try {
            in.setInput(packed);
            byte[] raw = new byte[rawLength];
            int n = 0;
            while (n < rawLength && !in.finished()) {
                int got = in.inflate(raw, n, rawLength - n);
                if (got == 0 && (in.needsInput() || in.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != rawLength || !in.finished()) {
                throw new ReplayException("damaged replay: its body unpacks to a length other than " + rawLength);
            }
            return raw;
        } catch (DataFormatException e) {
            throw new ReplayException("damaged replay: " + e.getMessage());
        } finally {
            in.end();
        }
    }
}
