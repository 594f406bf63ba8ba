package dev.skirmish.engine.room;

import dev.skirmish.engine.limits.RateLimit;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One player's bounded input queue: WebSocket threads offer, the tick thread drains at most a few per tick.
 *
 * <p>Two different limits, so that a slow server never punishes an honest client:
 * <ul>
 *   <li>Arrival rate (the client's fault): a token bucket refilled at {@code maxRatePerSecond} with room for
 *       {@code burst} inputs. An input without a token is rejected; more than {@code maxRejectedPerSecond}
 *       rejections within one second report a {@link Offer#FLOOD} (the endpoint closes with 1008).</li>
 *   <li>Queue capacity (the server's lag, e.g. a stalled tick): a full queue drops its <em>oldest</em> input to
 *       keep the newest intent, counts it, and never closes anything.</li>
 * </ul>
 * Sequence numbers must increase; a stale or repeated one is ignored. Each input keeps the time it arrived,
 * for the server-added latency histogram (arrival to the first snapshot that acknowledges it).
 */
public final class InputQueue<I> {
    /** What happened to an offered input. */
    public enum Offer { ACCEPTED, STALE, RATE_LIMITED, FLOOD }

    private final Object[] items;
    private final long[] seqs;
    private final long[] arrivals;
    private int head;
    private int count;
    private int depthBeforeLastDrain; // written and read by the draining thread
    private final int capacity;
    private final RateLimit rate;
    private final LongSupplier nanoClock;
    private long lastSeq = -1;
    private long overflowed;
    private long drainedSeq; // the draining thread's

    /** The sequence number of the last input drained (0 before any): the one the next snapshot acknowledges. */
    public long drainedSeq() {
        return drainedSeq;
    }

    public InputQueue(int capacity, int maxRatePerSecond, int burst, int maxRejectedPerSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.rate = new RateLimit(maxRatePerSecond, burst, maxRejectedPerSecond, nanoClock);
        this.nanoClock = nanoClock;
        this.items = new Object[capacity];
        this.seqs = new long[capacity];
        this.arrivals = new long[capacity];
    }

    /** Offers one tick of input with its sequence number (any thread). */
    public synchronized Offer offer(long seq, I input) {
        if (seq <= lastSeq) {
            return Offer.STALE;
        }
        switch (rate.tryAcquire()) {
            case REJECTED:
                return Offer.RATE_LIMITED;
            case FLOOD:
                return Offer.FLOOD;
            default:
                break;
        }
        long now = nanoClock.getAsLong();
        lastSeq = seq;
        if (count == capacity) {
            items[head] = null;
            head = (head + 1) % capacity;
            count--;
            overflowed++;
        }
        int tail = (head + count) % capacity;
        items[tail] = input;
        seqs[tail] = seq;
        arrivals[tail] = now;
        count++;
        return Offer.ACCEPTED;
    }

    /** Moves at most {@code max} inputs, oldest first, into {@code out}; returns how many. */
    public int drainTo(List<? super I> out, int max) {
        return drainTo(out, max, null);
    }

    /**
     * Moves at most {@code max} inputs, oldest first, into {@code out}, and their arrival times (the queue's
     * nano clock) into {@code arrivalNanos} from index 0 when it is not null; returns how many.
     */
    @SuppressWarnings("unchecked")
    public synchronized int drainTo(List<? super I> out, int max, long[] arrivalNanos) {
        depthBeforeLastDrain = count;
        int n = 0;
        while (n < max && count > 0) {
            out.add((I) items[head]);
            drainedSeq = seqs[head];
            if (arrivalNanos != null && n < arrivalNanos.length) {
                arrivalNanos[n] = arrivals[head];
            }
            items[head] = null;
            head = (head + 1) % capacity;
            count--;
            n++;
        }
        return n;
    }

    public synchronized int size() {
        return count;
    }

    /** Inputs that were waiting when the last {@link #drainTo} began (for the draining thread's figures). */
    public int depthBeforeLastDrain() {
        return depthBeforeLastDrain;
    }

    public int capacity() {
        return capacity;
    }

    /** Inputs rejected for arriving faster than the rate limit, since creation. */
    public long rejected() {
        return rate.rejected();
    }

    /** Old inputs dropped because the queue was full (the server fell behind), since creation. */
    public synchronized long overflowed() {
        return overflowed;
    }
}
