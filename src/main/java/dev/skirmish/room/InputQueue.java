package dev.skirmish.room;

import dev.skirmish.sim.PlayerInput;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One player's bounded input queue: WebSocket threads offer, the tick thread drains at most a few per tick.
 * Inputs must come with increasing sequence numbers; a full queue drops the newest input and counts it,
 * and too many drops within one second report a flood.
 */
public final class InputQueue {
    /** What happened to an offered input. */
    public enum Offer { ACCEPTED, STALE, DROPPED, FLOOD }

    private static final long SECOND_NANOS = 1_000_000_000L;
    private final ArrayDeque<PlayerInput> queue;
    private final int capacity;
    private final int maxOverflowPerSecond;
    private final LongSupplier nanoClock;
    private long lastSeq = -1;
    private long windowStart;
    private int windowDrops;
    private long dropped;

    public InputQueue(int capacity, int maxOverflowPerSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.maxOverflowPerSecond = maxOverflowPerSecond;
        this.nanoClock = nanoClock;
        this.queue = new ArrayDeque<>(capacity);
        this.windowStart = nanoClock.getAsLong();
    }

    public synchronized Offer offer(PlayerInput input) {
        if (input.seq() <= lastSeq) {
            return Offer.STALE;
        }
        if (queue.size() >= capacity) {
            dropped++;
            long now = nanoClock.getAsLong();
            if (now - windowStart >= SECOND_NANOS) {
                windowStart = now;
                windowDrops = 0;
            }
            windowDrops++;
            return windowDrops > maxOverflowPerSecond ? Offer.FLOOD : Offer.DROPPED;
        }
        lastSeq = input.seq();
        queue.addLast(input);
        return Offer.ACCEPTED;
    }

    /** Moves at most {@code max} inputs, oldest first, into {@code out}; returns how many. */
    public synchronized int drainTo(List<PlayerInput> out, int max) {
        int n = 0;
        while (n < max && !queue.isEmpty()) {
            out.add(queue.pollFirst());
            n++;
        }
        return n;
    }

    public synchronized int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Inputs dropped because the queue was full, since creation. */
    public synchronized long dropped() {
        return dropped;
    }
}
