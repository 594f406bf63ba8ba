package dev.skirmish.engine.room;

import dev.skirmish.engine.limits.RateLimit;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One player's bounded queue of input runs, and the rule that turns them into one input per tick: WebSocket
 * threads {@link #offer} runs (a run is an input that stands for {@code ticks} consecutive sequence numbers), the
 * tick thread takes each tick's inputs with {@link #next}.
 *
 * <p>Two different limits, so that a slow server never punishes an honest client:
 * <ul>
 *   <li>Arrival rate (the client's fault): a token bucket refilled at {@code maxRatePerSecond} ticks of input with
 *       room for {@code burst}. A run without enough tokens is rejected; more than {@code maxRejectedPerSecond}
 *       rejections within one second report a {@link Offer#FLOOD} (the endpoint closes with 1008).</li>
 *   <li>Queue capacity (the server's lag, e.g. a stalled tick): a full queue drops its <em>oldest</em> run to keep
 *       the newest intent, counts it, and never closes anything.</li>
 * </ul>
 * A run must start after the last one accepted; one that does not is ignored.
 *
 * <p><b>Holding</b> (protocol 9, docs/protocol.md "Holding"). A client sends input only when it changes and as a
 * keep-alive, so the server does not wait for every tick's input. Each tick it moves the player's applied sequence
 * number {@code applied} towards a target: the newest number a client has sent, plus the ticks since it arrived,
 * minus {@code lagTicks} (a jitter margin, so that a change sent at once is usually here before its tick). A number
 * the client has described is applied with the client's input; one it has not yet described is applied with the
 * last input held ({@link Hold}), for at most {@code maxHoldTicks} past the newest number received. A run that
 * arrives after the server has passed all its numbers (late) is not lost: its input is applied at the next tick,
 * and held from there. At most {@code maxPerTick} numbers are applied in one tick (catching up after a burst). With
 * {@code lagTicks} 0 and {@code maxHoldTicks} 0 nothing is held: each tick applies what has arrived, as before
 * protocol 9.
 *
 * @param <I> one tick of input, as the game decodes it
 */
public final class InputQueue<I> {
    /** What happened to an offered run. */
    public enum Offer { ACCEPTED, STALE, RATE_LIMITED, FLOOD }

    /** The game's rule for a tick the client has not described: the input that follows {@code last} at {@code seq}. */
    @FunctionalInterface
    public interface Hold<I> {
        I hold(I last, long seq);
    }

    private final Object[] items;
    private final long[] firsts;
    private final int[] ticks;
    private final long[] arrivals;
    private int head;
    private int count;
    private final int capacity;
    private final RateLimit rate;
    private final LongSupplier nanoClock;
    private long lastSeq = -1; // the last number covered by an accepted run
    private long overflowed;
    private long queuedTicks; // the ticks of every run in the queue

    // the tick thread's
    private long applied = -1; // the last number applied or skipped (-1: none yet)
    private long acked; // the last number applied (0: none yet)
    private Object last; // the input applied at `applied`
    private Object late; // the newest run that arrived after its numbers were passed, applied at the next tick
    private long newestSeen = -1;
    private int ticksSinceNewest;
    private int depthBeforeLastDrain;
    private int heldInLastNext;
    private int lateInLastNext;

    public InputQueue(int capacity, int maxRatePerSecond, int burst, int maxRejectedPerSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.rate = new RateLimit(maxRatePerSecond, burst, maxRejectedPerSecond, nanoClock);
        this.nanoClock = nanoClock;
        this.items = new Object[capacity];
        this.firsts = new long[capacity];
        this.ticks = new int[capacity];
        this.arrivals = new long[capacity];
    }

    /** Offers one tick of input with its sequence number (any thread). */
    public Offer offer(long seq, I input) {
        return offer(seq, 1, input);
    }

    /** Offers a run: {@code input} for {@code n} consecutive numbers from {@code seq} (any thread). */
    public synchronized Offer offer(long seq, int n, I input) {
        if (n < 1) {
            throw new IllegalArgumentException("a run of " + n + " ticks");
        }
        if (seq <= lastSeq) {
            return Offer.STALE;
        }
        switch (rate.tryAcquire(n)) {
            case REJECTED:
                return Offer.RATE_LIMITED;
            case FLOOD:
                return Offer.FLOOD;
            default:
                break;
        }
        long now = nanoClock.getAsLong();
        lastSeq = seq + n - 1;
        if (count == capacity) {
            pop();
            overflowed++;
        }
        int tail = (head + count) % capacity;
        items[tail] = input;
        firsts[tail] = seq;
        ticks[tail] = n;
        arrivals[tail] = now;
        count++;
        queuedTicks += n;
        return Offer.ACCEPTED;
    }

    /** Moves at most {@code max} inputs that have arrived, oldest first, into {@code out} (nothing held); how many. */
    public int drainTo(List<? super I> out, int max) {
        return next(out, max, null, (in, seq) -> in, 0, 0);
    }

    /**
     * The inputs of this tick (tick thread, once per room tick): at most {@code maxPerTick}, oldest first, into
     * {@code out}, and for each its arrival time (the queue's nano clock; a held input's is 0) into
     * {@code arrivalNanos} when it is not null; returns how many. See the class comment for the rule.
     */
    @SuppressWarnings("unchecked")
    public synchronized int next(List<? super I> out, int maxPerTick, long[] arrivalNanos, Hold<I> hold,
                                 int lagTicks, int maxHoldTicks) {
        if (lastSeq != newestSeen) {
            newestSeen = lastSeq;
            ticksSinceNewest = 0;
        } else if (ticksSinceNewest < Integer.MAX_VALUE) {
            ticksSinceNewest++;
        }
        heldInLastNext = 0;
        lateInLastNext = 0;
        if (newestSeen < 0) {
            depthBeforeLastDrain = 0;
            return 0;
        }
        if (applied < 0) {
            applied = firsts[head] - 1; // the stream's first run starts the count
        }
        while (count > 0 && firsts[head] + ticks[head] - 1 <= applied) { // passed by holding: late
            late = items[head];
            lateInLastNext++;
            pop();
        }
        // runs follow each other, so only the first one waiting can be partly applied
        long partlyApplied = count > 0 ? Math.max(0, applied + 1 - firsts[head]) : 0;
        depthBeforeLastDrain = (int) Math.min(Integer.MAX_VALUE, queuedTicks - partlyApplied);
        long target = newestSeen + ticksSinceNewest - lagTicks;
        int n = 0;
        while (n < maxPerTick && applied < target) {
            long seq = applied + 1;
            I in;
            long arrived = 0;
            if (count > 0 && firsts[head] <= seq) {
                in = seq == firsts[head] ? (I) items[head] : hold.hold((I) items[head], seq);
                arrived = arrivals[head];
                if (seq == firsts[head] + ticks[head] - 1) {
                    pop();
                }
                late = null;
            } else if (count > 0 && maxHoldTicks == 0) {
                applied = firsts[head] - 1; // a gap the client left, and nothing is held: on to its next run
                continue;
            } else if (late != null) {
                in = (I) late; // a change that came after its tick: applied now, as sent
                late = null;
            } else if (last != null && seq <= newestSeen + maxHoldTicks) {
                in = hold.hold((I) last, seq);
                heldInLastNext++;
            } else {
                break; // nothing to apply (or held long enough): the player waits for its client
            }
            if (arrivalNanos != null && n < arrivalNanos.length) {
                arrivalNanos[n] = arrived;
            }
            out.add(in);
            last = in;
            applied = seq;
            acked = seq;
            n++;
        }
        return n;
    }

    private void pop() {
        queuedTicks -= ticks[head];
        items[head] = null;
        head = (head + 1) % capacity;
        count--;
    }

    /** The sequence number of the last input applied (0 before any): the one the next snapshot acknowledges. */
    public long drainedSeq() {
        return acked;
    }

    /** Runs waiting. */
    public synchronized int size() {
        return count;
    }

    /** Ticks of input that had arrived but were not applied when the last {@link #next} began (tick thread). */
    public int depthBeforeLastDrain() {
        return depthBeforeLastDrain;
    }

    public int capacity() {
        return capacity;
    }

    /** Ticks the last {@link #next} applied with a held input (tick thread; the room adds them up). */
    public int heldInLastNext() {
        return heldInLastNext;
    }

    /** Runs the last {@link #next} found late, all their numbers passed already (tick thread; the room adds them up). */
    public int lateInLastNext() {
        return lateInLastNext;
    }

    /** Runs rejected for arriving faster than the rate limit, since creation. */
    public long rejected() {
        return rate.rejected();
    }

    /** Old runs dropped because the queue was full (the server fell behind), since creation. */
    public synchronized long overflowed() {
        return overflowed;
    }
}
