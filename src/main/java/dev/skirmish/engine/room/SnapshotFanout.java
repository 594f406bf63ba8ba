package dev.skirmish.engine.room;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.Viewer;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.engine.spi.wire.SnapshotFrames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A room's snapshot send, for any game: once per snapshot round it keeps the round's events (from
 * {@link GameWorld#takeEvents}), brings the roster log up to date and lets the game's {@link Views} capture the
 * world; then for each seat it writes the frame's header ({@link SnapshotFrames}), has the game write its part as a
 * delta against the last snapshot handed to that seat's socket
 * (full after a join, a resume or a resync request, or when the baseline is older than {@link Views#MAX_BASE_AGE}
 * ticks), with the events since that seat's last snapshot and the roster changes since its roster version. Seats
 * whose previous frame is still in flight are skipped; a skipped snapshot is not a baseline. Tick thread only,
 * except the counters.
 */
final class SnapshotFanout {
    /** Snapshot rounds of events kept for players whose snapshots were skipped. */
    static final int EVENT_RING = 16;

    private final GameWorld<?> world;
    @SuppressWarnings("rawtypes")
    private final Views views;
    private final RosterLog roster = new RosterLog();
    private final List<RosterLine> rosterScratch = new ArrayList<>();
    private final BitWriter bits = new BitWriter(1024);
    private final EventChunk[] eventRing = new EventChunk[EVENT_RING];
    private final List<EventChunk> chunks = new ArrayList<>(EVENT_RING);
    private final SeatView view = new SeatView();
    private int rosterVersion = Integer.MIN_VALUE;
    private long seq;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong fulls = new AtomicLong();
    private volatile DurationHistogram inputLatency = new DurationHistogram();
    private volatile DurationHistogram encodeNanos = new DurationHistogram();
    private volatile DurationHistogram intervalDeviation = new DurationHistogram();
    private final long tickNanos;
    private long lastRoundNanos;
    private long lastRoundTick;
    // this round's counts (tick thread)
    private long roundSent;
    private long roundSkipped;
    private long roundBytes;

    SnapshotFanout(GameWorld<?> world, int simRateHz) {
        this.world = world;
        this.tickNanos = 1_000_000_000L / simRateHz;
        this.views = world.views();
    }

    /** Number of the last snapshot round (a seat joining now has seen none after it). */
    long sequence() {
        return seq;
    }

    /**
     * Sends one snapshot round to the players' seats and the spectators (each a view of the player it watches).
     * {@code membersVersion} changes whenever players come or go: the roster is read again then, and whenever the
     * world's {@link GameWorld#rosterVersion} changes.
     */
    @SuppressWarnings("unchecked")
    void send(Collection<Seat> seats, Collection<Seat> spectators, int membersVersion) {
        seq++;
        eventRing[(int) (seq % EVENT_RING)] = world.takeEvents();
        if (seats.isEmpty() && spectators.isEmpty()) {
            lastRoundNanos = 0;
            return;
        }
        recordInterval(world.tick(), System.nanoTime());
        views.capture();
        int version = membersVersion + world.rosterVersion();
        if (version != rosterVersion || roster.version() < 0) {
            rosterVersion = version;
            rosterScratch.clear();
            world.roster(rosterScratch);
            roster.update(roster.version() + 1 & 0x7FFF_FFFF, rosterScratch);
        }
        roundSent = 0;
        roundSkipped = 0;
        roundBytes = 0;
        for (Seat seat : seats) {
            sendTo(seat);
        }
        for (Seat seat : spectators) {
            sendTo(seat);
        }
        sent.addAndGet(roundSent);
        skipped.addAndGet(roundSkipped);
        bytes.addAndGet(roundBytes);
    }

    /** One seat's (or spectator's) snapshot of this round: written and handed over, or skipped; counted in round*. */
    @SuppressWarnings("unchecked")
    private void sendTo(Seat seat) {
        if (!world.has(seat.entityId)) {
            return;
        }
        if (seat.takeResyncRequest()) {
            seat.baselineValid = false;
        }
        if (!seat.connection().readyForSnapshot()) {
            roundSkipped++; // do not build a frame that would be dropped
            return;
        }
        long started = System.nanoTime();
        long tick = world.tick();
        boolean full = !seat.baselineValid || tick <= seat.baselineTick || tick - seat.baselineTick > Views.MAX_BASE_AGE;
        if (seat.next == null) {
            seat.next = views.newState();
            seat.baseline = views.newState();
        }
        chunks.clear();
        for (long s = Math.max(seat.lastSnapshotSent + 1, seq - EVENT_RING + 1); s <= seq; s++) {
            chunks.add(eventRing[(int) (s % EVENT_RING)]);
        }
        // a full snapshot (join, resume, resync) carries the full roster: the client may have lost its own
        byte[] rosterBlock = roster.encodeFor(full ? -1 : seat.rosterVersionSent);
        long ack = seat.spectator() ? 0 : seat.ackSeq;
        int phase = world.phase().code();
        long phaseEnd = world.phaseEndTick();
        SnapshotFrames.writeHeader(bits, full ? 0 : (int) (tick - seat.baselineTick), tick, ack, phase, phaseEnd,
                seat.sentAck, seat.sentPhase, seat.sentPhaseEnd, SnapshotFrames.eventCount(chunks), rosterBlock != null);
        view.seat = seat;
        views.write(view, full ? null : seat.baseline, seat.next, bits);
        SnapshotFrames.writeTail(bits, chunks, rosterBlock);
        ByteBuffer frame = ByteBuffer.wrap(bits.toByteArray());
        encodeNanos.record(System.nanoTime() - started);
        if (seat.connection().offerSnapshot(frame)) {
            Object next = seat.next;
            seat.next = seat.baseline;
            seat.baseline = next;
            seat.baselineValid = true;
            seat.baselineTick = tick;
            seat.sentAck = ack;
            seat.sentPhase = phase;
            seat.sentPhaseEnd = phaseEnd;
            seat.lastSnapshotSent = seq;
            seat.rosterVersionSent = roster.version();
            long now = System.nanoTime();
            for (int i = 0; i < seat.unacknowledgedCount; i++) {
                inputLatency.record(now - seat.unacknowledged[i]);
            }
            seat.unacknowledgedCount = 0;
            roundBytes += frame.limit();
            if (full) {
                fulls.incrementAndGet();
            }
            roundSent++;
        } else {
            roundSkipped++;
        }
    }

    /**
     * How far the time since the previous snapshot round is from its schedule (the ticks between the two rounds
     * times the tick period): the regularity of the snapshots leaving the server.
     */
    private void recordInterval(long tick, long now) {
        if (lastRoundNanos != 0 && tick > lastRoundTick) {
            intervalDeviation.record(Math.abs(now - lastRoundNanos - (tick - lastRoundTick) * tickNanos));
        }
        lastRoundNanos = now;
        lastRoundTick = tick;
    }

    /** What the game's views see of the seat being written (one instance, reused). */
    private final class SeatView implements Viewer {
        Seat seat;

        @Override
        public int entityId() {
            return seat.entityId;
        }

        @Override
        public boolean spectator() {
            return seat.spectator();
        }

        @Override
        public long tick() {
            return world.tick();
        }

        @Override
        public long round() {
            return seq;
        }

        @Override
        public boolean portrait() {
            return seat.portrait();
        }
    }

    long sent() {
        return sent.get();
    }

    long skipped() {
        return skipped.get();
    }

    long bytes() {
        return bytes.get();
    }

    long fulls() {
        return fulls.get();
    }

    void shareMetrics(DurationHistogram inputLatencyNanos, DurationHistogram snapshotEncodeNanos,
                      DurationHistogram snapshotIntervalDeviation) {
        this.inputLatency = inputLatencyNanos;
        this.encodeNanos = snapshotEncodeNanos;
        this.intervalDeviation = snapshotIntervalDeviation;
    }

    DurationHistogram inputLatency() {
        return inputLatency;
    }

    DurationHistogram encodeNanos() {
        return encodeNanos;
    }
}
