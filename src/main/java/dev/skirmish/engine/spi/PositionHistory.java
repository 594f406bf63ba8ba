package dev.skirmish.engine.spi;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Lag compensation, offered to any game: one entity's positions at the end of its recent ticks (a ring), and where
 * it was at a fractional tick in between, so that a shot can be checked against what its shooter saw. With the
 * client's view tick on each input ({@link #rewindTicks}), a game rewinds targets by the shooter's interpolation
 * delay, capped. The arena uses one per player. Tick thread only; saved and restored with the world.
 */
public final class PositionHistory {
    private final double[] xs;
    private final double[] ys;
    private final boolean[] present;
    private long first = -1;
    private long last = -1;

    /** A history of the last {@code length} ticks. */
    public PositionHistory(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("a history keeps at least 2 ticks, not " + length);
        }
        xs = new double[length];
        ys = new double[length];
        present = new boolean[length];
    }

    /** Ticks kept to cover {@code seconds} at {@code tickRateHz} (and the two ends of an interpolation). */
    public static int lengthFor(double seconds, int tickRateHz) {
        return (int) Math.ceil(seconds * tickRateHz) + 2;
    }

    /**
     * How many ticks a shot at {@code tick} looks back for an input whose client drew the others at
     * {@code viewTick} (0: unknown, no rewind): 0 to {@code maxTicks}.
     */
    public static double rewindTicks(long tick, double viewTick, double maxTicks) {
        if (viewTick <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(maxTicks, tick - viewTick));
    }

    public int length() {
        return xs.length;
    }

    /**
     * Records the position at the end of {@code tick}; {@code hittable} false where the entity could not be hit
     * then (dead, say). Ticks must ascend by one; a gap restarts the history.
     */
    public void record(long tick, double x, double y, boolean hittable) {
        if (last < 0 || tick != last + 1) {
            first = tick;
        }
        int i = (int) (tick % xs.length);
        xs[i] = x;
        ys[i] = y;
        present[i] = hittable;
        last = tick;
        if (last - first >= xs.length) {
            first = last - xs.length + 1;
        }
    }

    /**
     * Where the entity was at the (fractional) tick {@code t}: linear between the recorded ends of ticks, clamped to
     * the recorded range; at or after the last recorded tick, where it is now ({@code nowX}, {@code nowY},
     * {@code nowHittable}). Writes x, y into {@code out}; returns whether it could be hit at both neighbouring ticks.
     */
    public boolean positionAt(double t, double nowX, double nowY, boolean nowHittable, double[] out) {
        if (last < 0 || t >= last) {
            out[0] = nowX;
            out[1] = nowY;
            return nowHittable;
        }
        double c = Math.max(first, t);
        long a = (long) Math.floor(c);
        long b = Math.min(last, a + 1);
        double f = c - a;
        int ia = (int) (a % xs.length);
        int ib = (int) (b % xs.length);
        out[0] = xs[ia] + (xs[ib] - xs[ia]) * f;
        out[1] = ys[ia] + (ys[ib] - ys[ia]) * f;
        return present[ia] && present[ib];
    }

    /**
     * The box that holds every position {@link #positionAt} can answer: the recorded range and now. Writes min x,
     * min y, max x, max y into {@code box} from {@code at} (a broad phase: a target outside it cannot have been there).
     */
    public void bounds(double nowX, double nowY, double[] box, int at) {
        double minX = nowX;
        double minY = nowY;
        double maxX = nowX;
        double maxY = nowY;
        if (last >= 0) {
            for (long t = first; t <= last; t++) {
                int i = (int) (t % xs.length);
                minX = Math.min(minX, xs[i]);
                minY = Math.min(minY, ys[i]);
                maxX = Math.max(maxX, xs[i]);
                maxY = Math.max(maxY, ys[i]);
            }
        }
        box[at] = minX;
        box[at + 1] = minY;
        box[at + 2] = maxX;
        box[at + 3] = maxY;
    }

    /** Saves the whole history (for a world's handover): its length, its range, then every entry. */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(xs.length);
        out.writeLong(first);
        out.writeLong(last);
        for (int i = 0; i < xs.length; i++) {
            out.writeDouble(xs[i]);
            out.writeDouble(ys[i]);
            out.writeBoolean(present[i]);
        }
    }

    /**
     * Restores what {@link #save} wrote into this history (after the length, which the caller reads and checks).
     */
    public void loadAfterLength(DataInputStream in) throws IOException {
        first = in.readLong();
        last = in.readLong();
        for (int i = 0; i < xs.length; i++) {
            xs[i] = in.readDouble();
            ys[i] = in.readDouble();
            present[i] = in.readBoolean();
        }
    }
}
