package dev.skirmish.engine.replay;

import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays a {@link Replay}: restores its start state with the game and applies the recorded operations one step at a
 * time, checking at each block's end that the world saves to the recorded state (a difference is counted, with the
 * first tick it showed at, and play goes on). Keeps the state of every block it has passed, so that {@link #seek}
 * back, or forward to a block already played, restores the nearest one instead of starting over. Not thread-safe.
 *
 * @param <I> the game's input
 */
public final class ReplayPlayer<I> {
    private record Keyframe(long tick, int pos, byte[] state) {
    }

    private final Game<I> game;
    private final Replay replay;
    private final ReplayFormat.Baselines baselines;
    private final TreeMap<Long, Keyframe> keyframes = new TreeMap<>();
    private GameWorld<I> world;
    private ReplayFormat.Cursor cursor;
    private Map<Integer, List<I>> inputs = new LinkedHashMap<>();
    private boolean ended;
    private int checks;
    private int differences;
    private long firstDifferenceTick = -1;
    private String firstDifference;
    private int restores;
    /** Changes whenever players come or go (a join, a leave, a restore): the scoreboard is read again then. */
    private int members;
    /** Events taken from the world to save it at a check, until {@link #takeEvents}. */
    private dev.skirmish.engine.spi.EventChunk pending = dev.skirmish.engine.spi.EventChunk.EMPTY;
    /** The world as a room's snapshots see it: events through {@link #takeEvents}. */
    private final GameWorld<I> view = new ForwardingWorld<>() {
        @Override
        GameWorld<I> delegate() {
            return world;
        }

        @Override
        public dev.skirmish.engine.spi.EventChunk takeEvents() {
            return ReplayPlayer.this.takeEvents();
        }
    };

    /**
     * @throws ReplayException when the replay is of another game, or its start state does not fit the game's
     *                         settings here
     */
    public ReplayPlayer(Game<I> game, Replay replay) throws ReplayException {
        Replay.Header h = replay.header();
        if (!game.name().equals(h.game())) {
            throw new ReplayException("the replay is of " + h.game() + ", not " + game.name());
        }
        if (game.inputBytes() != h.inputBytes()) {
            throw new ReplayException("the replay's inputs are " + h.inputBytes() + " bytes, " + game.name()
                    + "'s here " + game.inputBytes());
        }
        this.game = game;
        this.replay = replay;
        this.baselines = new ReplayFormat.Baselines(game.inputBytes());
        keyframes.put(h.firstTick(), new Keyframe(h.firstTick(), 0, replay.start()));
        restore(keyframes.firstEntry().getValue());
    }

    private void restore(Keyframe k) throws ReplayException {
        try {
            world = game.restore(k.state());
        } catch (IllegalArgumentException e) {
            throw new ReplayException("the replay's state does not fit " + game.name() + " as configured here: "
                    + e.getMessage());
        }
        if (world.tick() != k.tick()) {
            throw new ReplayException("damaged replay: a state at tick " + world.tick() + " where " + k.tick()
                    + " was recorded");
        }
        cursor = new ReplayFormat.Cursor(replay.body(), k.pos());
        baselines.reset();
        inputs = new LinkedHashMap<>();
        pending = dev.skirmish.engine.spi.EventChunk.EMPTY;
        ended = false;
        restores++;
        members++;
    }

    public Replay replay() {
        return replay;
    }

    /** The world as played so far (replaced by a {@link #seek} that restores a saved state). */
    public GameWorld<I> world() {
        return world;
    }

    /**
     * The world played, for snapshots: the same calls, but its events come through {@link #takeEvents} (also those
     * of the steps before a check). Stays the same object across seeks.
     */
    public GameWorld<I> view() {
        return view;
    }

    /** The events of the steps since the last call. */
    public dev.skirmish.engine.spi.EventChunk takeEvents() {
        dev.skirmish.engine.spi.EventChunk c = ForwardingWorld.merge(pending, world.takeEvents());
        pending = dev.skirmish.engine.spi.EventChunk.EMPTY;
        return c;
    }

    /** Ticks from the replay's start to where it is now. */
    public long position() {
        return world.tick() - replay.header().firstTick();
    }

    /** Whether the whole replay has been played. */
    public boolean ended() {
        return ended;
    }

    /**
     * Applies the recorded operations up to and including the next step; returns false, stepping nothing, at the
     * end. The events the world makes stay in it until taken ({@link GameWorld#takeEvents}).
     *
     * @throws ReplayException when the body is damaged, or a join gives another entity than recorded
     */
    public boolean step() throws ReplayException {
        while (!ended) {
            int at = cursor.pos;
            int op = cursor.u8();
            switch (op) {
                case ReplayFormat.JOIN -> {
                    join();
                    members++;
                }
                case ReplayFormat.HOLD -> world.hold(entity());
                case ReplayFormat.REJOIN -> world.rejoin(entity());
                case ReplayFormat.LEAVE -> {
                    world.leave(entity());
                    members++;
                }
                case ReplayFormat.INPUTS -> inputs();
                case ReplayFormat.STEP -> {
                    world.step(inputs);
                    inputs = new LinkedHashMap<>();
                    return true;
                }
                case ReplayFormat.CHECK -> {
                    byte[] state = check();
                    keyframes.putIfAbsent(world.tick(), new Keyframe(world.tick(), cursor.pos, state));
                    baselines.reset();
                }
                case ReplayFormat.END -> {
                    check();
                    ended = true;
                }
                default -> throw new ReplayException("damaged replay: unknown operation " + op + " at byte " + at);
            }
        }
        return false;
    }

    private int entity() throws ReplayException {
        long id = cursor.varint();
        if (id < 1 || id > 0xFFFF) {
            throw new ReplayException("damaged replay: entity id " + id);
        }
        return (int) id;
    }

    private void join() throws ReplayException {
        int expected = entity();
        long n = cursor.varint();
        if (n > 1024) {
            throw new ReplayException("damaged replay: a nickname of " + n + " bytes");
        }
        String nickname = new String(cursor.bytes((int) n), StandardCharsets.UTF_8);
        int got;
        try {
            got = world.join(nickname);
        } catch (IllegalStateException e) {
            differs("the world refused " + nickname + " (" + e.getMessage() + ")");
            return;
        }
        if (got != expected) {
            differs("the world gave " + nickname + " entity " + got + ", recorded " + expected);
        }
    }

    private void inputs() throws ReplayException {
        int entity = entity();
        long count = cursor.varint();
        if (count > 1024) {
            throw new ReplayException("damaged replay: " + count + " inputs in one step");
        }
        List<I> list = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long seq = baselines.seqOf(entity, cursor.varint());
            byte[] data = cursor.sparse(game.inputBytes());
            baselines.unxor(entity, data);
            try {
                list.add(game.decodeInput(seq, new ByteReader(data)));
            } catch (ProtocolException | RuntimeException e) {
                throw new ReplayException("damaged replay: an input of entity " + entity + " at tick "
                        + (world.tick() + 1) + " does not decode (" + e.getMessage() + ")");
            }
        }
        inputs.put(entity, list);
    }

    /** A CHECK or END: the tick and the state's CRC must be those recorded; returns the state saved. */
    private byte[] check() throws ReplayException {
        long tick = cursor.varint();
        int crc = cursor.u32();
        pending = ForwardingWorld.merge(pending, world.takeEvents()); // a game saves with no events pending
        byte[] state = world.save();
        checks++;
        if (tick != world.tick()) {
            differs("the recording checks tick " + tick + " where the world is at " + world.tick());
        } else if (ReplayFormat.crc(state) != crc) {
            differs("the state at tick " + tick + " is not the recorded one (CRC-32 "
                    + Integer.toHexString(ReplayFormat.crc(state)) + ", recorded " + Integer.toHexString(crc) + ")");
        }
        return state;
    }

    private void differs(String what) {
        differences++;
        if (firstDifferenceTick < 0) {
            firstDifferenceTick = world.tick();
            firstDifference = what;
        }
    }

    /**
     * Plays to {@code position} ticks from the start (clamped to the replay): from the nearest state kept at or
     * before it, or on from here when that is closer. The events of the ticks passed are dropped. Returns the
     * steps taken.
     */
    public long seek(long position) throws ReplayException {
        return seek(position, Long.MAX_VALUE);
    }

    /**
     * The same in parts: at most {@code maxSteps} steps now; returns the steps taken. Call it again with the same
     * position until {@link #position()} is there (or the replay ended).
     */
    public long seek(long position, long maxSteps) throws ReplayException {
        Replay.Header h = replay.header();
        long target = h.firstTick() + Math.max(0, Math.min(position, h.ticks()));
        Keyframe k = keyframes.floorEntry(target).getValue();
        if (target < world.tick() || k.tick() > world.tick()) {
            restore(k);
        }
        long steps = 0;
        while (world.tick() < target && steps < maxSteps && step()) {
            takeEvents();
            steps++;
        }
        return steps;
    }

    /** Whether play has reached {@code position} ticks from the start (clamped to the replay). */
    public boolean at(long position) {
        Replay.Header h = replay.header();
        return ended || world.tick() >= h.firstTick() + Math.max(0, Math.min(position, h.ticks()));
    }

    /** Checks passed (block ends and the end) so far. */
    public int checks() {
        return checks;
    }

    /** Checks that found another state (or a join another entity) than recorded. */
    public int differences() {
        return differences;
    }

    /** The tick of the first difference, -1 for none. */
    public long firstDifferenceTick() {
        return firstDifferenceTick;
    }

    /** What the first difference was, null for none. */
    public String firstDifference() {
        return firstDifference;
    }

    /**
     * A number that changes whenever players came or went since the last call's value (as a room's members version
     * does): a snapshot writer reads the scoreboard again when it changes, since a world's roster version may count
     * only score changes.
     */
    public int membersVersion() {
        return members;
    }

    /** Saved states restored (the start counts one). */
    public int restores() {
        return restores;
    }
}
