package dev.skirmish.engine.room;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.replay.Replay;
import dev.skirmish.engine.replay.ReplayException;
import dev.skirmish.engine.replay.ReplayPlayer;
import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.spi.wire.CloseCodes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays the node's replay streams ({@link ReplayViewer}) on one thread of their own at {@code sim.rateHz}, away
 * from the rooms' tick loops: a seek that replays minutes of a match delays only other replays. At most
 * {@code replay.maxViewers} streams at once; a viewer whose replay fails is closed with 1011 and the others play on.
 */
public final class ReplayTheatre implements Runnable {
    private static final Logger LOG = Logger.getLogger(ReplayTheatre.class.getName());

    private final int rateHz;
    private final int maxViewers;
    private final InterestArea interest;
    private final LongSupplier nanoClock;
    private final List<ReplayViewer> viewers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private int places; // guarded by this
    private volatile boolean running = true;
    private final java.util.function.BooleanSupplier stillRunning = () -> running;

    ReplayTheatre(GameSettings settings, int maxViewers, LongSupplier nanoClock) {
        this.rateHz = settings.sim().rateHz();
        this.maxViewers = maxViewers;
        this.interest = new InterestArea(settings.rooms().interestViewWidth(), settings.rooms().interestViewHeight(),
                settings.rooms().interestMargin());
        this.nanoClock = nanoClock;
    }

    /** Takes a viewer's place if one is free (any thread); release it with {@link #close} or {@link #release}. */
    public synchronized boolean tryTake() {
        if (places >= maxViewers) {
            return false;
        }
        places++;
        return true;
    }

    /** Frees a place taken for a stream that never became a viewer. */
    public synchronized void release() {
        places = Math.max(0, places - 1);
    }

    /** Viewers playing now (any thread). */
    public int viewers() {
        return viewers.size();
    }

    /**
     * Starts playing {@code replay} of {@code game} to a stream whose place was taken ({@link #tryTake}), watching
     * {@code follow} when that entity is in the replay (0: the game's featured player).
     *
     * @throws ReplayException when the replay does not play with the game as configured here
     */
    @SuppressWarnings("unchecked")
    public ReplayViewer open(Game<?> game, Replay replay, GameConnection connection, int follow) throws ReplayException {
        ReplayPlayer<Object> player = new ReplayPlayer<>((Game<Object>) game, replay);
        Seat seat = Seat.spectator("replay-" + ids.incrementAndGet(), connection);
        ReplayViewer v = new ReplayViewer(player, seat, interest, rateHz, follow);
        viewers.add(v);
        return v;
    }

    /** A replay stream ended: its viewer stops and its place is free (any thread). */
    public void close(ReplayViewer viewer) {
        if (viewers.remove(viewer)) {
            release();
        }
    }

    /** Asks the loop to end after its current turn. */
    void stop() {
        running = false;
    }

    /** Closes every replay stream (server stopping). */
    void closeAll(CloseCodes code, String reason) {
        for (ReplayViewer v : viewers) {
            v.seat().connection().close(code, reason);
            close(v);
        }
    }

    @Override
    public void run() {
        TickPacer p = TickPacer.ofRate(rateHz, 2, nanoClock.getAsLong());
        while (p.awaitDeadline(nanoClock, stillRunning)) {
            turn();
            p.tickDone(nanoClock.getAsLong());
        }
    }

    /** Plays every viewer one turn. Public for tests that drive it without a thread. */
    public void turn() {
        long now = nanoClock.getAsLong();
        for (ReplayViewer v : viewers) {
            try {
                v.tick(now);
            } catch (ReplayException | RuntimeException e) {
                LOG.log(Level.WARNING, "replay stream " + v.seat().playerId() + " failed", e);
                v.seat().connection().close(CloseCodes.INTERNAL_ERROR, "the replay could not be played");
                close(v);
            }
        }
    }
}
