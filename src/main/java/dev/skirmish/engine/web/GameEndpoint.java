package dev.skirmish.engine.web;

import dev.skirmish.engine.config.Limits;
import dev.skirmish.engine.limits.RateLimit;
import dev.skirmish.engine.netsim.DelayLine;
import dev.skirmish.engine.netsim.DelayModel;
import dev.skirmish.engine.netsim.NetProfile;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.engine.room.InputQueue;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.RoomService;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The binary game stream of one player in one room. Claims the join ticket on open, then only decodes frames
 * and enqueues inputs; the room's tick thread does the rest. Bad frames close the stream with the code of
 * their {@link ProtocolException}. With {@code ?watch} instead of a ticket the stream is a spectator's: it takes
 * no seat, sends no inputs and may ask to follow another player (FOLLOW).
 *
 * <p>Where {@code netsim.allowed} is set, {@code ?netsim=SPEC} (or {@code netsim.default}) puts the stream
 * behind the network condition simulator: frames from the client wait on an up line before they are handled,
 * frames to it on a down line (see {@link SessionOutbox#simulate}).
 */
@ServerEndpoint("/ws/game/{roomId}")
public class GameEndpoint {
    private static final Logger LOG = Logger.getLogger(GameEndpoint.class.getName());

    @Inject
    RoomService rooms;

    @Inject
    ConnectionRegistry registry;

    private SessionOutbox outbox;
    private volatile RoomManager.Placement placement;
    /** The room's game's input decoder (set with the placement). */
    private volatile StreamFrames.InputReader<?> inputs;
    private DelayLine<ByteBuffer> upLine;
    /** Frames from the client a simulated upstream holds at most; beyond, the stream closes with 4002. */
    private static final int UP_LINE_CAPACITY = 512;

    /**
     * Pings, resync and follow requests: beyond the allowance they are ignored, a flood of them closes with 1008.
     */
    private RateLimit controls;

    @OnOpen
    public void open(Session session, @PathParam("roomId") String roomId) {
        outbox = registry.accept(session, now -> false);
        if (outbox.isClosed()) {
            return;
        }
        Limits limits = rooms.settings().limits();
        controls = new RateLimit(limits.gameControlRatePerSecond(), limits.gameControlBurst(),
                2 * limits.gameControlRatePerSecond(), System::nanoTime);
        if (!simulateNetwork(session)) {
            return;
        }
        List<String> ticket = session.getRequestParameterMap().get("ticket");
        boolean watch = session.getRequestParameterMap().containsKey("watch");
        try {
            RoomManager.Placement p = watch ? rooms.manager().watch(roomId, outbox)
                    : rooms.manager().claim(roomId, ticket == null || ticket.isEmpty() ? null : ticket.get(0), outbox);
            inputs = rooms.manager().gameOf(p.room())::decodeInput;
            placement = p;
        } catch (ProtocolException e) {
            registry.refuse(outbox, e.closeCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not seat a player", e);
            registry.internalError();
            registry.refuse(outbox, CloseCodes.INTERNAL_ERROR, CloseCodes.INTERNAL_ERROR.reason());
        }
    }

    /** Sets up the simulated link this stream asked for (or the default); false if it was refused and closed. */
    private boolean simulateNetwork(Session session) {
        List<String> asked = session.getRequestParameterMap().get("netsim");
        String spec = asked == null || asked.isEmpty() ? rooms.settings().netsim().defaultSpec() : asked.get(0);
        if (spec.isEmpty()) {
            return true;
        }
        if (!rooms.settings().netsim().allowed()) {
            registry.refuse(outbox, CloseCodes.POLICY_VIOLATION, "network simulation is not enabled on this server");
            return false;
        }
        NetProfile profile;
        try {
            profile = NetProfile.parse(spec);
        } catch (IllegalArgumentException e) {
            registry.refuse(outbox, CloseCodes.POLICY_VIOLATION, "bad netsim: " + e.getMessage());
            return false;
        }
        long seed = System.nanoTime() ^ System.identityHashCode(this);
        if (!profile.down().isNone()) {
            outbox.simulate(profile.down(), rooms.netsimScheduler(), seed);
        }
        if (!profile.up().isNone()) {
            upLine = new DelayLine<>(new DelayModel(profile.up(), ~seed), UP_LINE_CAPACITY, rooms.netsimScheduler(),
                    System::nanoTime, (f, done) -> {
                        try {
                            handle(f);
                        } finally {
                            done.run();
                        }
                    });
        }
        return true;
    }

    @OnMessage(maxMessageSize = Protocol.MAX_CLIENT_BINARY_BYTES)
    public void binary(ByteBuffer frame) {
        outbox.heard(); // opens the gate, or sends the close of a refused stream
        if (placement == null) {
            return;
        }
        if (upLine != null) {
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
            if (!upLine.offer(copy)) {
                outbox.close(CloseCodes.SLOW_CLIENT, "simulated upstream full");
            }
            return;
        }
        handle(frame);
    }

    private void handle(ByteBuffer frame) {
        RoomManager.Placement placement = this.placement;
        if (placement == null) {
            return;
        }
        try {
            StreamFrames.Frame f = StreamFrames.decode(frame, inputs);
            boolean spectator = placement.seat().spectator();
            if (spectator && f instanceof StreamFrames.InputFrame) {
                outbox.close(CloseCodes.POLICY_VIOLATION, "a spectator sends no inputs");
            } else if (!spectator && f instanceof StreamFrames.Follow) {
                outbox.close(CloseCodes.POLICY_VIOLATION, "FOLLOW is for spectators");
            } else if (f instanceof StreamFrames.ReplayControl) {
                outbox.close(CloseCodes.POLICY_VIOLATION, "REPLAY_CONTROL is for replay streams");
            } else if (f instanceof StreamFrames.InputFrame<?> carried) {
                long seq = carried.firstSeq();
                for (int i = 0; i < carried.runs(); i++) {
                    if (!offer(placement, seq, carried.ticks(i), carried.input(i))) {
                        return;
                    }
                    seq += carried.ticks(i);
                }
            } else {
                RateLimit.Verdict verdict = controls.tryAcquire();
                if (verdict == RateLimit.Verdict.FLOOD) {
                    outbox.close(CloseCodes.POLICY_VIOLATION, "ping or resync flood");
                } else if (verdict == RateLimit.Verdict.REJECTED) {
                    return; // beyond the allowance: ignored
                } else if (f instanceof StreamFrames.Resync) {
                    placement.seat().requestResync();
                } else if (f instanceof StreamFrames.Follow follow) {
                    placement.seat().requestFollow(follow.step());
                } else if (f instanceof StreamFrames.View v) {
                    placement.seat().setPortrait(v.portrait());
                } else if (f instanceof StreamFrames.Ping p && placement.seat().welcomed()) {
                    // a ping before the WELCOME is not answered: WELCOME is the stream's first frame
                    outbox.pinging(); // from now on its silence means a lost network
                    outbox.sendControl(StreamFrames.pong(p.clientTimeMillis(), placement.room().currentTick()));
                }
            }
        } catch (ProtocolException e) {
            outbox.close(e.closeCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure on a game stream", e);
            registry.internalError();
            outbox.close(CloseCodes.INTERNAL_ERROR, CloseCodes.INTERNAL_ERROR.reason());
        }
    }

    /** Queues one run of input for the tick thread; false when the stream is closed for an input flood. */
    @SuppressWarnings("unchecked") // the seat's queue holds what the room's game decodes
    private boolean offer(RoomManager.Placement placement, long seq, int ticks, Object input) {
        if (((InputQueue<Object>) placement.seat().inputs()).offer(seq, ticks, input) == InputQueue.Offer.FLOOD) {
            outbox.close(CloseCodes.POLICY_VIOLATION, "input flood");
            return false;
        }
        return true;
    }

    @OnMessage(maxMessageSize = Protocol.MAX_CLIENT_BINARY_BYTES)
    public void text(String text) {
        outbox.heard(); // a refused stream gets its own close first
        outbox.close(CloseCodes.UNSUPPORTED_DATA, "text frames are not accepted on the game stream");
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
        if (upLine != null) {
            upLine.close();
        }
        if (placement != null) {
            rooms.manager().disconnected(placement);
            placement = null;
        }
    }

    @OnError
    public void error(Session session, Throwable t) {
        LOG.log(Level.FINE, "game stream error", t);
    }
}
