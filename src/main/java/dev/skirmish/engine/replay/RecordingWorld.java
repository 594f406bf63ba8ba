package dev.skirmish.engine.replay;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.wire.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A room's world, recorded: every call that changes it ({@link #join}, {@link #hold}, {@link #rejoin},
 * {@link #leave} and {@link #step} with its inputs) is passed on and written ({@link ReplayFormat}). The recording is
 * cut into blocks of {@link Limits#blockTicks()}; each starts from the world's saved state, so that a replay can start
 * at any of them. Outside a match only the blocks of the last {@link Limits#keepTicks()} are kept (for
 * {@link #excerpt}); a match (from the tick the phase leaves waiting or results, or a countdown after play, to
 * results, waiting or the next countdown) is kept whole and handed to the sink when it ends, if it played for at
 * least {@link Limits#minPlayingTicks()}. A match longer than {@link Limits#maxMatchTicks()} or larger than
 * {@link Limits#maxMatchBytes()} is cut: the part so far goes to the sink, and the next part starts at once.
 *
 * <p>A block ends, and a match is cut off, only when the world's events have just been taken (a game saves its
 * state only then, {@link GameWorld#save}): at the room's next snapshot round after it is due.
 *
 * <p>Tick thread only, like the world. A game whose {@link Game#encodeInput} fails or writes the wrong length stops
 * being recorded (logged once); the room plays on.
 *
 * @param <I> the game's input
 */
public final class RecordingWorld<I> extends ForwardingWorld<I> {
    private static final Logger LOG = Logger.getLogger(RecordingWorld.class.getName());

    /**
     * The recording's bounds.
     *
     * @param blockTicks      ticks between two saved states (seeking starts from the one before)
     * @param keepTicks       ticks of the past kept outside a match (a kill replay's reach)
     * @param minPlayingTicks a match that played less than this is not kept
     * @param maxMatchTicks   a match is cut after this many ticks
     * @param maxMatchBytes   or when its recording reaches this size (operations and saved states)
     */
    public record Limits(int blockTicks, long keepTicks, long minPlayingTicks, long maxMatchTicks, long maxMatchBytes) {
        public Limits {
            if (blockTicks < 1 || keepTicks < 0 || maxMatchTicks < blockTicks || maxMatchBytes < 1) {
                throw new IllegalArgumentException("bad replay limits");
            }
        }
    }

    /** What the replays of this room say they are of (the header's fixed part). */
    public record Source(String game, String roomId, String roomName, int tickRateHz, int snapshotRateHz,
                         Map<String, String> settings) {
    }

    /** A stretch of recording that starts from a saved state. */
    private static final class Block {
        final long startTick;
        final byte[] state;
        final long startedAtMillis;
        final ByteWriter ops = new ByteWriter(1024);

        Block(long startTick, byte[] state, long startedAtMillis) {
            this.startTick = startTick;
            this.state = state;
            this.startedAtMillis = startedAtMillis;
        }

        long bytes() {
            return (long) ops.size() + state.length;
        }
    }

    private final GameWorld<I> world;
    private final Game<I> game;
    private final Source source;
    private final Limits limits;
    private final Consumer<Replay> sink;
    private final LongSupplier clockMillis;
    private final Supplier<String> ids;
    private final ReplayFormat.Baselines baselines;
    private final ByteWriter scratch;
    /** One input's bytes, and what is written of them (tick thread; no array per input). */
    private final byte[] plain;
    private final byte[] written;
    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    /** The last scoreboard lines of the players who left during the match (the replay lists them too). */
    private final List<RosterLine> departed = new ArrayList<>();
    /** Players who left that a match's replay lists at most. */
    static final int MAX_DEPARTED = 256;
    private Block current;
    /** The first block of the match being recorded, null outside a match. */
    private Block matchStart;
    private long matchBytes; // of the match's closed blocks
    private long playingTicks;
    private boolean played; // the match has been in play (a countdown after it starts the next one)
    private MatchPhase lastPhase;
    /** How the match ended, when it has and is not closed yet ({@link #settle}). */
    private Replay.Ending ending;
    /** A match starts at the next {@link #settle}. */
    private boolean nextMatch;
    private boolean broken;

    /**
     * Records {@code world} (of {@code game}, which must have {@link Game#replays()}) from its current state.
     *
     * @param sink    receives each finished match's replay (on the tick thread: hand heavy work elsewhere)
     * @param ids     a new replay id for each replay
     */
    public RecordingWorld(GameWorld<I> world, Game<I> game, Source source, Limits limits, Consumer<Replay> sink,
                          LongSupplier clockMillis, Supplier<String> ids) {
        this.world = world;
        this.game = game;
        this.source = source;
        this.limits = limits;
        this.sink = sink;
        this.clockMillis = clockMillis;
        this.ids = ids;
        this.baselines = new ReplayFormat.Baselines(game.inputBytes());
        this.scratch = new ByteWriter(game.inputBytes());
        this.plain = new byte[game.inputBytes()];
        this.written = new byte[game.inputBytes()];
        this.lastPhase = world.phase();
        current = startBlock(world.save());
        if (lastPhase == MatchPhase.COUNTDOWN || lastPhase == MatchPhase.PLAYING) {
            startMatch(); // a room handed over in the middle of a match: the rest of it
        }
    }

    /** The world recorded. */
    public GameWorld<I> recorded() {
        return world;
    }

    @Override
    GameWorld<I> delegate() {
        return world;
    }

    /** Whether recording stopped for good (the game's input encoding failed). */
    public boolean broken() {
        return broken;
    }

    /** Bytes held now: every kept block's operations and saved state. */
    public long heldBytes() {
        long n = 0;
        for (Block b : blocks) {
            n += b.bytes();
        }
        return n;
    }

    // --- the calls that change the world: passed on, then written

    @Override
    public int join(String nickname) {
        int id = world.join(nickname);
        if (!broken) {
            byte[] name = nickname.getBytes(StandardCharsets.UTF_8);
            ByteWriter ops = current.ops.u8(ReplayFormat.JOIN);
            ReplayFormat.varint(ops, id);
            ReplayFormat.varint(ops, name.length);
            ops.bytes(name, 0, name.length);
        }
        return id;
    }

    @Override
    public void hold(int entityId) {
        world.hold(entityId);
        entityOp(ReplayFormat.HOLD, entityId);
    }

    @Override
    public void rejoin(int entityId) {
        world.rejoin(entityId);
        entityOp(ReplayFormat.REJOIN, entityId);
    }

    @Override
    public void leave(int entityId) {
        if (matchStart != null && departed.size() < MAX_DEPARTED && world.has(entityId)) {
            List<RosterLine> lines = new ArrayList<>();
            world.roster(lines);
            lines.stream().filter(l -> l.entityId() == entityId).findFirst().ifPresent(departed::add);
        }
        world.leave(entityId);
        entityOp(ReplayFormat.LEAVE, entityId);
    }

    private void entityOp(int op, int entityId) {
        if (!broken) {
            ReplayFormat.varint(current.ops.u8(op), entityId);
        }
    }

    @Override
    public void step(Map<Integer, ? extends List<I>> inputs) {
        if (!broken) {
            writeInputs(inputs);
        }
        world.step(inputs);
        if (!broken) {
            current.ops.u8(ReplayFormat.STEP);
            try {
                afterStep();
            } catch (RuntimeException e) {
                stop(e);
            }
        }
    }

    /** Recording stops for good (logged once); the room plays on: a recorder's fault never costs a game. */
    private void stop(RuntimeException e) {
        broken = true;
        blocks.clear();
        matchStart = null;
        LOG.log(java.util.logging.Level.WARNING, "game " + source.game() + " in room " + source.roomId()
                + ": recording stopped", e);
    }

    /**
     * Passed on; then, the world's events drained (a game saves its state only so), the block or match that ended
     * since the last call is closed: the room takes the events once per snapshot round, so a block ends at most a
     * round after it is due.
     */
    @Override
    public EventChunk takeEvents() {
        EventChunk chunk = world.takeEvents();
        if (!broken) {
            try {
                settle();
            } catch (RuntimeException e) {
                stop(e);
            }
        }
        return chunk;
    }

    private void writeInputs(Map<Integer, ? extends List<I>> inputs) {
        try {
            for (Map.Entry<Integer, ? extends List<I>> e : inputs.entrySet()) {
                int entity = e.getKey();
                List<I> list = e.getValue();
                ByteWriter ops = current.ops.u8(ReplayFormat.INPUTS);
                ReplayFormat.varint(ops, entity);
                ReplayFormat.varint(ops, list.size());
                for (I in : list) {
                    scratch.reset();
                    long seq = game.encodeInput(in, scratch);
                    if (scratch.size() != game.inputBytes()) {
                        throw new IllegalStateException("encodeInput wrote " + scratch.size() + " bytes, not "
                                + game.inputBytes());
                    }
                    scratch.copyInto(plain, 0);
                    ReplayFormat.varint(ops, baselines.seqDelta(entity, seq));
                    baselines.xorInto(entity, plain, written);
                    ReplayFormat.sparse(ops, written);
                }
            }
        } catch (RuntimeException e) {
            current.ops.reset(); // nothing half written stays
            stop(e);
        }
    }

    /** After each step: whether a match starts or ends, or the block is due to end (done at {@link #settle}). */
    private void afterStep() {
        MatchPhase phase = world.phase();
        long tick = world.tick();
        if (matchStart != null && ending == null) {
            if (phase == MatchPhase.PLAYING) {
                playingTicks++;
                played = true;
            }
            ending = phase == MatchPhase.RESULTS ? Replay.Ending.RESULTS
                    : phase == MatchPhase.WAITING ? Replay.Ending.ABANDONED
                    : phase == MatchPhase.COUNTDOWN && played && lastPhase == MatchPhase.PLAYING ? Replay.Ending.RESULTS
                    : tick - matchStart.startTick >= limits.maxMatchTicks()
                            || matchBytes + current.bytes() >= limits.maxMatchBytes() ? Replay.Ending.CUT : null;
            nextMatch = ending != null && (ending == Replay.Ending.CUT || phase == MatchPhase.COUNTDOWN);
        } else if (matchStart == null && (phase == MatchPhase.COUNTDOWN || phase == MatchPhase.PLAYING)
                && (lastPhase == MatchPhase.WAITING || lastPhase == MatchPhase.RESULTS)) {
            nextMatch = true;
        }
        lastPhase = phase;
    }

    /** With no events pending: ends the match or the block that is due, starts the next match. */
    private void settle() {
        if (ending != null) {
            closeBlock();
            finishMatch(ending);
            ending = null;
        }
        if (nextMatch) {
            nextMatch = false;
            closeBlock();
            startMatch();
        } else if (world.tick() - current.startTick >= limits.blockTicks()) {
            closeBlock();
        }
    }

    private void startMatch() {
        departed.clear();
        matchStart = current;
        matchBytes = 0;
        playingTicks = 0;
        played = world.phase() == MatchPhase.PLAYING;
    }

    /** Ends the current block with a check of the state, and starts the next from that state. */
    private void closeBlock() {
        if (current.ops.size() == 0) {
            return; // nothing happened since the block's state: it stays the start
        }
        byte[] state = world.save();
        ByteWriter ops = current.ops.u8(ReplayFormat.CHECK);
        ReplayFormat.varint(ops, world.tick());
        ops.u32(ReplayFormat.crc(state) & 0xFFFF_FFFFL);
        if (matchStart != null) {
            matchBytes += current.bytes();
        }
        current = startBlock(state);
        trim();
    }

    /** A new block from {@code state} (saved now), with fresh input baselines. */
    private Block startBlock(byte[] state) {
        Block b = new Block(world.tick(), state, clockMillis.getAsLong());
        blocks.add(b);
        baselines.reset();
        return b;
    }

    /** Drops the blocks older than the kept past, except those of the match being recorded. */
    private void trim() {
        long keepFrom = world.tick() - limits.keepTicks();
        while (blocks.size() > 1) {
            Block oldest = blocks.getFirst();
            if (oldest == matchStart || oldest == current) {
                return;
            }
            Iterator<Block> it = blocks.iterator();
            it.next();
            if (it.next().startTick > keepFrom) {
                return; // the next block starts within the kept past: this one is still needed
            }
            blocks.removeFirst();
        }
    }

    private void finishMatch(Replay.Ending ending) {
        Block first = matchStart;
        matchStart = null;
        if (playingTicks < limits.minPlayingTicks()) {
            trim();
            return;
        }
        sink.accept(replayFrom(first, ending, null));
        trim();
    }

    /**
     * The recording from the last saved state at or before {@code fromTick} to now, as a replay of the room so far
     * ({@link Replay.Ending#EXCERPT}): what a kill replay plays. Null when recording stopped. Call it with the
     * world's events drained (right after {@link #takeEvents}).
     */
    public Replay excerpt(long fromTick) {
        if (broken) {
            return null;
        }
        try {
            Block first = blocks.getFirst();
            for (Block b : blocks) {
                if (b.startTick <= fromTick) {
                    first = b;
                }
            }
            return replayFrom(first, Replay.Ending.EXCERPT, current);
        } catch (RuntimeException e) {
            stop(e);
            return null;
        }
    }

    /** The blocks from {@code first} up to the closed ones ({@code open}: also that open block's operations). */
    private Replay replayFrom(Block first, Replay.Ending ending, Block open) {
        ByteWriter body = new ByteWriter(4096);
        boolean on = false;
        for (Block b : blocks) {
            on |= b == first;
            if (on && (b != current || open == current)) {
                body.bytes(b.ops.toByteArray(), 0, b.ops.size());
            }
        }
        byte[] endState = world.save();
        body.u8(ReplayFormat.END);
        ReplayFormat.varint(body, world.tick());
        body.u32(ReplayFormat.crc(endState) & 0xFFFF_FFFFL);
        List<RosterLine> roster = new ArrayList<>();
        world.roster(roster);
        if (ending != Replay.Ending.EXCERPT) { // who left during the match played in it too
            java.util.Set<String> present = new java.util.HashSet<>();
            roster.forEach(l -> present.add(l.entityId() + " " + l.name()));
            for (RosterLine line : departed) {
                if (present.add(line.entityId() + " " + line.name())) { // not back under the same entity
                    roster.add(line);
                }
            }
            roster.sort(java.util.Comparator.comparingInt(RosterLine::entityId));
        }
        Replay.Header h = new Replay.Header(ids.get(), source.game(), source.roomId(), source.roomName(),
                world.mapName(), first.startedAtMillis, clockMillis.getAsLong(), source.tickRateHz(),
                source.snapshotRateHz(), game.inputBytes(), first.startTick, world.tick(), ending, source.settings(),
                roster);
        return new Replay(h, first.state, body.toByteArray());
    }

    /** The room closes: a match being recorded ends here ({@link Replay.Ending#CLOSED}). */
    public void close() {
        if (!broken && matchStart != null) {
            try {
                world.takeEvents(); // nobody will see them: the room is closing
                closeBlock();
                finishMatch(ending != null ? ending : Replay.Ending.CLOSED);
            } catch (RuntimeException e) {
                stop(e);
            }
        }
        matchStart = null;
        blocks.clear();
    }
}
