package dev.skirmish.engine.room;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.CloseCodes;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedExecutorService;
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
 * everything (clients get 1001 with a reconnect hint) when the web layer shuts it down on undeploy.
 */
@ApplicationScoped
public class RoomService {
    private static final Logger LOG = Logger.getLogger(RoomService.class.getName());

    @Inject
    GameSettings settings;

    /**
     * The container's default thread factory and executor, looked up by name (Jakarta EE 10 binds both in
     * {@code java:comp}) rather than injected with {@code @Resource}: Payara Micro did not inject {@code @Resource}
     * fields of a class in a WEB-INF/lib jar (a team's WAR with {@code skirmish-engine.jar}; the deployment failed
     * with "Exception attempting to inject Env-Prop").
     */
    private ManagedThreadFactory threadFactory;
    private ManagedExecutorService executor;

    @jakarta.annotation.PostConstruct
    void lookUpContainerDefaults() {
        try {
            javax.naming.InitialContext c = new javax.naming.InitialContext();
            threadFactory = (ManagedThreadFactory) c.lookup("java:comp/DefaultManagedThreadFactory");
            executor = (ManagedExecutorService) c.lookup("java:comp/DefaultManagedExecutorService");
        } catch (javax.naming.NamingException e) {
            throw new IllegalStateException("the container's default managed thread factory and executor are missing", e);
        }
    }

    private RoomManager manager;
    private java.util.concurrent.ScheduledThreadPoolExecutor housekeeping;
    private boolean stopped;
    private volatile boolean stopping;
    /** An operator drains the node: no new rooms, not ready (see {@link #drain}). */
    private volatile boolean draining;
    private ScheduledFuture<?> sweeper;
    private ScheduledFuture<?> reporter;

    /** Builds the manager and starts ticking after the application is up (not during deployment). */
    private final dev.skirmish.engine.metrics.GcPauses gcPauses = new dev.skirmish.engine.metrics.GcPauses();

    /** Garbage collection pauses since the application started. */
    public dev.skirmish.engine.metrics.GcPauses gcPauses() {
        return gcPauses;
    }

    /**
     * Marks the node as stopping the moment the JVM is asked to exit (SIGTERM): the container answers requests
     * for a while longer before it stops the application, and in that time {@code /health} must already say
     * {@code stopping} (503) and the lobby refuse joins, not answer 200 as if nothing happened.
     */
    private final Thread sigtermHook = new Thread(this::beginShutdown, "skirmish-sigterm");

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Runtime.getRuntime().addShutdownHook(sigtermHook);
        gcPauses.start();
        manager();
        manager.start(threadFactory);
        sweeper = housekeeping().scheduleWithFixedDelay(manager::sweepTickets, 1, 1, TimeUnit.SECONDS);
        int every = settings.server().metricsReportSeconds();
        reporter = housekeeping().scheduleAtFixedRate(this::report, every, every, TimeUnit.SECONDS);
        LOG.info(() -> "Skirmish started: " + settings.server().tickThreads() + " tick thread(s) at " + settings.sim().rateHz()
                + " Hz, snapshots at " + settings.sim().snapshotRateHz() + " Hz, game " + manager.game().describe());
    }

    public synchronized RoomManager manager() {
        if (manager == null) {
            SignedTickets signed = settings.cluster().enabled()
                    ? new SignedTickets(settings.security().sessionSecret(), settings.rooms().ticketTtlMillis(),
                    settings.rooms().maxRooms() * settings.rooms().maxCapacity() * 4, System::currentTimeMillis)
                    : null;
            manager = new RoomManager(settings, new InMemoryRoomDirectory(), System::nanoTime, signed);
        }
        return manager;
    }

    /**
     * The one thread for the server's periodic chores (ticket sweep, stats, heartbeat, lobby pushes). It is ours,
     * not the container's default managed scheduled executor: Tyrus schedules an idle-timeout task there for
     * every WebSocket message, and under load our chores queued behind thousands of those (lobby pushes stalled
     * for over 10 s in the container tests).
     */
    public synchronized java.util.concurrent.ScheduledExecutorService housekeeping() {
        if (housekeeping == null) {
            housekeeping = ownScheduler("skirmish-housekeeping");
        }
        return housekeeping;
    }

    /** A one-thread scheduler of ours (container threads, removing cancelled tasks at once). */
    private java.util.concurrent.ScheduledThreadPoolExecutor ownScheduler(String name) {
        java.util.concurrent.ScheduledThreadPoolExecutor s = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = threadFactory.newThread(r);
            t.setName(name);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    private java.util.concurrent.ScheduledThreadPoolExecutor netsim;

    /** The thread that runs simulated network delays (only when {@code netsim.allowed}). */
    public synchronized java.util.concurrent.ScheduledExecutorService netsimScheduler() {
        if (netsim == null) {
            netsim = ownScheduler("skirmish-netsim");
        }
        return netsim;
    }

    public GameSettings settings() {
        return settings;
    }

    /** The container's thread factory (threads with the application's context). */
    public ManagedThreadFactory threadFactory() {
        return threadFactory;
    }

    /** Runs short blocking work (socket closes) off the tick and WebSocket threads. */
    public Executor closeExecutor() {
        return executor;
    }

    private final java.util.Map<TickLoop, DurationHistogram.View[]> lastViews = new java.util.HashMap<>();

    /**
     * One log line per tick loop every {@code metrics.reportSeconds}: the interval's tick wall and CPU time,
     * rooms, players, overruns, and snapshots since start.
     */
    private synchronized void report() {
        for (TickLoop loop : manager.loops()) {
            DurationHistogram.View wall = loop.tickNanos().view();
            DurationHistogram.View cpu = loop.tickCpuNanos().view();
            DurationHistogram.View lat = loop.inputLatency().view();
            DurationHistogram.View enc = loop.snapshotEncodeNanos().view();
            DurationHistogram.View dev = loop.snapshotIntervalDeviation().view();
            DurationHistogram.View[] last = lastViews.put(loop, new DurationHistogram.View[]{wall, cpu, lat, enc, dev});
            DurationHistogram.View w = last == null ? wall : wall.since(last[0]);
            DurationHistogram.View c = last == null ? cpu : cpu.since(last[1]);
            DurationHistogram.View l = last == null ? lat : lat.since(last[2]);
            DurationHistogram.View e = last == null ? enc : enc.since(last[3]);
            DurationHistogram.View d = last == null ? dev : dev.since(last[4]);
            long bytes = loop.rooms().stream().mapToLong(LocalRoom::snapshotBytes).sum();
            long players = loop.rooms().stream().mapToLong(LocalRoom::playersInWorld).sum();
            long sent = loop.rooms().stream().mapToLong(LocalRoom::snapshotsSent).sum();
            long skipped = loop.rooms().stream().mapToLong(LocalRoom::snapshotsSkipped).sum();
            LOG.info(String.format("%s: %d rooms, %d players; last %d ticks: wall p50 %d us p99 %d us max %d us,"
                            + " CPU mean %.0f us p99 %d us; since start: %d overruns, %d schedule resets,"
                            + " snapshots sent %d, skipped %d, %d bytes; input latency (arrival to acknowledging"
                            + " snapshot) p50 %.1f ms p99 %.1f ms max %.1f ms over %d inputs; snapshot encode mean"
                            + " %.1f us p99 %d us; snapshot interval deviation p50 %d us p99 %d us max %d us",
                    loop.name(), loop.roomCount(), players, w.count(),
                    w.percentileNanos(0.5) / 1000, w.percentileNanos(0.99) / 1000, w.maxNanos() / 1000,
                    c.meanNanos() / 1000, c.percentileNanos(0.99) / 1000, loop.overruns(), loop.scheduleResets(),
                    sent, skipped, bytes, l.percentileNanos(0.5) / 1e6, l.percentileNanos(0.99) / 1e6,
                    l.maxNanos() / 1e6, l.count(), e.meanNanos() / 1000, e.percentileNanos(0.99) / 1000,
                    d.percentileNanos(0.5) / 1000, d.percentileNanos(0.99) / 1000, d.maxNanos() / 1000));
        }
    }

    /**
     * From now on the server takes no new connections and no joins (the lobby answers {@code SHUTTING_DOWN},
     * endpoints close new connections with 1001). The web layer calls it first when the application goes away,
     * then closes its connections, then calls {@link #stop()}.
     */
    public void beginShutdown() {
        stopping = true;
    }

    /**
     * Drains the node (the operator's console): it opens no new room and reports not ready, so that a load
     * balancer sends new players elsewhere, while the rooms it runs play on. {@code false} ends the drain.
     */
    public void drain(boolean on) {
        draining = on;
    }

    /** Whether an operator is draining the node. */
    public boolean draining() {
        return draining;
    }

    /** Whether the server is shutting down. */
    public boolean stopping() {
        return stopping;
    }

    /** The close reason of a shutdown, with the reconnect hint: "server shutting down; reconnect in N ms". */
    public String shutdownReason() {
        return "server shutting down; reconnect in " + settings.limits().shutdownReconnectMillis() + " ms";
    }

    /**
     * Stops the tick loops (their players get 1001 with the reconnect hint) and this service's threads.
     * Idempotent; also runs when the container destroys the bean.
     */
    @PreDestroy
    public void stop() {
        stopping = true;
        try {
            Runtime.getRuntime().removeShutdownHook(sigtermHook); // an undeploy: the JVM lives on
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is exiting (the hook is running or has run), or the application never started
        }
        gcPauses.stop();
        if (sweeper != null) {
            sweeper.cancel(false);
            reporter.cancel(false);
        }
        RoomManager m;
        synchronized (this) {
            m = stopped ? null : manager;
            stopped = true;
            if (housekeeping != null) {
                housekeeping.shutdownNow();
            }
            if (netsim != null) {
                netsim.shutdownNow();
            }
        }
        if (m != null) {
            m.stop(CloseCodes.GOING_AWAY, shutdownReason());
            LOG.info("Skirmish stopped");
        }
    }
}
