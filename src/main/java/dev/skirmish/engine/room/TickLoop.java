package dev.skirmish.engine.room;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.CloseCodes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One tick thread's loop: at each deadline of its {@link TickPacer} it ticks every room assigned to it. A room
 * whose tick throws is logged and skipped for that tick, and closed after repeated failures; other rooms keep
 * ticking. Rooms that stayed empty for their grace period are closed and handed to {@code onRoomClosed}.
 */
public final class TickLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(TickLoop.class.getName());
    /** Consecutive failed ticks after which a room is closed with 1011. */
    static final int MAX_CONSECUTIVE_FAILURES = 60;

    private final String name;
    private final int rateHz;
    private final int maxCatchUpTicks;
    private final LongSupplier nanoClock;
    private final Consumer<LocalRoom> onRoomClosed;
    private final List<LocalRoom> rooms = new CopyOnWriteArrayList<>();
    private final java.util.Map<LocalRoom, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final DurationHistogram tickNanos = new DurationHistogram();
    private final DurationHistogram tickCpuNanos = new DurationHistogram();
    private final DurationHistogram inputLatency = new DurationHistogram();
    private final DurationHistogram snapshotEncodeNanos = new DurationHistogram();
    private final DurationHistogram snapshotIntervalDeviation = new DurationHistogram();
    private final java.lang.management.ThreadMXBean cpuClock = java.lang.management.ManagementFactory.getThreadMXBean();
    private volatile boolean running = true;
    private final java.util.function.BooleanSupplier stillRunning = () -> running;
    private volatile long overruns;
    private volatile long ticks;
    /** When the last tick ended ({@code nanoClock}), 0 before the first: the health checks read it. */
    private volatile long lastTickNanos;
    private volatile TickPacer pacer;

    public TickLoop(String name, int rateHz, int maxCatchUpTicks, LongSupplier nanoClock, Consumer<LocalRoom> onRoomClosed) {
        this.name = name;
        this.rateHz = rateHz;
        this.maxCatchUpTicks = maxCatchUpTicks;
        this.nanoClock = nanoClock;
        this.onRoomClosed = onRoomClosed;
    }

    public void add(LocalRoom room) {
        room.shareMetrics(inputLatency, snapshotEncodeNanos, snapshotIntervalDeviation);
        rooms.add(room);
    }

    public int roomCount() {
        return rooms.size();
    }

    public List<LocalRoom> rooms() {
        return List.copyOf(rooms);
    }

    /** Asks the loop to end after its current tick. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        // ticks should not wait behind socket threads; the JVM maps this to an OS priority only where it may
        // (on Linux with -XX:ThreadPriorityPolicy=1 as root, see docs/benchmarks.md), elsewhere it does nothing
        Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
        TickPacer p = TickPacer.ofRate(rateHz, maxCatchUpTicks, nanoClock.getAsLong());
        pacer = p;
        LOG.info(() -> name + " ticking at " + rateHz + " Hz");
        while (p.awaitDeadline(nanoClock, stillRunning)) {
            long cpuStart = threadCpuNanos();
            long start = nanoClock.getAsLong();
            tickRooms();
            long end = nanoClock.getAsLong();
            long spent = end - start;
            tickNanos.record(spent);
            if (cpuStart >= 0) {
                tickCpuNanos.record(threadCpuNanos() - cpuStart);
            }
            ticks++;
            lastTickNanos = end;
            if (spent > p.periodNanos()) {
                overruns++;
            }
            p.tickDone(end);
        }
        LOG.info(() -> name + " stopped after " + ticks + " ticks");
    }

    /** Ticks each room once, containing failures. Public for tests that drive the loop without a thread. */
    public void tickRooms() {
        for (LocalRoom room : rooms) {
            try {
                String closeRequest = room.closeRequest();
                if (closeRequest != null) {
                    close(room, CloseCodes.GOING_AWAY, closeRequest);
                    continue;
                }
                long started = System.nanoTime();
                room.tick();
                room.tickNanos().record(System.nanoTime() - started);
                failures.remove(room);
                if (room.idleLongEnough() && room.closeIfEmpty()) {
                    close(room, CloseCodes.GOING_AWAY, "room closed");
                }
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                int n = failures.merge(room, 1, Integer::sum);
                LOG.log(n == 1 ? Level.SEVERE : Level.FINE, "tick of room " + room.id() + " failed (" + n + ")", e);
                if (n >= MAX_CONSECUTIVE_FAILURES) {
                    LOG.severe("closing room " + room.id() + " after " + n + " failed ticks");
                    close(room, CloseCodes.INTERNAL_ERROR, "room failed");
                }
            }
        }
    }

    private void close(LocalRoom room, CloseCodes code, String reason) {
        rooms.remove(room);
        failures.remove(room);
        try {
            room.closeAll(code, reason);
        } finally {
            onRoomClosed.accept(room);
        }
    }

    /**
     * Closes a room that a handover froze (its tick thread no longer touches it): its remaining streams get
     * {@code code}, and it leaves the loop and the directory.
     */
    public void closeFrozen(LocalRoom room, CloseCodes code, String reason) {
        if (rooms.contains(room)) {
            close(room, code, reason);
        }
    }

    /** Closes every room (server stopping); call after the loop thread has ended. */
    void closeAllRooms(CloseCodes code, String reason) {
        for (LocalRoom room : rooms) {
            close(room, code, reason);
        }
    }

    private long threadCpuNanos() {
        return cpuClock.isCurrentThreadCpuTimeSupported() ? cpuClock.getCurrentThreadCpuTime() : -1;
    }

    /** Wall time of each tick (all rooms of this loop). */
    public DurationHistogram tickNanos() {
        return tickNanos;
    }

    /** CPU time of the tick thread for each tick, where the JVM measures thread CPU time. */
    /** Server-added input latency of this loop's rooms (arrival to the acknowledging snapshot's hand-over). */
    public DurationHistogram inputLatency() {
        return inputLatency;
    }

    /** Time to select and encode one player's snapshot, in this loop's rooms. */
    public DurationHistogram snapshotEncodeNanos() {
        return snapshotEncodeNanos;
    }

    /**
     * For each snapshot round of this loop's rooms, how far the time since the room's previous round is from the
     * schedule (ticks between them times the tick period).
     */
    public DurationHistogram snapshotIntervalDeviation() {
        return snapshotIntervalDeviation;
    }

    public DurationHistogram tickCpuNanos() {
        return tickCpuNanos;
    }

    /** When the last tick ended ({@code System.nanoTime()} clock in production), 0 before the first tick. */
    public long lastTickNanos() {
        return lastTickNanos;
    }

    public long overruns() {
        return overruns;
    }

    public long ticks() {
        return ticks;
    }

    public long scheduleResets() {
        TickPacer p = pacer;
        return p == null ? 0 : p.resets();
    }

    public String name() {
        return name;
    }
}
