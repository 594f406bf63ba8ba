package dev.skirmish.engine.netsim;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One direction of a simulated link: items offered now are handed to the sink when the {@link DelayModel}
 * says, in order, one at a time (the next waits until the sink calls {@code done}, so a slow real socket
 * still pushes back). Bounded: an offer to a full line is refused and the caller applies its own policy.
 */
public final class DelayLine<T> {
    /** Receives the items as they come out of the line; must call {@code done} exactly once per item. */
    public interface Sink<T> {
        void deliver(T item, Runnable done);
    }

    private record Entry<T>(long due, T item) {
    }

    private final DelayModel model;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Sink<T> sink;
    private final int capacity;
    private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    private boolean delivering;
    private boolean pumping;
    private boolean closed;

    public DelayLine(DelayModel model, int capacity, ScheduledExecutorService scheduler, LongSupplier clock,
                     Sink<T> sink) {
        this.model = model;
        this.capacity = capacity;
        this.scheduler = scheduler;
        this.clock = clock;
        this.sink = sink;
    }

    /** Puts an item on the line; false if the line is full or closed. */
    public boolean offer(T item) {
        long now = clock.getAsLong();
        long due;
        synchronized (this) {
            if (closed || queue.size() >= capacity) {
                return false;
            }
            due = model.due(now);
            queue.addLast(new Entry<>(due, item));
        }
        try {
            scheduler.schedule(this::pump, Math.max(0, due - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            close(); // the server is stopping
        }
        return true;
    }

    /** Items waiting on the line. */
    public synchronized int size() {
        return queue.size();
    }

    /** Drops whatever waits and refuses further offers. */
    public synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void pump() {
        while (true) {
            T item;
            synchronized (this) {
                Entry<T> head = queue.peekFirst();
                if (pumping || delivering || head == null || head.due() - clock.getAsLong() > 0) {
                    return;
                }
                queue.pollFirst();
                delivering = true;
                pumping = true;
                item = head.item();
            }
            try {
                sink.deliver(item, this::done);
            } catch (RuntimeException e) {
                done();
            } finally {
                synchronized (this) {
                    pumping = false;
                }
            }
        }
    }

    private void done() {
        synchronized (this) {
            delivering = false;
        }
        pump();
    }
}
