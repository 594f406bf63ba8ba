package dev.skirmish.engine.room;

import dev.skirmish.engine.replay.Replay;
import dev.skirmish.engine.replay.ReplayException;
import dev.skirmish.engine.replay.ReplayPlayer;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.StreamFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One replay stream: a {@link ReplayPlayer} stepped by the {@link ReplayTheatre}'s thread at the viewer's speed,
 * and a spectator's view of it (WELCOME, FOLLOWING and snapshots, as a room sends a spectator). Whenever the
 * speed changes or a seek restores a saved state, the stream starts over with a new WELCOME whose tick rate is the
 * recording's times the speed, so that the client's clock runs at the replay's pace, and a full snapshot. A REPLAY
 * frame says where the replay is whenever that changes, and four times a second.
 */
public final class ReplayViewer {
    /**
     * Steps a seek takes in one turn of the theatre at most (about 25 ms of a 16-player arena): a long seek takes
     * several turns, so that the other replay streams keep their pace meanwhile.
     */
    static final int SEEK_STEPS_PER_TURN = 3000;
    /** A REPLAY frame goes at least this often while the replay plays. */
    static final long STATUS_NANOS = 250_000_000L;
    /** REPLAY flags. */
    static final int PAUSED = 1;
    static final int AT_END = 2;
    static final int EXCERPT = 4;

    private record Control(boolean paused, int speedQuarters, long seek) {
    }

    private final ReplayPlayer<Object> player;
    private final Seat seat;
    /** The one viewer of each snapshot round (no list per round). */
    private final List<Seat> viewers;
    private final String game;
    private final InterestArea interest;
    private final int loopRateHz;
    private final int tickRateHz;
    private final int snapshotRateHz;
    private final AtomicReference<Control> control = new AtomicReference<>();
    private volatile long position;

    // the theatre's thread
    private boolean paused;
    private int speedQuarters = 4;
    private double stepCredit;
    private int snapshotCredit;
    private GameWorld<Object> shown; // the world the fanout was made for
    private SnapshotFanout fanout;
    private boolean restart = true;
    private boolean statusDue = true;
    private long statusAt;
    private long sentTick = -1;
    private int wanted; // the entity asked for (a kill replay's killer), until it is in the world
    private final List<RosterLine> roster = new ArrayList<>();
    /** Where a seek in progress goes (ticks from the start), -1 for none. */
    private long seeking = -1;

    ReplayViewer(ReplayPlayer<Object> player, Seat seat, InterestArea interest, int loopRateHz, int follow) {
        this.player = player;
        this.seat = seat;
        this.viewers = List.of(seat);
        Replay.Header h = player.replay().header();
        this.game = h.game();
        this.interest = interest;
        this.loopRateHz = loopRateHz;
        this.tickRateHz = h.tickRateHz();
        this.snapshotRateHz = h.snapshotRateHz();
        this.wanted = follow;
    }

    /** The stream's seat (a spectator's). */
    public Seat seat() {
        return seat;
    }

    /** Where the replay is, in ticks from its start (any thread). */
    public long position() {
        return position;
    }

    /** A REPLAY_CONTROL from the viewer (any thread): the newest wins. */
    public void control(boolean paused, int speedQuarters, long seek) {
        control.set(new Control(paused, speedQuarters, seek));
    }

    /** One turn of the theatre's loop. */
    void tick(long nowNanos) throws ReplayException {
        Control c = control.getAndSet(null);
        if (c != null) {
            if (c.speedQuarters() != speedQuarters) {
                speedQuarters = c.speedQuarters();
                restart = true;
            }
            paused = c.paused();
            if (c.seek() != Protocol.REPLAY_NO_SEEK) {
                seeking = c.seek();
            }
            statusDue = true;
        }
        if (seeking >= 0) {
            player.seek(seeking, SEEK_STEPS_PER_TURN);
            if (!player.at(seeking)) {
                return; // on with the seek next turn; nothing is sent meanwhile
            }
            seeking = -1;
            restart = true; // the client's picture and clock start over at the new place
        }
        if (!paused && !player.ended()) {
            stepCredit += (double) speedQuarters * tickRateHz / (4.0 * loopRateHz);
            while (stepCredit >= 1) {
                stepCredit -= 1;
                if (!player.step()) {
                    statusDue = true;
                    break;
                }
            }
        }
        position = player.position();
        if (restart || player.world() != shown) {
            welcome();
        }
        follow();
        snapshotCredit += snapshotRateHz;
        if (snapshotCredit >= loopRateHz) {
            snapshotCredit -= loopRateHz;
            if (player.world().tick() != sentTick || !seat.baselineValid) {
                fanout.send(List.of(), viewers, player.membersVersion());
                sentTick = player.world().tick();
            }
        }
        if (statusDue || nowNanos - statusAt >= STATUS_NANOS) {
            status(nowNanos);
        }
    }

    /** A new WELCOME at the current pace, then FOLLOWING, and a full snapshot next. */
    @SuppressWarnings("unchecked")
    private void welcome() {
        GameWorld<Object> world = player.view();
        if (player.world() != shown) { // a new world: new views, new baselines
            shown = player.world();
            fanout = new SnapshotFanout(world, tickRateHz);
        }
        restart = false;
        int rate = Math.max(1, Math.round(tickRateHz * speedQuarters / 4f));
        WelcomeInfo info = new WelcomeInfo(Protocol.VERSION, 0, rate, Math.min(snapshotRateHz, rate),
                Math.min(0xFFFF, interest.viewWidth()), Math.min(0xFFFF, interest.viewHeight()));
        ByteWriter out = StreamFrames.welcomeHeader(info, game);
        world.welcome(info, out);
        seat.connection().sendControl(out.toByteArray());
        seat.baselineValid = false;
        seat.baseline = null;
        seat.next = null;
        seat.rosterVersionSent = -1;
        seat.lastSnapshotSent = fanout.sequence();
        seat.inWorld = true;
        int target = wanted != 0 && world.has(wanted) ? wanted : seat.entityId != 0 && world.has(seat.entityId)
                ? seat.entityId : world.featured();
        if (target == wanted) {
            wanted = 0;
        }
        seat.entityId = target;
        seat.connection().sendControl(StreamFrames.following(target));
        seat.markWelcomed();
        statusDue = true;
        sentTick = -1;
    }

    /** FOLLOW asked for, or the watched player gone: the next one to watch, as a room's spectators do. */
    private void follow() {
        GameWorld<Object> world = player.world();
        int step = seat.takeFollowStep();
        int target = seat.entityId;
        if (step != 0) {
            roster.clear();
            world.roster(roster);
            int[] ids = roster.stream().mapToInt(RosterLine::entityId).filter(world::has).sorted().toArray();
            target = Spectators.neighbour(ids, seat.entityId, step);
        } else if (wanted != 0 && world.has(wanted)) {
            target = wanted;
            wanted = 0;
        } else if (seat.entityId == 0 || !world.has(seat.entityId)) {
            target = world.featured();
        }
        if (target != seat.entityId) {
            seat.entityId = target;
            seat.connection().sendControl(StreamFrames.following(target));
        }
    }

    private void status(long nowNanos) {
        statusDue = false;
        statusAt = nowNanos;
        Replay.Header h = player.replay().header();
        int flags = (paused ? PAUSED : 0) | (player.ended() ? AT_END : 0)
                | (h.ending() == Replay.Ending.EXCERPT ? EXCERPT : 0);
        seat.connection().sendControl(StreamFrames.replay(flags, speedQuarters, tickRateHz,
                Math.min(player.position(), 0xFFFF_FFFFL), Math.min(h.ticks(), 0xFFFF_FFFFL)));
    }
}
