package dev.skirmish.engine.spi.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's side of holding (protocol 9, docs/protocol.md "Sending on change"): takes one input per tick and says
 * when to send a RUNS frame, so that the server reads a frame when the input changes and as a keep-alive, not one
 * per tick or two. The bots use it; {@code webapp-client/js/engine/sender.js} is its twin, and both are checked
 * against {@code src/test/resources/protocol/sender.json}.
 *
 * <p>The rules, in order, for each tick's input:
 * <ol>
 *   <li>It joins the newest unsent run when the game says it continues that run ({@link Rules#sameRun} with the
 *       run's first input); otherwise it starts a new run. A new run whose input does not continue the run before it
 *       (sent or not) is a <em>change</em>.</li>
 *   <li>The unsent runs go out in one frame, with this tick, when: the game calls this tick urgent (a button pressed
 *       or released, a shot); or the oldest unsent change is {@code changeDelayTicks} old; or the unsent ticks reach
 *       {@code keepAliveTicks}; or the frame is full ({@link Protocol#MAX_RUNS_PER_FRAME} runs, as many as fit in
 *       {@link Protocol#MAX_CLIENT_BINARY_BYTES}, or {@link Protocol#MAX_TICKS_PER_FRAME} ticks).</li>
 * </ol>
 * The first tick after {@link #reset()} (a new stream) is urgent. After a frame the next tick starts a new run.
 * Sequence numbers must go up by one per tick; a tick that does not follow the last one sends what waits first.
 */
public final class InputSender {
    /** The time between two frames of a player whose input does not change. */
    public static final int KEEP_ALIVE_MILLIS = 250;

    /** A game's part of the rules. */
    @FunctionalInterface
    public interface Rules {
        /**
         * Whether {@code next} continues a run whose first input is {@code run}: the server's hold of {@code run}
         * (docs/protocol.md, "Holding") is close enough to {@code next} that sending it would change nothing that
         * matters.
         */
        boolean sameRun(byte[] run, byte[] next);
    }

    private final int keepAliveTicks;
    private final int changeDelayTicks;
    private final int maxRuns;
    private final Rules rules;
    private final List<byte[]> runs = new ArrayList<>(Protocol.MAX_RUNS_PER_FRAME);
    private final int[] ticks = new int[Protocol.MAX_RUNS_PER_FRAME];
    private long firstSeq;
    private long lastSeq = -1;
    private int pendingTicks;
    private long changeSince = -1;
    private byte[] current; // the first input of the newest run, sent or not
    private long frames;

    /**
     * @param keepAliveTicks   ticks between two frames when nothing changes ({@link #keepAliveTicks(int)})
     * @param changeDelayTicks ticks a change that is not urgent may wait to be sent with the next ones
     * @param inputBytes       the game's bytes per input (bounds the runs per frame)
     */
    public InputSender(int keepAliveTicks, int changeDelayTicks, int inputBytes, Rules rules) {
        if (keepAliveTicks < 1 || keepAliveTicks > Protocol.MAX_TICKS_PER_FRAME || changeDelayTicks < 0) {
            throw new IllegalArgumentException("keep-alive " + keepAliveTicks + ", change delay " + changeDelayTicks);
        }
        this.keepAliveTicks = keepAliveTicks;
        this.changeDelayTicks = changeDelayTicks;
        this.maxRuns = maxRuns(inputBytes);
        this.rules = rules;
    }

    /** Runs one frame may carry for inputs of {@code inputBytes}. */
    public static int maxRuns(int inputBytes) {
        int fit = (Protocol.MAX_CLIENT_BINARY_BYTES - Protocol.RUNS_HEADER_BYTES) / (1 + inputBytes);
        return Math.max(1, Math.min(Protocol.MAX_RUNS_PER_FRAME, fit));
    }

    /** {@link #KEEP_ALIVE_MILLIS} in ticks of a game of {@code rateHz} (at least one). */
    public static int keepAliveTicks(int rateHz) {
        return Math.max(1, Math.min(Protocol.MAX_TICKS_PER_FRAME, rateHz * KEEP_ALIVE_MILLIS / 1000));
    }

    /**
     * One tick's input, numbered {@code seq}; the frame to send now, or an empty list. Two frames when {@code seq}
     * does not follow the last tick (what waited, then this tick's).
     */
    public List<byte[]> tick(long seq, byte[] input, boolean urgent) {
        List<byte[]> out = new ArrayList<>(1);
        if (current == null) {
            urgent = true; // a stream's first input: the server has nothing to hold yet
        }
        if (pendingTicks > 0 && seq != lastSeq + 1) {
            out.add(flush());
        }
        lastSeq = seq;
        if (pendingTicks == 0) {
            firstSeq = seq;
        }
        int n = runs.size();
        if (n > 0 && rules.sameRun(runs.get(n - 1), input)) {
            ticks[n - 1]++;
        } else {
            if (current == null || !rules.sameRun(current, input)) {
                if (changeSince < 0) {
                    changeSince = seq;
                }
            }
            runs.add(input.clone());
            ticks[n] = 1;
            current = input.clone();
        }
        pendingTicks++;
        if (urgent || (changeSince >= 0 && seq - changeSince >= changeDelayTicks) || pendingTicks >= keepAliveTicks
                || runs.size() >= maxRuns || pendingTicks >= Protocol.MAX_TICKS_PER_FRAME) {
            out.add(flush());
        }
        return out;
    }

    /** The waiting runs as one RUNS frame, or null when nothing waits. */
    public byte[] flush() {
        if (runs.isEmpty()) {
            return null;
        }
        byte[] frame = StreamFrames.encodeRuns(firstSeq, runs, java.util.Arrays.copyOf(ticks, runs.size()));
        runs.clear();
        pendingTicks = 0;
        changeSince = -1;
        frames++;
        return frame;
    }

    /** Ticks waiting to be sent. */
    public int pendingTicks() {
        return pendingTicks;
    }

    /** Frames made so far. */
    public long frames() {
        return frames;
    }

    /** Forgets what waits and the newest run: a new stream starts afresh. */
    public void reset() {
        runs.clear();
        pendingTicks = 0;
        changeSince = -1;
        current = null;
        lastSeq = -1;
    }
}
