package dev.skirmish.web;

import dev.skirmish.config.GameSettings;
import dev.skirmish.lobby.LobbyService;
import dev.skirmish.protocol.CloseCodes;
import dev.skirmish.room.RoomService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open WebSocket connection of this node, for the periodic work that concerns them all: the heartbeat
 * (ping every {@code heartbeat.intervalSeconds}, close with 4003 when two pings in a row go unanswered, or after
 * two silent intervals for a connection that never spoke and so was never pinged), closing idle lobby
 * connections (4004), and the lobby's room-list and presence pushes. Bounded by the endpoints' own limits
 * (lobby connections, seats).
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

    /** Each connection with the test that says it is idle (given now in nanoseconds); never idle for games. */
    private final Map<SessionOutbox, LongPredicate> connections = new ConcurrentHashMap<>();
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> pusher;
    private long lastBeatNanos;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        long every = settings.heartbeatIntervalSeconds();
        heartbeat = rooms.housekeeping().scheduleAtFixedRate(this::beat, every, every, TimeUnit.SECONDS);
        long push = settings.lobbyPushIntervalMillis();
        pusher = rooms.housekeeping().scheduleAtFixedRate(this::push, push, push, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            pusher.cancel(false);
        }
    }

    public void add(SessionOutbox outbox, LongPredicate idle) {
        connections.put(outbox, idle);
    }

    public void remove(SessionOutbox outbox) {
        connections.remove(outbox);
    }

    /** Open connections (lobby and game) of this node. */
    public int size() {
        return connections.size();
    }

    /** Frames waiting in the send queues of all connections: {total, largest}. */
    public long[] sendQueueDepth() {
        long total = 0;
        long max = 0;
        for (SessionOutbox o : connections.keySet()) {
            int n = o.queuedFrames();
            total += n;
            max = Math.max(max, n);
        }
        return new long[]{total, max};
    }

    /** One heartbeat round; public so that tests and tools can drive it. */
    public void beat() {
        try {
            long now = System.nanoTime();
            long interval = settings.heartbeatIntervalSeconds() * 1_000_000_000L;
            if (lastBeatNanos != 0 && now - lastBeatNanos < interval / 2) {
                return; // a round that ran late right after another (the server stalled): the clients are not at fault
            }
            lastBeatNanos = now;
            long silentLimit = 2 * interval;
            for (Map.Entry<SessionOutbox, LongPredicate> e : connections.entrySet()) {
                SessionOutbox o = e.getKey();
                if (o.isClosed()) {
                    connections.remove(o);
                } else if (o.everPinged() ? o.missedPings() >= 2 : now - o.lastHeardNanos() > silentLimit) {
                    o.close(CloseCodes.HEARTBEAT_TIMEOUT, "no answer to pings");
                } else if (o.inFlightNanos(now) > silentLimit) {
                    o.close(CloseCodes.SLOW_CLIENT, "a frame could not be delivered for two heartbeat intervals");
                } else if (e.getValue().test(now)) {
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
            lobby.pushChanges();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "lobby push failed", e);
        }
    }
}
