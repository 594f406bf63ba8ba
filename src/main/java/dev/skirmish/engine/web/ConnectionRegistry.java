package dev.skirmish.engine.web;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.limits.AddressLimits;
import dev.skirmish.engine.lobby.LobbyService;
import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.room.RoomService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open WebSocket connection of this node, for the work that concerns them all: admission (the limit of
 * open connections per remote address, 4005), the heartbeat (ping every {@code heartbeat.intervalSeconds},
 * close with 4003 at the first round that finds a ping unanswered for more than one and a half intervals, that
 * is two rounds after it was sent, or after two silent intervals for a connection that never spoke and so was
 * never pinged), closing connections whose frame in flight has not been taken for
 * {@code send.stallTimeoutSeconds} (4002), closing idle lobby connections (4004), the lobby's room-list and
 * presence pushes, and the graceful shutdown (1001 with a reconnect hint to everyone). Bounded by the
 * endpoints' own limits (lobby connections, seats).
 */
@ApplicationScoped
public class ConnectionRegistry {
    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class.getName());

    @Inject
    GameSettings settings;

    @Inject
    LobbyService lobby;

    @Inject
    RoomService rooms;

    @Inject
    dev.skirmish.engine.cluster.ClusterService cluster;

    /** One open connection: the test that says it is idle (given now in nanoseconds), and its address key. */
    private record Entry(LongPredicate idle, String addressKey) {
    }

    private final Map<SessionOutbox, Entry> connections = new ConcurrentHashMap<>();
    /** Refused connections whose close waits for the client's first frame (see {@link #refuse}). */
    private final java.util.Set<SessionOutbox> refusals = ConcurrentHashMap.newKeySet();
    /** A silent refused client gets its close after this long (the container has finished the upgrade by then). */
    static final long REFUSAL_WAIT_NANOS = 500_000_000L;
    /** Refusals that may wait for their client at once; beyond, a refusal closes at once. */
    static final int MAX_REFUSALS_WAITING = 4096;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> pusher;
    private long lastBeatNanos;
    /** Durations of the lobby push rounds (written by the housekeeping thread only). */
    private final DurationHistogram pushNanos = new DurationHistogram();
    private AddressLimits addressLimits;
    private Transport transport;
    /** Closes this server initiated, by code (bounded: one counter per close code). */
    private final Map<CloseCodes, LongAdder> closes = new java.util.EnumMap<>(CloseCodes.class);
    private final LongAdder internalErrors = new LongAdder();

    {
        for (CloseCodes c : CloseCodes.values()) {
            closes.put(c, new LongAdder());
        }
    }

    /** Closes this server initiated with {@code code}, since start. */
    public long closes(CloseCodes code) {
        return closes.get(code).sum();
    }

    /** Records an unexpected failure caught at the edge (a bug: the client got 1011). */
    public void internalError() {
        internalErrors.increment();
    }

    /** Unexpected failures caught at the edge since start. */
    public long internalErrors() {
        return internalErrors.sum();
    }

    /** The sender threads every connection's frames go through (started with the first connection). */
    public synchronized Transport transport() {
        if (transport == null) {
            transport = Transport.start(rooms.threadFactory(), settings.limits().sendThreads(),
                    settings.limits().sendQueueCapacity());
        }
        return transport;
    }

    private synchronized AddressLimits addressLimits() {
        if (addressLimits == null) {
            addressLimits = new AddressLimits(settings.limits().connectionsPerAddress(),
                    settings.limits().exemptAddresses());
        }
        return addressLimits;
    }

    /**
     * Builds the send path of a new connection (in {@code @OnOpen}) and admits it: while the server shuts down
     * it is closed with 1001 and the reconnect hint, beyond {@code limits.connectionsPerAddress} with 4005.
     * A refused connection comes back closed ({@link SessionOutbox#isClosed()}).
     *
     * @param idle whether the connection is idle, given now in nanoseconds (game streams never are)
     */
    public SessionOutbox accept(Session session, LongPredicate idle) {
        SessionOutbox outbox = new SessionOutbox(session, transport(), settings.limits().controlQueueCapacity(),
                settings.limits().controlQueueBytes(), settings.limits().maxUnacknowledgedBytes(), rooms.closeExecutor(),
                code -> closes.get(code).increment());
        if (rooms.stopping()) {
            refuse(outbox, CloseCodes.GOING_AWAY, rooms.shutdownReason());
            return outbox;
        }
        String key = addressLimits().acquire(RemoteAddress.of(session));
        if (key == null) {
            refuse(outbox, CloseCodes.TOO_MANY_CONNECTIONS, "too many connections from this address (limit "
                    + settings.limits().connectionsPerAddress() + ")");
            return outbox;
        }
        connections.put(outbox, new Entry(idle, key));
        return outbox;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        long every = settings.limits().heartbeatIntervalSeconds();
        heartbeat = rooms.housekeeping().scheduleAtFixedRate(this::beat, every, every, TimeUnit.SECONDS);
        long push = settings.lobby().pushIntervalMillis();
        // with a fixed delay, not a fixed rate: a push that takes longer than its interval (hundreds of lobby
        // connections on a busy machine) spaces the next one out, which only coalesces more changes into it,
        // instead of running back to back and starving the heartbeat on the same thread
        pusher = rooms.housekeeping().scheduleWithFixedDelay(this::push, push, push, TimeUnit.MILLISECONDS);
    }

    /** The application is going away (undeploy, redeploy, SIGTERM): shut down before the container does. */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        shutdown();
    }

    /**
     * The graceful shutdown: no new connections or joins, every open connection closed with 1001 and the
     * reconnect hint ("server shutting down; reconnect in N ms"), then the tick loops and our threads stopped.
     */
    public void shutdown() {
        rooms.beginShutdown();
        if (heartbeat != null) {
            heartbeat.cancel(false);
            pusher.cancel(false);
        }
        // cluster mode: rooms in play move to other nodes, and their players follow (MOVED), before anyone is closed
        cluster.handOverRooms();
        String reason = rooms.shutdownReason();
        int closed = 0;
        for (SessionOutbox o : connections.keySet()) {
            o.closeNow(CloseCodes.GOING_AWAY, reason);
            closed++;
        }
        connections.clear();
        rooms.stop();
        cluster.stop();
        synchronized (this) {
            if (transport != null) {
                transport.stop();
            }
        }
        int n = closed;
        LOG.info(() -> "Skirmish shut down: " + n + " connection(s) closed with 1001");
    }

    /** A connection has closed (its {@code @OnClose}, or the heartbeat found it closed); idempotent. */
    public void remove(SessionOutbox outbox) {
        refusals.remove(outbox);
        Entry e = connections.remove(outbox);
        if (e != null) {
            addressLimits().release(e.addressKey());
        }
    }

    /** How long the lobby's push rounds take (room-list and presence changes sent to every lobby connection). */
    public DurationHistogram lobbyPushNanos() {
        return pushNanos;
    }

    /** Open connections (lobby and game) of this node. */
    public int size() {
        return connections.size();
    }

    /** Bytes held for clients (waiting control frames and frames in flight) over all connections: {total, largest}. */
    public long[] heldBytes() {
        return totalAndLargest(SessionOutbox::heldBytes);
    }

    /** Bytes sent that clients have not acknowledged through a pong, over all connections: {total, largest}. */
    public long[] unacknowledgedBytes() {
        return totalAndLargest(SessionOutbox::unacknowledgedBytes);
    }

    /** Frames waiting in the send queues of all connections: {total, largest}. */
    public long[] sendQueueDepth() {
        return totalAndLargest(SessionOutbox::queuedFrames);
    }

    private long[] totalAndLargest(java.util.function.ToLongFunction<SessionOutbox> figure) {
        long total = 0;
        long max = 0;
        for (SessionOutbox o : connections.keySet()) {
            long n = figure.applyAsLong(o);
            total += n;
            max = Math.max(max, n);
        }
        return new long[]{total, max};
    }

    /**
     * Refuses a connection in {@code @OnOpen} (see {@link SessionOutbox#refuse}): its close goes out when the client
     * speaks, or from the lobby push's sweep after {@link #REFUSAL_WAIT_NANOS}. Beyond {@link #MAX_REFUSALS_WAITING}
     * waiting refusals (a flood of silent connections) it closes at once.
     */
    public void refuse(SessionOutbox outbox, CloseCodes code, String reason) {
        if (refusals.size() >= MAX_REFUSALS_WAITING) {
            outbox.closeNow(code, reason);
            return;
        }
        outbox.refuse(code, reason);
        refusals.add(outbox);
    }

    /** The refusals of silent clients that waited long enough are sent (the upgrade is long complete by then). */
    private void sweepRefusals() {
        long now = System.nanoTime();
        refusals.removeIf(o -> o.closeRefusedAfter(now, REFUSAL_WAIT_NANOS));
    }

    /** One heartbeat round; public so that tests and tools can drive it. */
    public void beat() {
        try {
            long now = System.nanoTime();
            long interval = settings.limits().heartbeatIntervalSeconds() * 1_000_000_000L;
            if (lastBeatNanos != 0 && now - lastBeatNanos < interval / 2) {
                return; // a round that ran late right after another (the server stalled): the clients are not at fault
            }
            lastBeatNanos = now;
            long stallLimit = settings.limits().sendStallSeconds() * 1_000_000_000L;
            for (Map.Entry<SessionOutbox, Entry> e : connections.entrySet()) {
                SessionOutbox o = e.getKey();
                if (o.isClosed()) {
                    if (!refusals.contains(o)) { // a refusal stays until its close is sent (sweepRefusals)
                        remove(o);
                    }
                } else if (o.heartbeatTimedOut(now, interval)) {
                    o.close(CloseCodes.HEARTBEAT_TIMEOUT, o.everPinged() ? "no answer to pings"
                            : "nothing received for two heartbeat intervals");
                } else if (o.inFlightNanos(now) > stallLimit) {
                    o.close(CloseCodes.SLOW_CLIENT, "a frame was not taken for " + settings.limits().sendStallSeconds()
                            + " s");
                } else if (e.getValue().idle().test(now)) {
                    o.close(CloseCodes.IDLE, "idle lobby connection");
                } else {
                    o.ping();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "heartbeat round failed", e);
        }
    }

    private void push() {
        try {
            sweepRefusals();
            long start = System.nanoTime();
            lobby.pushChanges();
            pushNanos.record(System.nanoTime() - start);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "lobby push failed", e);
        }
    }
}
