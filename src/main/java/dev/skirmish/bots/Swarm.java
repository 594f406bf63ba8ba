package dev.skirmish.bots;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Load-tests a Skirmish server with bots that play: N bots start over the ramp-up, go through the lobby into
 * rooms, play for the given time, and the swarm prints a progress line a second and writes a JSON and a
 * self-contained HTML report. Goals given as flags make it exit with status 2 when missed.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=dev.skirmish.bots.Swarm -Dexec.args="--bots 100 --rooms spread:4"</pre>
 */
public final class Swarm {
    private final SwarmOptions options;
    private final SwarmMetrics metrics = new SwarmMetrics();
    /** The input period is cut in this many slots; bot i sends in slot i modulo this. */
    static final int INPUT_SLOTS = 10;

    private final List<Bot> bots = new ArrayList<>();
    private final List<SwarmReport.Second> timeline = new ArrayList<>();
    private long lastBytesDown;
    private long lastSnapshots;
    private ServerScrape scrape;
    private ServerScrape.Tick lastServer = ServerScrape.Tick.NONE;
    private ServerScrape.Tick serverAtStart;
    private long started;

    Swarm(SwarmOptions options) {
        this.options = options;
    }

    /** Snapshot inter-arrival times (microseconds) of all bots since the start, warm-up included. */
    private final Histogram allInterArrival = new Histogram(60_000_000L, 3);

    /**
     * A swarm for a test or tool to {@link #run()} on its own thread while it watches the swarm's figures
     * ({@link #interArrivalSoFar()}).
     */
    public static Swarm create(String... args) {
        return new Swarm(SwarmOptions.parse(args));
    }

    /**
     * A copy of the snapshot inter-arrival histogram (microseconds) of all bots since the swarm started, updated
     * once a second: the difference of two copies is the figure of the time between them.
     */
    public synchronized Histogram interArrivalSoFar() {
        return allInterArrival.copy();
    }

    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    /** Ends the measurement now instead of after {@code --seconds} (the report covers the time measured). */
    public void finish() {
        finished.countDown();
    }

    /** Runs a swarm with command-line options (see {@link SwarmOptions#USAGE}) and returns its report. */
    public static SwarmReport run(String... args) throws Exception {
        return new Swarm(SwarmOptions.parse(args)).run();
    }

    public static void main(String[] args) throws Exception {
        SwarmOptions o;
        try {
            o = SwarmOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SwarmOptions.USAGE);
            System.exit(1);
            return;
        }
        SwarmReport report = new Swarm(o).run();
        System.out.println(report.summaryLine());
        for (SwarmReport.Check c : report.checks()) {
            System.out.println((c.ok() ? "ok     " : "MISSED ") + c.describe());
        }
        System.out.println("report: " + report.jsonPath().toAbsolutePath() + " and " + report.htmlPath().toAbsolutePath());
        System.exit(report.allOk() ? 0 : 2);
    }

    /** Runs the swarm and writes its report. */
    public SwarmReport run() throws Exception {
        ExecutorService httpThreads = Executors.newFixedThreadPool(4, daemon("swarm-ws"));
        HttpClient http = HttpClient.newBuilder().executor(httpThreads).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService joiners = Executors.newFixedThreadPool(Math.min(32, options.bots()), daemon("swarm-join"));
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, daemon("swarm-clock"));
        RoomPlan plan = new RoomPlan();
        scrape = new ServerScrape(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), options.url());
        lastServer = scrape.read();
        AtomicInteger attempted = new AtomicInteger();
        started = System.nanoTime();
        System.out.printf("swarm: %d bots against %s, ramp %.0f s, warm-up %.0f s, measure %.0f s, rooms %s,"
                        + " %d inputs/s per bot%n", options.bots(), options.url(), options.rampSeconds(),
                options.warmupSeconds(), options.seconds(), options.rooms(), options.inputHz());
        for (int i = 0; i < options.bots(); i++) {
            bots.add(new Bot(i, options, metrics, http, plan));
        }
        // each bot sends at its own phase of the input period, as independent browsers do: one slot of the
        // period per tenth of the bots (all bots at once make the server's reads cheaper than real players'
        // are: 39 instead of 63 us a frame on the bare container, docs/benchmarks.md)
        long slotNanos = 1_000_000_000L / options.inputHz() / INPUT_SLOTS;
        for (int slot = 0; slot < INPUT_SLOTS; slot++) {
            int s = slot;
            clock.scheduleAtFixedRate(() -> inputs(s), slotNanos * slot, slotNanos * INPUT_SLOTS, TimeUnit.NANOSECONDS);
        }
        clock.scheduleAtFixedRate(this::second, 1, 1, TimeUnit.SECONDS);
        long rampNanos = (long) (options.rampSeconds() * 1e9);
        for (int i = 0; i < bots.size(); i++) {
            Bot bot = bots.get(i);
            long at = bots.size() == 1 ? 0 : rampNanos * i / (bots.size() - 1);
            clock.schedule(() -> joiners.execute(() -> {
                bot.join();
                attempted.incrementAndGet();
            }), at, TimeUnit.NANOSECONDS);
        }
        long joinDeadline = System.nanoTime() + rampNanos + TimeUnit.SECONDS.toNanos(60);
        while (attempted.get() < bots.size() && System.nanoTime() < joinDeadline) {
            Thread.sleep(50);
        }
        Thread.sleep((long) (options.warmupSeconds() * 1000));
        long measureStart = beginMeasuring();
        finished.await((long) (options.seconds() * 1000), TimeUnit.MILLISECONDS);
        long playedNanos = System.nanoTime() - measureStart;
        metrics.swarmCpuNanos = processCpuNanos() - metrics.swarmCpuNanos;
        clock.shutdownNow();
        clock.awaitTermination(2, TimeUnit.SECONDS);
        second(); // the last partial second
        bots.forEach(Bot::stop);
        Thread.sleep(500);
        joiners.shutdownNow();
        httpThreads.shutdownNow();
        ServerScrape.Tick serverAtEnd = lastServer;
        return SwarmReport.write(options, metrics, timeline, bots, playedNanos / 1e9, scrape.available()
                ? new SwarmReport.Server(serverAtStart, serverAtEnd) : null);
    }

    /** The warm-up is over: totals, counters and per-bot bytes count from the next second on. */
    private synchronized long beginMeasuring() {
        second(); // close the warm-up's last interval
        metrics.snapshotsAtStart = metrics.snapshots.sum();
        metrics.missingAtStart = metrics.missing.sum();
        bots.forEach(Bot::markMeasuring);
        metrics.measuring = true;
        serverAtStart = lastServer;
        metrics.swarmCpuNanos = processCpuNanos();
        System.out.println("--- warm-up over, measuring ---");
        return System.nanoTime();
    }

    /** One input step for every bot of one slot of the input period that plays. */
    private void inputs(int slot) {
        try {
            for (int i = slot; i < bots.size(); i += INPUT_SLOTS) {
                Bot b = bots.get(i);
                if (b.playing()) {
                    b.input();
                }
            }
        } catch (RuntimeException e) {
            metrics.errors.increment(); // never let one failure stop the clock
        }
    }

    /** Once a second: the interval's figures into the timeline and the totals, and a progress line. */
    private synchronized void second() {
        Histogram rtt = metrics.rtt.getIntervalHistogram();
        Histogram gap = metrics.interArrival.getIntervalHistogram();
        Histogram stale = metrics.staleness.getIntervalHistogram();
        Histogram join = metrics.join.getIntervalHistogram();
        metrics.totalJoin.add(join); // joins happen before the warm-up ends; all of them count
        allInterArrival.add(gap);
        if (metrics.measuring) {
            metrics.totalRtt.add(rtt);
            metrics.totalInterArrival.add(gap);
            metrics.totalStaleness.add(stale);
        }
        long down = metrics.bytesDown.sum();
        double t = (System.nanoTime() - started) / 1e9;
        double previous = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).t();
        double span = Math.max(0.001, t - previous);
        ServerScrape.Tick server = scrape.read();
        double[] tick = server.since(lastServer);
        double cores = server == ServerScrape.Tick.NONE ? Double.NaN : server.coresSince(lastServer);
        if (server != ServerScrape.Tick.NONE) {
            lastServer = server;
        }
        long snapshots = metrics.snapshots.sum();
        SwarmReport.Second s = new SwarmReport.Second(t, metrics.connected.get(), (snapshots - lastSnapshots) / span,
                ms(rtt.getValueAtPercentile(50)), ms(rtt.getValueAtPercentile(99)), ms(rtt.getMaxValue()),
                ms(gap.getValueAtPercentile(99)), ms(gap.getMaxValue()), ms(stale.getValueAtPercentile(99)),
                (down - lastBytesDown) * 8 / 1000.0 / span, metrics.disconnects() + metrics.errors.sum(),
                tick == null ? Double.NaN : tick[0], tick == null ? Double.NaN : tick[1], cores);
        lastBytesDown = down;
        lastSnapshots = snapshots;
        timeline.add(s);
        System.out.printf("%5.0f s  bots %d/%d  %6.0f snapshots/s  rtt p99 %6.1f ms  gap p99 %6.1f ms  down %7.0f kbit/s"
                        + "  errors %d  server tick p99 %s ms  cpu %s cores%n", t, s.connected(), bots.size(),
                s.snapshotsPerSecond(), s.rttP99Ms(), s.gapP99Ms(), s.downKbitPerSecond(), s.errors(),
                Double.isNaN(s.serverTickP99Ms()) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", s.serverTickP99Ms()),
                Double.isNaN(s.serverCores()) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", s.serverCores()));
    }

    /** CPU time of this JVM (the swarm's own load: a saturated bot core delays what it measures). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
