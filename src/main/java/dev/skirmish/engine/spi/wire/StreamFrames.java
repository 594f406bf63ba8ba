package dev.skirmish.engine.spi.wire;

import dev.skirmish.engine.spi.WelcomeInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's frames of the game stream, the same for every game (docs/protocol.md): from the client INPUT and
 * INPUTS (the engine's sequence numbers around the game's input bytes), PING, RESYNC and FOLLOW; to the client
 * PONG, MOVED and FOLLOWING. WELCOME and SNAPSHOT carry the game's bytes and are written by the game. Decoding
 * never throws anything but {@link ProtocolException}.
 */
public final class StreamFrames {
    private StreamFrames() {
    }

    /** Reads one tick of a game's input (its {@code Game.decodeInput}). */
    @FunctionalInterface
    public interface InputReader<I> {
        I read(long seq, ByteReader in) throws ProtocolException;
    }

    /** A decoded client frame. */
    public sealed interface Frame {
    }

    /**
     * A frame that carries input (INPUT, INPUTS or RUNS), read as runs one after the other from {@code firstSeq}:
     * run {@code i} is {@code input(i)} for {@code ticks(i)} consecutive sequence numbers.
     */
    public sealed interface InputFrame<I> extends Frame {
        long firstSeq();

        /** The input of each run, in order. */
        List<I> inputs();

        int ticks(int i);

        default int runs() {
            return inputs().size();
        }

        default I input(int i) {
            return inputs().get(i);
        }
    }

    /**
     * INPUT ({@code batch} false, one input) or INPUTS (1 to {@link Protocol#MAX_INPUTS_PER_FRAME}); the sequence
     * numbers are {@code firstSeq}, {@code firstSeq + 1}, ... (runs of one tick each).
     */
    public record Inputs<I>(long firstSeq, List<I> inputs, boolean batch) implements InputFrame<I> {
        @Override
        public int ticks(int i) {
            return 1;
        }
    }

    /**
     * RUNS: {@code inputs.get(i)} stands for {@code ticks[i]} consecutive sequence numbers, the runs one after the
     * other from {@code firstSeq}; each input was read with the sequence number of its run's first tick.
     */
    public record Runs<I>(long firstSeq, List<I> inputs, int[] ticks) implements InputFrame<I> {
        @Override
        public int ticks(int i) {
            return ticks[i];
        }
    }

    public record Ping(long clientTimeMillis) implements Frame {
    }

    public record Resync() implements Frame {
    }

    /** A spectator's FOLLOW: +1 for the next player, -1 for the previous one. */
    public record Follow(int step) implements Frame {
    }

    /** VIEW: the client's window is portrait (taller than wide) or not. */
    public record View(boolean portrait) implements Frame {
    }

    /**
     * A replay viewer's REPLAY_CONTROL: paused or playing, the speed in quarters (2 to 16: 0.5x to 4x), and a position
     * to go to in ticks from the replay's start ({@link Protocol#REPLAY_NO_SEEK}: stay).
     */
    public record ReplayControl(boolean paused, int speedQuarters, long seek) implements Frame {
    }

    /** Decodes one client frame; the game's inputs with {@code inputs}. */
    public static <I> Frame decode(ByteBuffer frame, InputReader<I> inputs) throws ProtocolException {
        ByteReader r = new ByteReader(frame);
        if (r.remaining() == 0) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "empty frame");
        }
        int op = r.u8();
        Frame result;
        switch (op) {
            case Protocol.OP_INPUT -> {
                long seq = r.u32();
                result = new Inputs<>(seq, List.of(inputs.read(seq, r)), false);
            }
            case Protocol.OP_INPUTS -> {
                long first = r.u32();
                int count = r.u8();
                if (count < 1 || count > Protocol.MAX_INPUTS_PER_FRAME) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "an INPUTS frame carries 1 to "
                            + Protocol.MAX_INPUTS_PER_FRAME + " inputs, not " + count);
                }
                if (first + count - 1 > 0xffffffffL) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "sequence numbers past 2^32 - 1");
                }
                List<I> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(inputs.read(first + i, r));
                }
                result = new Inputs<>(first, list, true);
            }
            case Protocol.OP_RUNS -> {
                long first = r.u32();
                int count = r.u8();
                if (count < 1 || count > Protocol.MAX_RUNS_PER_FRAME) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a RUNS frame carries 1 to "
                            + Protocol.MAX_RUNS_PER_FRAME + " runs, not " + count);
                }
                List<I> list = new ArrayList<>(count);
                int[] ticks = new int[count];
                long seq = first;
                int total = 0;
                for (int i = 0; i < count; i++) {
                    int t = r.u8();
                    total += t;
                    if (t < 1 || total > Protocol.MAX_TICKS_PER_FRAME) {
                        throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a run covers 1 tick or more and a"
                                + " RUNS frame at most " + Protocol.MAX_TICKS_PER_FRAME);
                    }
                    if (seq + t - 1 > 0xffffffffL) {
                        throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "sequence numbers past 2^32 - 1");
                    }
                    ticks[i] = t;
                    list.add(inputs.read(seq, r));
                    seq += t;
                }
                result = new Runs<>(first, list, ticks);
            }
            case Protocol.OP_PING -> result = new Ping(r.u32());
            case Protocol.OP_RESYNC -> result = new Resync();
            case Protocol.OP_FOLLOW -> {
                int step = (byte) r.u8();
                if (step != 1 && step != -1) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "FOLLOW step must be +1 or -1, not "
                            + step);
                }
                result = new Follow(step);
            }
            case Protocol.OP_VIEW -> {
                int shape = r.u8();
                if (shape > 1) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "VIEW is 0 (landscape) or 1 (portrait), not "
                            + shape);
                }
                result = new View(shape == 1);
            }
            case Protocol.OP_REPLAY_CONTROL -> {
                int flags = r.u8();
                int speed = r.u8();
                long seek = r.u32();
                if ((flags & ~1) != 0) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown REPLAY_CONTROL flags " + flags);
                }
                if (speed < Protocol.REPLAY_MIN_SPEED_QUARTERS || speed > Protocol.REPLAY_MAX_SPEED_QUARTERS) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "replay speed must be 2 to 16 quarters"
                            + " (0.5x to 4x), not " + speed);
                }
                result = new ReplayControl((flags & 1) != 0, speed, seek);
            }
            default -> throw new ProtocolException(CloseCodes.UNSUPPORTED_DATA,
                    "unknown opcode 0x" + Integer.toHexString(op));
        }
        r.end();
        return result;
    }

    /**
     * The engine's header of a WELCOME frame: u8 op 0x80, u8 protocol version, u16 self id (0 for a spectator),
     * u16 tick rate, u16 snapshot rate, u16 view width, u16 view height, str8 game name. The game's part follows.
     */
    public static ByteWriter welcomeHeader(WelcomeInfo info, String game) {
        return new ByteWriter(128).u8(Protocol.OP_WELCOME).u8(info.protocolVersion()).u16(info.selfId())
                .u16(info.simRateHz()).u16(info.snapshotRateHz()).u16(info.viewWidth()).u16(info.viewHeight())
                .str8(game);
    }

    /** A WELCOME header as a client reads it, after the opcode. */
    public record WelcomeHeader(WelcomeInfo info, String game) {
    }

    /** Reads a WELCOME header after the opcode; the game's part follows in {@code r}. */
    public static WelcomeHeader readWelcomeHeader(ByteReader r) throws ProtocolException {
        int version = r.u8();
        int selfId = r.u16();
        int sim = r.u16();
        int snap = r.u16();
        int viewWidth = r.u16();
        int viewHeight = r.u16();
        String game = r.str8();
        return new WelcomeHeader(new WelcomeInfo(version, selfId, sim, snap, viewWidth, viewHeight), game);
    }

    /**
     * A client's INPUT (one entry) or INPUTS (2 to {@link Protocol#MAX_INPUTS_PER_FRAME}) frame: the engine's header
     * around the game's input bytes, the first numbered {@code firstSeq}.
     */
    public static byte[] encodeInputs(long firstSeq, List<byte[]> entries) {
        int n = entries.size();
        if (n < 1 || n > Protocol.MAX_INPUTS_PER_FRAME) {
            throw new IllegalArgumentException("1 to " + Protocol.MAX_INPUTS_PER_FRAME + " inputs, not " + n);
        }
        ByteWriter w = new ByteWriter(6 + n * entries.get(0).length);
        w.u8(n == 1 ? Protocol.OP_INPUT : Protocol.OP_INPUTS).u32(firstSeq);
        if (n > 1) {
            w.u8(n);
        }
        for (byte[] e : entries) {
            for (byte b : e) {
                w.u8(b);
            }
        }
        return w.toByteArray();
    }

    /**
     * A client's RUNS frame: run {@code i} is the game's input bytes {@code inputs.get(i)} standing for
     * {@code ticks[i]} ticks, the first run from {@code firstSeq}.
     */
    public static byte[] encodeRuns(long firstSeq, List<byte[]> inputs, int[] ticks) {
        int n = inputs.size();
        if (n < 1 || n > Protocol.MAX_RUNS_PER_FRAME || ticks.length != n) {
            throw new IllegalArgumentException("1 to " + Protocol.MAX_RUNS_PER_FRAME + " runs, not " + n);
        }
        int bytes = Protocol.RUNS_HEADER_BYTES;
        for (byte[] in : inputs) {
            bytes += 1 + in.length;
        }
        ByteWriter w = new ByteWriter(bytes).u8(Protocol.OP_RUNS).u32(firstSeq).u8(n);
        for (int i = 0; i < n; i++) {
            w.u8(ticks[i]);
            for (byte b : inputs.get(i)) {
                w.u8(b);
            }
        }
        return w.toByteArray();
    }

    /** PONG: the client's time echoed and the server's tick. */
    public static byte[] pong(long clientTimeMillis, long serverTick) {
        return new ByteWriter(9).u8(Protocol.OP_PONG).u32(clientTimeMillis).u32(serverTick).toByteArray();
    }

    /** MOVED: the game path (relative to the page) that leads back to the same seat on another node. */
    public static byte[] moved(String gamePath) {
        return new ByteWriter(3 + gamePath.length() * 3).u8(Protocol.OP_MOVED).str16(gamePath).toByteArray();
    }

    /**
     * REPLAY: u8 flags (1 paused, 2 at the end, 4 a kill replay), u8 speed in quarters, u16 the recording's tick
     * rate, u32 position and u32 length in its ticks.
     */
    public static byte[] replay(int flags, int speedQuarters, int tickRateHz, long position, long length) {
        return new ByteWriter(Protocol.REPLAY_FRAME_BYTES).u8(Protocol.OP_REPLAY).u8(flags).u8(speedQuarters)
                .u16(tickRateHz).u32(position).u32(length).toByteArray();
    }

    /** VIEW as a client writes it. */
    public static byte[] view(boolean portrait) {
        return new byte[] {(byte) Protocol.OP_VIEW, (byte) (portrait ? 1 : 0)};
    }

    /** REPLAY_CONTROL as a client writes it. */
    public static byte[] replayControl(boolean paused, int speedQuarters, long seek) {
        return new ByteWriter(Protocol.REPLAY_CONTROL_FRAME_BYTES).u8(Protocol.OP_REPLAY_CONTROL).u8(paused ? 1 : 0)
                .u8(speedQuarters).u32(seek).toByteArray();
    }

    /** FOLLOWING: the player a spectator's snapshots now follow (0: nobody). */
    public static byte[] following(int entityId) {
        return new ByteWriter(3).u8(Protocol.OP_FOLLOWING).u16(entityId).toByteArray();
    }
}
