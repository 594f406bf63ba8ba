package dev.skirmish.engine.room;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.WelcomeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One game room, for any game: a {@link GameWorld}, its {@link Occupants} (who is in it) and its {@link Spectators}. Seat counting and the
 * command queue (joins, drops, leaves, spectators) are thread-safe; {@link #tick()} runs on exactly one tick
 * thread and is the only code that touches the world.
 *
 * <p>Tick phases: apply joins and leaves, drain each player's inputs (at most {@code inputMaxPerTick}),
 * step the world, collect events, and when a snapshot is due hand them to the {@link SnapshotFanout}, which
 * sends each player a delta of its area of interest.
 */
public final class LocalRoom implements Room {
    /** An emptied room (its players left, nobody holds a seat) closes after at most this long. */
    static final int LEFT_EMPTY_CLOSE_SECONDS = 3;

    private final String id;
    private final String name;
    private final String code;
    private final String gameName;
    private final int capacity;
    private final GameWorld<Object> world;
    /** The world's hold rule, made once: a method reference written in the tick would be a new object per seat. */
    private final InputQueue.Hold<Object> hold;
    private final RoomConfig config;
    private final ArrayBlockingQueue<Command> commands;

    // guarded by this
    /**
     * Who holds a seat here, by player id, and how: on the way with a ticket, connected, or held after a drop. The
     * one record of the room's seats: {@link #seatsTaken()} is its size, the members are its connected and held
     * entries.
     */
    private final Map<String, SeatState> seatHolders = new HashMap<>();

    /** How a player holds its seat. */
    enum SeatState {
        /** A ticket reserved it; the game stream has not come yet. */
        ON_THE_WAY,
        /** The player's game stream is connected (or claiming the seat). */
        CONNECTED,
        /** The stream dropped; the seat and the entity are kept for the seat hold. */
        HELD
    }
    private boolean closed;

    // tick thread only (but for the members view of the occupants)
    /** Who is in the room: connected and held seats. */
    private final Occupants occupants;
    /** Spectators' places and whom each watches. */
    private final Spectators spectators;
    private final Map<Integer, List<Object>> inputsByEntity = new HashMap<>();
    private final SnapshotFanout snapshots;
    private final long[] arrivalScratch = new long[16];
    private int snapshotAccumulator;
    private long loopTicks;
    private long emptyTicks;

    // read by any thread
    private volatile MatchPhase phase; // the world's, as of the last tick (from the start: a new room is waiting)
    private volatile long currentTick;
    private volatile int inputQueueDepth;
    private volatile long heldTicks; // written by the tick thread only
    private volatile long lateRuns; // written by the tick thread only
    /** Wall time of this room's ticks, recorded by its tick loop. */
    private final DurationHistogram tickNanos = new DurationHistogram();
    /** Set by {@link #freeze()}; the tick thread freezes the room at its next tick. */
    private final AtomicReference<CompletableFuture<Frozen>> freezeRequest = new AtomicReference<>();
    private boolean frozen; // tick thread
    /** Set by an operator (any thread): the tick loop closes the room with this reason at its next tick. */
    private volatile String closeRequest;
    /** The world as recorded for replays, null when this room records none (its game has none, or they are off). */
    private final dev.skirmish.engine.replay.RecordingWorld<Object> recording;
    /** Kill replays asked for (any thread), served at the end of a tick; more wait than this, and one fails. */
    private final ArrayBlockingQueue<Excerpt> excerpts = new ArrayBlockingQueue<>(8);

    /** A request for the room's recent past: from this many ticks back. */
    private record Excerpt(long ticksBack, CompletableFuture<dev.skirmish.engine.replay.Replay> done) {
    }

    /**
     * A room stopped for a handover: what moves to the other node, and the game streams of the players who were
     * connected when it froze (the stopping node tells them where to go). Nothing ticks the room any more.
     */
    public record Frozen(RoomHandover.State state, List<Seat> connected) {
    }

    private sealed interface Command {
        /** A game stream claimed its ticket: enter the world, or take back a held or active seat. */
        record Join(Seat seat) implements Command {
        }

        /** A game stream ended without leaving: hold the seat. */
        record Drop(Seat seat) implements Command {
        }

        /** The player left (lobby leave, joined elsewhere): release the seat now. */
        record Leave(String playerId, CloseCodes code, String reason) implements Command {
        }

        /** A spectator's stream opened: welcome it and start its snapshots. */
        record Watch(Seat spectator) implements Command {
        }

        /** A spectator's stream ended. */
        record Unwatch(Seat spectator) implements Command {
        }
    }

    public LocalRoom(String id, String name, int capacity, GameWorld<?> world, RoomConfig config) {
        this(id, name, null, capacity, Games.DEFAULT, world, config);
    }

    /** A room; {@code code} is the join code of a private room, null for a public one. */
    public LocalRoom(String id, String name, String code, int capacity, GameWorld<?> world, RoomConfig config) {
        this(id, name, code, capacity, Games.DEFAULT, world, config);
    }

    /** A room of the game called {@code game}, playing {@code world} (made by that game). */
    @SuppressWarnings("unchecked") // the world takes the inputs its own game decoded
    public LocalRoom(String id, String name, String code, int capacity, String game, GameWorld<?> world,
                     RoomConfig config) {
        this.id = id;
        this.gameName = game;
        this.name = name;
        this.code = code;
        this.capacity = capacity;
        this.world = (GameWorld<Object>) world;
        this.recording = world instanceof dev.skirmish.engine.replay.RecordingWorld<?> r
                ? (dev.skirmish.engine.replay.RecordingWorld<Object>) r : null;
        this.hold = this.world::heldInput;
        this.config = config;
        this.phase = world.phase();
        // each seat queues at most one join and one leave between two ticks, each spectator one watch and one
        // unwatch; twice that is ample
        this.commands = new ArrayBlockingQueue<>(capacity * 4 + config.maxSpectators() * 4 + 16);
        this.spectators = new Spectators(config.maxSpectators());
        this.snapshots = new SnapshotFanout(world, config.simRateHz());
        this.occupants = new Occupants(this, world, config);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String game() {
        return gameName;
    }

    @Override
    public String mapName() {
        return world.mapName();
    }

    @Override
    public MatchPhase phase() {
        return phase;
    }

    @Override
    public synchronized int seatsTaken() {
        return seatHolders.size();
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized boolean tryReserveSeat(String playerId) {
        if (closed) {
            return false;
        }
        if (seatHolders.containsKey(playerId)) {
            return true;
        }
        if (seatHolders.size() >= capacity) {
            return false;
        }
        seatHolders.put(playerId, SeatState.ON_THE_WAY);
        return true;
    }

    @Override
    public synchronized void releaseTicket(String playerId) {
        seatHolders.remove(playerId, SeatState.ON_THE_WAY);
    }

    /** The player's seat is now held in this state (its stream came, dropped, or it arrives with a handover). */
    synchronized void seat(String playerId, SeatState state) {
        seatHolders.put(playerId, state);
    }

    /** The player left the room for good: its seat is free. */
    synchronized void vacate(String playerId) {
        seatHolders.remove(playerId);
    }

    /** Everyone's seat is free (the room closes). */
    synchronized void vacateAll() {
        seatHolders.clear();
    }

    /** Whether the player holds a seat here, on its way or in the room (any thread). */
    public synchronized boolean holdsSeat(String playerId) {
        return seatHolders.containsKey(playerId);
    }

    /**
     * Takes a spectator's place if the room is open and has one free ({@code room.maxSpectators}); spectators
     * hold no seat and do not count against the capacity.
     */
    public boolean tryAddSpectator() {
        return !isClosed() && spectators.tryTake();
    }

    /** Spectators watching (or about to), any thread. */
    public int spectators() {
        return spectators.count();
    }

    /** Spectators this room takes at once. */
    public int maxSpectators() {
        return spectators.max();
    }

    /** Queues a spectator (its place already taken with {@link #tryAddSpectator}); it is welcomed on the next tick. */
    public void enqueueWatch(Seat spectator) {
        if (!commands.offer(new Command.Watch(spectator))) {
            spectators.release();
            throw new IllegalStateException("room command queue full");
        }
    }

    /** The end of a spectator's stream: its place is free at once, it stops getting snapshots on the next tick. */
    public void enqueueUnwatch(Seat spectator) {
        spectators.release();
        if (!commands.offer(new Command.Unwatch(spectator))) {
            throw new IllegalStateException("room command queue full"); // cannot happen: room for every unwatch
        }
    }

    /** Closes the room to new seats if nobody holds one; returns whether it closed. */
    synchronized boolean closeIfEmpty() {
        if (seatHolders.isEmpty()) {
            closed = true;
        }
        return closed;
    }

    synchronized void markClosed() {
        closed = true;
    }

    /** Queues a seated player to enter the world (or take back its seat) on the next tick. */
    public void enqueueJoin(Seat seat) {
        if (!commands.offer(new Command.Join(seat))) {
            throw new IllegalStateException("room command queue full");
        }
        occupants.expect(seat);
    }

    /** Queues the end of a seat's game stream: the seat is held for the player (or released without a hold). */
    public void enqueueDrop(Seat seat) {
        if (!commands.offer(new Command.Drop(seat))) {
            throw new IllegalStateException("room command queue full");
        }
    }

    /** Queues a player's departure; its seat (active or held) is released on the next tick. */
    public void enqueueLeave(String playerId) {
        enqueueLeave(playerId, CloseCodes.NORMAL, "left the room");
    }

    /** Queues a player's removal by an operator (or any departure with its own close code and reason). */
    public void enqueueLeave(String playerId, CloseCodes code, String reason) {
        if (!commands.offer(new Command.Leave(playerId, code, reason))) {
            throw new IllegalStateException("room command queue full");
        }
    }

    /** An operator closes the room: its tick loop closes it (1001 with this reason to everyone) at its next tick. */
    public void requestClose(String reason) {
        closeRequest = reason;
    }

    /** The reason of an operator's close request, or null. */
    String closeRequest() {
        return closeRequest;
    }

    /** Whether the player has an active or held seat here (as of the last tick; any thread). */
    public synchronized boolean hasMember(String playerId) {
        SeatState s = seatHolders.get(playerId);
        return s == SeatState.CONNECTED || s == SeatState.HELD;
    }

    /** The players with an active or held seat (a live view; any thread). */
    public synchronized java.util.Set<String> memberIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        seatHolders.forEach((id, s) -> {
            if (s != SeatState.ON_THE_WAY) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** True if the player's game stream is connected, false if its seat is held, null if not a member. */
    public synchronized Boolean memberConnected(String playerId) {
        SeatState s = seatHolders.get(playerId);
        return s == SeatState.CONNECTED ? Boolean.TRUE : s == SeatState.HELD ? Boolean.FALSE : null;
    }

    /** A member's nickname, or null (any thread). */
    public String memberName(String playerId) {
        return occupants.memberName(playerId);
    }

    /** Seats taken back by a reconnecting player, since the room opened. */
    public long resumes() {
        return occupants.resumes();
    }

    /**
     * Asks the tick thread to stop this room at its next tick and save it for a handover (see {@link Frozen}).
     * The future fails if saving does; asking again returns the same future.
     */
    public CompletableFuture<Frozen> freeze() {
        CompletableFuture<Frozen> f = new CompletableFuture<>();
        return freezeRequest.compareAndSet(null, f) ? f : freezeRequest.get();
    }

    private void freezeNow(CompletableFuture<Frozen> f) {
        try {
            applyCommands();
            world.takeEvents(); // a join's respawn event this tick: the new node's full snapshot shows the player
            List<RoomHandover.Member> saved = occupants.save();
            byte[] state = world.save();
            frozen = true;
            f.complete(new Frozen(new RoomHandover.State(id, name, code, capacity, gameName, saved, state),
                    List.copyOf(occupants.connected())));
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError: a class the freeze needs could not be loaded (the application is being undeployed)
            f.completeExceptionally(e);
        }
    }

    /**
     * Seats the members of a handed-over room, before it ticks: each holds its seat and entity for the seat hold,
     * as after a drop, until its game stream arrives here.
     */
    void restoreMembers(List<RoomHandover.Member> saved) {
        // at least ten seconds, even where seat holds are off: the players are on their way
        long expires = world.tick() + Math.max(config.seatHoldTicks(), 10L * config.simRateHz());
        occupants.restore(saved, expires); // each member occupies its seat
        world.takeEvents(); // holding the members announces nothing: they were connected on the other node
        phase = world.phase();
        currentTick = world.tick();
    }

    /** Advances the room by one tick. Tick thread only. */
    public void tick() {
        if (frozen) {
            return;
        }
        CompletableFuture<Frozen> freezing = freezeRequest.get();
        if (freezing != null) {
            freezeNow(freezing);
            return;
        }
        if (config.tickEvery() > 1 && ++loopTicks % config.tickEvery() != 0) {
            return; // a game slower than its loop ticks every n-th time
        }
        applyCommands();
        occupants.expireHolds();
        occupants.markSilent(System.nanoTime());
        int depth = 0;
        long held = 0;
        long late = 0;
        for (Seat seat : occupants.connected()) {
            if (seat.inWorld) {
                List<Object> list = inputsByEntity.computeIfAbsent(seat.entityId, k -> new ArrayList<>(4));
                list.clear();
                InputQueue<Object> queue = (InputQueue<Object>) seat.inputs();
                int n = queue.next(list, Math.min(config.inputMaxPerTick(), arrivalScratch.length), arrivalScratch,
                        hold, config.inputLagTicks(), config.inputHoldTicks());
                if (n > 0) {
                    seat.ackSeq = queue.drainedSeq();
                }
                for (int i = 0; i < n && seat.unacknowledgedCount < seat.unacknowledged.length; i++) {
                    if (arrivalScratch[i] != 0) { // a held input arrived with nothing (its run was counted)
                        seat.unacknowledged[seat.unacknowledgedCount++] = arrivalScratch[i];
                    }
                }
                depth += queue.depthBeforeLastDrain(); // no second lock per seat and tick
                held += queue.heldInLastNext();
                late += queue.lateInLastNext();
            }
        }
        inputQueueDepth = depth;
        if (held != 0) {
            heldTicks += held;
        }
        if (late != 0) {
            lateRuns += late;
        }
        world.step(inputsByEntity);
        spectators.follow(world, occupants::entityIds);
        phase = world.phase();
        currentTick = world.tick();
        snapshotAccumulator += config.snapshotRateHz();
        if (snapshotAccumulator >= config.simRateHz()) {
            snapshotAccumulator -= config.simRateHz();
            snapshots.send(occupants.connected(), spectators.watching(), occupants.version());
            serveExcerpts(); // the world's events are drained now: it can be saved
        }
        int taken = seatsTaken();
        emptyTicks = occupants.isEmpty() && taken == 0 ? emptyTicks + 1 : 0;
    }

    /**
     * The room's last {@code seconds} (at most what it keeps, {@code replay.killSeconds}) as a replay, for a kill
     * replay: made by the tick thread at its next snapshot round. Fails when the room records no replays, is busy
     * with other such requests, or closes first.
     */
    public CompletableFuture<dev.skirmish.engine.replay.Replay> excerpt(int seconds) {
        CompletableFuture<dev.skirmish.engine.replay.Replay> f = new CompletableFuture<>();
        if (recording == null) {
            f.completeExceptionally(new IllegalStateException("this room records no replays"));
        } else if (!excerpts.offer(new Excerpt((long) seconds * config.simRateHz(), f))) {
            f.completeExceptionally(new IllegalStateException("too many replays asked of this room at once"));
        }
        return f;
    }

    private void serveExcerpts() {
        Excerpt e;
        while ((e = excerpts.poll()) != null) {
            dev.skirmish.engine.replay.Replay r = recording.excerpt(world.tick() - e.ticksBack());
            if (r == null) {
                e.done().completeExceptionally(new IllegalStateException("this room's recording stopped"));
            } else {
                e.done().complete(r);
            }
        }
    }

    /** The world as recorded, null when this room records no replays. */
    dev.skirmish.engine.replay.RecordingWorld<Object> recording() {
        return recording;
    }

    /**
     * True when nobody has been in or on the way to the room for its grace period: {@code room.emptyCloseSeconds}
     * for a room nobody has entered yet (its creator is still on the way), at most
     * {@link #LEFT_EMPTY_CLOSE_SECONDS} once its players have left, so that it leaves the room list at once.
     */
    boolean idleLongEnough() {
        long grace = occupants.occupied() ? Math.min(config.emptyCloseTicks(), (long) LEFT_EMPTY_CLOSE_SECONDS * config.simRateHz())
                : config.emptyCloseTicks();
        return emptyTicks >= grace;
    }

    private void applyCommands() {
        Command c;
        while ((c = commands.poll()) != null) {
            if (c instanceof Command.Join j) {
                join(j.seat());
            } else if (c instanceof Command.Drop d) {
                occupants.drop(d.seat());
            } else if (c instanceof Command.Leave l) {
                occupants.leave(l.playerId(), l.code(), l.reason());
            } else if (c instanceof Command.Watch w) {
                watch(w.spectator());
            } else if (c instanceof Command.Unwatch u) {
                spectators.remove(u.spectator());
            }
        }
    }

    /** A stream claimed a seat: the occupants seat it (a resume or a new player), then it is welcomed. */
    private void join(Seat seat) {
        occupants.join(seat);
        seat.lastSnapshotSent = snapshots.sequence();
        seat.rosterVersionSent = -1;
        seat.connection().sendControl(welcome(seat.entityId));
        seat.markWelcomed();
    }

    /** A spectator arrives: welcomed, watching the leader (see {@link Spectators#add}). */
    private void watch(Seat spectator) {
        if (isClosed()) {
            spectator.connection().close(CloseCodes.NORMAL, "room closed");
            return;
        }
        spectators.add(spectator, world, welcome(0), snapshots.sequence());
    }

    /** The entity left the world or its stream: drop its inputs of this tick. */
    void forgetInputs(int entityId) {
        inputsByEntity.remove(entityId);
    }

    /** The WELCOME frame: the engine's header ({@link StreamFrames#welcomeHeader}), then the game's part. */
    private byte[] welcome(int selfId) {
        WelcomeInfo info = new WelcomeInfo(Protocol.VERSION, selfId, config.simRateHz(), config.snapshotRateHz(),
                Math.min(0xFFFF, config.interest().viewWidth()), Math.min(0xFFFF, config.interest().viewHeight()));
        ByteWriter out = StreamFrames.welcomeHeader(info, gameName);
        world.welcome(info, out);
        return out.toByteArray();
    }

    /** Closes every stream (room closing or server stopping). Tick thread, or after the tick thread stopped. */
    void closeAll(CloseCodes code, String reason) {
        markClosed();
        if (recording != null && !frozen) {
            recording.close(); // a match in play is kept as it stands (a room handed over goes on elsewhere)
        }
        Excerpt e;
        while ((e = excerpts.poll()) != null) {
            e.done().completeExceptionally(new IllegalStateException("the room closed"));
        }
        occupants.closeAll(code, reason);
        spectators.closeAll(code, reason);
        Command c;
        while ((c = commands.poll()) != null) {
            if (c instanceof Command.Join j) {
                j.seat().connection().close(code, reason);
            } else if (c instanceof Command.Watch w) {
                w.spectator().connection().close(code, reason);
            }
        }
    }

    /** The world's tick as of the last completed tick (any thread). */
    public long currentTick() {
        return currentTick;
    }

    /** Players currently in the world (as of the last tick). */
    public int playersInWorld() {
        return occupants.playersInWorld();
    }

    /** Inputs waiting in the queues of this room's players at the start of the last tick (any thread). */
    public int inputQueueDepth() {
        return inputQueueDepth;
    }

    /** This room's tick wall time (recorded by its tick loop). */
    public DurationHistogram tickNanos() {
        return tickNanos;
    }

    public long snapshotsSent() {
        return snapshots.sent();
    }

    /** Ticks applied with a held input (protocol 9's holding), since the room opened (any thread). */
    public long heldTicks() {
        return heldTicks;
    }

    /** Input runs that arrived after their ticks had been held, since the room opened (any thread). */
    public long lateRuns() {
        return lateRuns;
    }

    public long snapshotsSkipped() {
        return snapshots.skipped();
    }

    /** Bytes of snapshot frames handed to sockets (WebSocket headers not included). */
    public long snapshotBytes() {
        return snapshots.bytes();
    }

    /** Full snapshots sent (joins, resumes, resyncs, baselines too old). */
    public long fullSnapshots() {
        return snapshots.fulls();
    }

    /** Records into these histograms from now on (those of the tick loop that runs this room). */
    void shareMetrics(DurationHistogram inputLatencyNanos, DurationHistogram snapshotEncodeNanos,
                      DurationHistogram snapshotIntervalDeviation) {
        snapshots.shareMetrics(inputLatencyNanos, snapshotEncodeNanos, snapshotIntervalDeviation);
    }

    /** Server-added input latency: an input's arrival to the hand-over of the first snapshot acknowledging it. */
    public DurationHistogram inputLatency() {
        return snapshots.inputLatency();
    }

    /** Time to select and encode one player's snapshot. */
    public DurationHistogram encodeNanos() {
        return snapshots.encodeNanos();
    }

    /**
     * The world (the game's own, not its recording), for tests that drive ticks directly. Do not touch it from
     * another thread while it ticks.
     */
    GameWorld<?> world() {
        return recording != null ? recording.recorded() : world;
    }
}
