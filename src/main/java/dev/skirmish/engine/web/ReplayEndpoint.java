package dev.skirmish.engine.web;

import dev.skirmish.engine.config.Limits;
import dev.skirmish.engine.limits.RateLimit;
import dev.skirmish.engine.replay.Replay;
import dev.skirmish.engine.replay.ReplayException;
import dev.skirmish.engine.replay.ReplayStore;
import dev.skirmish.engine.room.Games;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.ReplayTheatre;
import dev.skirmish.engine.room.ReplayViewer;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.StreamFrames;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A replay stream (docs/replays.md): {@code /ws/replay/ID} plays a replay this node keeps; {@code
 * /ws/replay/ROOM?last=S} the last S seconds of a room running here (a kill replay), {@code &follow=E} watching
 * entity E. The stream speaks as a spectator's game stream (WELCOME, FOLLOWING, SNAPSHOT, PONG; FOLLOW, PING,
 * RESYNC) plus REPLAY frames and the viewer's REPLAY_CONTROL; the {@link ReplayTheatre} plays it.
 */
@ServerEndpoint("/ws/replay/{id}")
public class ReplayEndpoint {
    private static final Logger LOG = Logger.getLogger(ReplayEndpoint.class.getName());
    /** How long a kill replay waits for its room's tick thread to cut the excerpt. */
    private static final long EXCERPT_WAIT_MILLIS = 2000;

    @Inject
    RoomService rooms;

    @Inject
    ConnectionRegistry registry;

    private SessionOutbox outbox;
    private volatile ReplayViewer viewer;
    private RateLimit controls;

    @OnOpen
    public void open(Session session, @PathParam("id") String id) {
        outbox = registry.accept(session, now -> false);
        if (outbox.isClosed()) {
            return;
        }
        Limits limits = rooms.settings().limits();
        controls = new RateLimit(limits.gameControlRatePerSecond(), limits.gameControlBurst(),
                2 * limits.gameControlRatePerSecond(), System::nanoTime);
        RoomManager manager = rooms.manager();
        ReplayTheatre theatre = manager.theatre();
        if (!theatre.tryTake()) {
            registry.refuse(outbox, CloseCodes.TRY_AGAIN_LATER, "this server plays as many replays as it may ("
                    + rooms.settings().replays().maxViewers() + "); try again later");
            return;
        }
        try {
            String last = param(session, "last");
            int follow = number(param(session, "follow"), 0, 0xFFFF, "follow");
            Replay replay = last == null ? stored(manager.replays(), id) : excerpt(manager, id,
                    number(last, 1, rooms.settings().replays().killSeconds(), "last"));
            Optional<Games.Offered> game = manager.offered(replay.header().game());
            if (game.isEmpty()) {
                throw new ProtocolException(CloseCodes.REPLAY_NOT_FOUND, "this server does not offer "
                        + replay.header().game() + ", the game of that replay");
            }
            ReplayViewer v = theatre.open(game.get().game(), replay, outbox, follow);
            if (last != null) { // a kill replay starts the asked seconds back, not at the saved state before them
                long back = (long) Integer.parseInt(last) * replay.header().tickRateHz();
                v.control(false, 4, Math.max(0, replay.header().ticks() - back));
            }
            viewer = v;
        } catch (ProtocolException e) {
            theatre.release();
            registry.refuse(outbox, e.closeCode(), e.getMessage());
        } catch (ReplayException e) {
            theatre.release();
            registry.refuse(outbox, CloseCodes.REPLAY_NOT_FOUND, "the replay cannot be played here: " + e.getMessage());
        } catch (RuntimeException e) {
            theatre.release();
            LOG.log(Level.SEVERE, "could not open a replay", e);
            registry.internalError();
            registry.refuse(outbox, CloseCodes.INTERNAL_ERROR, CloseCodes.INTERNAL_ERROR.reason());
        }
    }

    private static String param(Session session, String name) {
        List<String> v = session.getRequestParameterMap().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int number(String v, int min, int max, String name) throws ProtocolException {
        if (v == null) {
            return min;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ProtocolException(CloseCodes.POLICY_VIOLATION, name + " must be a whole number " + min + " to " + max);
    }

    private static Replay stored(ReplayStore store, String id) throws ProtocolException, ReplayException {
        Optional<ReplayStore.Entry> e = store.get(id);
        if (e.isEmpty()) {
            throw new ProtocolException(CloseCodes.REPLAY_NOT_FOUND, "this server keeps no replay " + id);
        }
        return Replay.decode(e.get().file());
    }

    private static Replay excerpt(RoomManager manager, String roomId, int seconds) throws ProtocolException {
        LocalRoom room = manager.localRooms().stream().filter(r -> r.id().equals(roomId) && !r.isClosed())
                .findFirst().orElseThrow(() -> new ProtocolException(CloseCodes.REPLAY_NOT_FOUND,
                        "no room " + roomId + " runs on this server"));
        try {
            return room.excerpt(seconds).get(EXCERPT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException(CloseCodes.TRY_AGAIN_LATER, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ProtocolException(CloseCodes.REPLAY_NOT_FOUND, "no replay of room " + roomId + ": "
                    + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ProtocolException(CloseCodes.TRY_AGAIN_LATER, "the room did not answer in time");
        }
    }

    @OnMessage(maxMessageSize = Protocol.MAX_CLIENT_BINARY_BYTES)
    public void binary(ByteBuffer frame) {
        outbox.heard();
        ReplayViewer v = viewer;
        if (v == null) {
            return;
        }
        try {
            StreamFrames.Frame f = StreamFrames.decode(frame, (seq, in) -> {
                throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "a replay stream takes no inputs");
            });
            RateLimit.Verdict verdict = controls.tryAcquire();
            if (verdict == RateLimit.Verdict.FLOOD) {
                outbox.close(CloseCodes.POLICY_VIOLATION, "control flood");
            } else if (verdict == RateLimit.Verdict.REJECTED) {
                return; // beyond the allowance: ignored
            } else if (f instanceof StreamFrames.ReplayControl c) {
                v.control(c.paused(), c.speedQuarters(), c.seek());
            } else if (f instanceof StreamFrames.Follow follow) {
                v.seat().requestFollow(follow.step());
            } else if (f instanceof StreamFrames.View shape) {
                v.seat().setPortrait(shape.portrait());
            } else if (f instanceof StreamFrames.Resync) {
                v.seat().requestResync();
            } else if (f instanceof StreamFrames.Ping p && v.seat().welcomed()) {
                outbox.sendControl(StreamFrames.pong(p.clientTimeMillis(), v.position()));
            }
        } catch (ProtocolException e) {
            outbox.close(e.closeCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure on a replay stream", e);
            registry.internalError();
            outbox.close(CloseCodes.INTERNAL_ERROR, CloseCodes.INTERNAL_ERROR.reason());
        }
    }

    @OnMessage(maxMessageSize = Protocol.MAX_CLIENT_BINARY_BYTES)
    public void text(String text) {
        outbox.heard();
        outbox.close(CloseCodes.UNSUPPORTED_DATA, "text frames are not accepted on a replay stream");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        outbox.pong(pong.getApplicationData());
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        if (outbox != null) {
            registry.remove(outbox);
        }
        ReplayViewer v = viewer;
        viewer = null;
        if (v != null) {
            rooms.manager().theatre().close(v);
        }
    }

    @OnError
    public void error(Session session, Throwable t) {
        LOG.log(Level.FINE, "replay stream error", t);
    }
}
