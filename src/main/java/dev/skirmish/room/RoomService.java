package dev.skirmish.room;

import dev.skirmish.config.GameSettings;
import dev.skirmish.protocol.CloseCodes;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * CDI face of the {@link RoomManager}: builds it from the settings, starts its tick threads from the
 * container's managed thread factory once the application is initialized, sweeps expired tickets, and stops
 * everything (clients get 1001) when the application is undeployed.
 */
@ApplicationScoped
public class RoomService {
    private static final Logger LOG = Logger.getLogger(RoomService.class.getName());

    @Inject
    GameSettings settings;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private RoomManager manager;
    private ScheduledFuture<?> sweeper;
    private ScheduledFuture<?> reporter;

    /** Builds the manager and starts ticking after the application is up (not during deployment). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        manager();
        manager.start(threadFactory);
        sweeper = scheduler.scheduleWithFixedDelay(manager::sweepTickets, 1, 1, TimeUnit.SECONDS);
        reporter = scheduler.scheduleAtFixedRate(this::report, 60, 60, TimeUnit.SECONDS);
        LOG.info(() -> "Skirmish started: " + settings.tickThreads() + " tick thread(s) at " + settings.simRateHz()
                + " Hz, snapshots at " + settings.snapshotRateHz() + " Hz, map " + manager.map().name());
    }

    public synchronized RoomManager manager() {
        if (manager == null) {
            manager = new RoomManager(settings, new InMemoryRoomDirectory(), System::nanoTime);
        }
        return manager;
    }

    public GameSettings settings() {
        return settings;
    }

    /** Runs short blocking work (socket closes) off the tick and WebSocket threads. */
    public Executor closeExecutor() {
        return executor;
    }

    /** One log line a minute per tick loop: tick time, rooms, players, snapshots. */
    private void report() {
        for (TickLoop loop : manager.loops()) {
            var h = loop.tickNanos();
            long players = loop.rooms().stream().mapToLong(LocalRoom::playersInWorld).sum();
            long sent = loop.rooms().stream().mapToLong(LocalRoom::snapshotsSent).sum();
            long skipped = loop.rooms().stream().mapToLong(LocalRoom::snapshotsSkipped).sum();
            LOG.info(String.format("%s: %d rooms, %d players, tick p50 %d us p99 %d us max %d us, %d overruns,"
                            + " %d schedule resets; snapshots sent %d, skipped %d (since start)", loop.name(),
                    loop.roomCount(), players, h.percentileNanos(0.5) / 1000, h.percentileNanos(0.99) / 1000,
                    h.maxNanos() / 1000, loop.overruns(), loop.scheduleResets(), sent, skipped));
        }
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            reporter.cancel(false);
        }
        RoomManager m;
        synchronized (this) {
            m = manager;
        }
        if (m != null) {
            m.stop(CloseCodes.GOING_AWAY, "server shutting down");
            LOG.info("Skirmish stopped");
        }
    }
}
