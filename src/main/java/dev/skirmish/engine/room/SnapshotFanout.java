package dev.skirmish.engine.room;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.protocol.SnapshotCodec;
import dev.skirmish.games.arena.protocol.SnapshotEncoder;
import dev.skirmish.games.arena.protocol.SnapshotEncoder.EventChunk;
import dev.skirmish.games.arena.protocol.SnapshotState;
import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.games.arena.sim.Player;
import dev.skirmish.games.arena.sim.World;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A room's snapshot send: once per snapshot it quantizes the world and brings the roster log up to date, then
 * for each seat picks the entities of its area of interest and encodes them as a delta against the last
 * snapshot handed to that seat's socket (full after a join, a resume or a resync request), with the events
 * since that seat's last snapshot and the roster changes since its roster version. About once a second (and in
 * every full snapshot) a seat's frame also carries the radar: where the other living players outside its
 * entities are, coarsely, for the arrows that lead players to a fight. Seats whose previous frame is still in
 * flight are skipped; a skipped snapshot is not a baseline. Tick thread only, except the counters.
 */
final class SnapshotFanout {
    /** Snapshot intervals of events kept for players whose snapshots were skipped. */
    static final int EVENT_RING = 16;

    private final SnapshotBuilder builder;
    private final RosterLog roster = new RosterLog();
    private final BitWriter bits = new BitWriter(1024);
    private final EventChunk[] eventRing = new EventChunk[EVENT_RING];
    private final List<EventChunk> chunks = new ArrayList<>(EVENT_RING);
    private final int radarEvery;
    private final int[] radarX = new int[World.MAX_PLAYER_ID + 1];
    private final int[] radarY = new int[World.MAX_PLAYER_ID + 1];
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

    /** @param snapshotRateHz snapshot intervals a second: a seat gets the radar every this many */
    SnapshotFanout(InterestArea interest, int simRateHz, int snapshotRateHz) {
        this.builder = new SnapshotBuilder(interest);
        this.tickNanos = 1_000_000_000L / simRateHz;
        this.radarEvery = Math.max(1, snapshotRateHz);
    }

    /** Number of the last snapshot interval (a seat joining now has seen none after it). */
    long sequence() {
        return seq;
    }

    /**
     * Sends one snapshot interval to the players' seats and the spectators (each a view of the player it watches):
     * {@code events} happened since the previous one (the caller clears them).
     */
    void send(World world, Collection<Seat> seats, Collection<Seat> spectators, List<GameEvent> events,
              int rosterVersion) {
        seq++;
        eventRing[(int) (seq % EVENT_RING)] = SnapshotEncoder.encodeEvents(events);
        if (seats.isEmpty() && spectators.isEmpty()) {
            lastRoundNanos = 0;
            return;
        }
        recordInterval(world.tick(), System.nanoTime());
        builder.capture(world);
        if (roster.version() != rosterVersion) {
            roster.update(rosterVersion, world.players());
        }
        roundSent = 0;
        roundSkipped = 0;
        roundBytes = 0;
        for (Seat seat : seats) {
            sendTo(world, seat, rosterVersion);
        }
        for (Seat seat : spectators) {
            sendTo(world, seat, rosterVersion);
        }
        sent.addAndGet(roundSent);
        skipped.addAndGet(roundSkipped);
        bytes.addAndGet(roundBytes);
    }

    /** One seat's (or spectator's) snapshot of this round: built and handed over, or skipped; counted in round*. */
    private void sendTo(World world, Seat seat, int rosterVersion) {
        Player p = world.player(seat.entityId);
        if (p == null) {
            return;
        }
        if (seat.takeResyncRequest()) {
            seat.baseline.valid = false;
        }
        if (!seat.connection().readyForSnapshot()) {
            roundSkipped++; // do not build a frame that would be dropped
            return;
        }
        long started = System.nanoTime();
        SnapshotState base = seat.baseline.valid ? seat.baseline : null;
        boolean full = !SnapshotCodec.usable(base, world.tick());
        boolean radar = full || seq - seat.lastRadarSent >= radarEvery;
        ByteBuffer frame = encode(world, seat, p, base, full, radar);
        encodeNanos.record(System.nanoTime() - started);
        if (seat.connection().offerSnapshot(frame)) {
            SnapshotState next = seat.next;
            seat.next = seat.baseline;
            seat.baseline = next;
            seat.lastSnapshotSent = seq;
            seat.rosterVersionSent = rosterVersion;
            if (radar) {
                seat.lastRadarSent = seq;
            }
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

    /** Builds the seat's next state in {@code seat.next} and encodes it against its baseline. */
    private ByteBuffer encode(World world, Seat seat, Player p, SnapshotState base, boolean full, boolean radar) {
        chunks.clear();
        for (long s = Math.max(seat.lastSnapshotSent + 1, seq - EVENT_RING + 1); s <= seq; s++) {
            chunks.add(eventRing[(int) (s % EVENT_RING)]);
        }
        SnapshotState next = seat.next;
        next.valid = true;
        next.tick = world.tick();
        next.ackSeq = seat.spectator() ? 0 : p.lastInputSeq();
        next.vx = Quant.toVelocity(p.vx);
        next.vy = Quant.toVelocity(p.vy);
        next.phase = world.phase().code();
        next.phaseEndTick = world.phaseEndTick();
        next.areaHalfWidth16 = world.area().halfWidth16();
        next.areaHalfHeight16 = world.area().halfHeight16();
        builder.select(p.id(), base == null ? null : base.entities, next.entities);
        // a full snapshot (join, resume, resync) carries the full roster: the client may have lost its own
        SnapshotCodec.encode(base, next, chunks, roster.encodeFor(full ? -1 : seat.rosterVersionSent),
                radar ? radar(world, p, next) : null, bits);
        return ByteBuffer.wrap(bits.toByteArray());
    }

    /** The radar for {@code self}: every other living player that is not among the entities of {@code next}. */
    private byte[] radar(World world, Player self, SnapshotState next) {
        int n = 0;
        var entities = next.entities;
        int k = 0;
        for (Player o : world.players()) { // id order, like the entity table
            if (o == self || !o.alive() || o.held()) {
                continue;
            }
            while (k < entities.size() && entities.id(k) < o.id()) {
                k++;
            }
            if (k < entities.size() && entities.id(k) == o.id()) {
                continue; // in view: the snapshot has it
            }
            radarX[n] = SnapshotEncoder.radarCell(o.x, world.map().width());
            radarY[n] = SnapshotEncoder.radarCell(o.y, world.map().height());
            n++;
        }
        return SnapshotEncoder.encodeRadar(radarX, radarY, n);
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
