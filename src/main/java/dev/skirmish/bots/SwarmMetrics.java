package dev.skirmish.bots;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the bots measure, aggregated over the swarm. Bots record from their WebSocket threads into HdrHistogram
 * recorders (microseconds); the swarm's clock thread takes an interval histogram a second for the timeline
 * and adds it to the run's totals.
 */
final class SwarmMetrics {
    /** Highest value tracked: one minute in microseconds. */
    private static final long MAX_US = 60_000_000L;

    /** Bot start to its first snapshot. */
    final Recorder join = new Recorder(MAX_US, 3);
    /** Time between two snapshots of one bot. */
    final Recorder interArrival = new Recorder(MAX_US, 3);
    /** How much later than its best a snapshot arrived, for its server tick. */
    final Recorder staleness = new Recorder(MAX_US, 3);
    /** An input's send to the first snapshot acknowledging it. */
    final Recorder rtt = new Recorder(MAX_US, 3);

    final LongAdder snapshots = new LongAdder();
    final LongAdder missing = new LongAdder();
    final LongAdder bytesDown = new LongAdder();
    final LongAdder bytesUp = new LongAdder();
    final LongAdder inputsSent = new LongAdder();
    /** The swarm JVM's CPU time over the measured seconds (set when measuring ends). */
    volatile long swarmCpuNanos;
    /** Input frames sent (an INPUTS frame carries several inputs). */
    final LongAdder framesUp = new LongAdder();
    final LongAdder inputsHeldBack = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger joined = new AtomicInteger();
    final AtomicInteger failedToJoin = new AtomicInteger();
    /** Closes the bots did not ask for, by stream and code ("game 4002"), and join failures by reason. */
    final Map<String, LongAdder> closes = new ConcurrentHashMap<>();

    /** Set once the warm-up is over: from then on the clock thread adds each second to the totals. */
    volatile boolean measuring;
    /** Counter values when measuring began. */
    long snapshotsAtStart;
    long missingAtStart;

    /** The run's totals, measured part only (clock thread only). */
    final Histogram totalJoin = new Histogram(MAX_US, 3);
    final Histogram totalInterArrival = new Histogram(MAX_US, 3);
    final Histogram totalStaleness = new Histogram(MAX_US, 3);
    final Histogram totalRtt = new Histogram(MAX_US, 3);

    static void record(Recorder r, long micros) {
        r.recordValue(Math.max(0, Math.min(MAX_US, micros)));
    }

    void closed(String what) {
        closes.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    long disconnects() {
        return closes.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
