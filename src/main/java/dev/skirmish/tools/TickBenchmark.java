package dev.skirmish.tools;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.SettingsLoader;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.room.GameConnection;
import dev.skirmish.engine.room.InputQueue;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.RoomConfig;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.Seat;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.ArenaGame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Benchmark of one room's tick on the real room code (world step, snapshot encode, per-player assembly), with
 * N players that move and shoot like restless humans. Prints CPU time per tick and snapshot sizes. The
 * connections accept every frame (no network), so this isolates the server's own cost.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=dev.skirmish.tools.TickBenchmark -Dexec.args="16 32"</pre>
 */
public final class TickBenchmark {
    private TickBenchmark() {
    }

    /** A connection that only counts. */
    private static final class CountingConnection implements GameConnection {
        long frames;
        long bytes;
        int maxBytes;

        @Override
        public boolean offerSnapshot(ByteBuffer frame) {
            frames++;
            bytes += frame.remaining();
            maxBytes = Math.max(maxBytes, frame.remaining());
            return true;
        }

        @Override
        public void sendControl(byte[] frame) {
        }

        @Override
        public void close(CloseCodes code, String reason) {
        }
    }

    public static void main(String[] args) {
        // "record": the room's world is recorded for replays, as a server records it (the recorder's cost per tick)
        record = Arrays.asList(args).contains("record");
        int[] counts = Arrays.stream(args).filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
        if (counts.length == 0) {
            counts = new int[]{16, 32};
        }
        GameSettings s = SettingsLoader.load(Map.of(), new Properties());
        System.out.printf("TickBenchmark: sim %d Hz, snapshots %d Hz, map %s, Java %s, %d cores%n", s.sim().rateHz(),
                s.sim().snapshotRateHz(), s.value("map"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        for (int n : counts) {
            run(s, n);
        }
    }

    private static boolean record;

    private static void run(GameSettings s, int players) {
        SimRules rules = SimRules.defaults(s.sim().rateHz()).withMatch(10_000, 36_000, Integer.parseInt(s.value("match.resultsSeconds")), 0);
        ArenaGame game = ArenaGame.of(GameMap.load(s.value("map")), rules, dev.skirmish.engine.spi.InterestArea.WHOLE_MAP,
                s.sim().snapshotRateHz());
        dev.skirmish.engine.spi.GameWorld<dev.skirmish.games.arena.sim.PlayerInput> world = game.newWorld(1);
        long[] kept = new long[2];
        dev.skirmish.engine.replay.RecordingWorld<dev.skirmish.games.arena.sim.PlayerInput> recording = null;
        if (record) {
            int hz = s.sim().rateHz();
            recording = new dev.skirmish.engine.replay.RecordingWorld<>(world, game,
                    new dev.skirmish.engine.replay.RecordingWorld.Source("arena", "bench", "bench", hz,
                            s.sim().snapshotRateHz(), Map.of()),
                    new dev.skirmish.engine.replay.RecordingWorld.Limits(5 * hz, 8L * hz, 5L * hz, 900L * hz, 16 << 20),
                    r -> {
                        kept[0]++;
                        kept[1] += r.body().length;
                    }, System::currentTimeMillis, () -> "bench");
            world = recording;
        }
        LocalRoom room = new LocalRoom("bench", "bench", players, world,
                new RoomConfig(s.sim().rateHz(), s.sim().snapshotRateHz(), s.input().maxPerTick(), Long.MAX_VALUE, 0));
        List<Seat> seats = new ArrayList<>();
        List<CountingConnection> conns = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            CountingConnection c = new CountingConnection();
            Seat seat = new Seat("p" + i, "player" + i, c, new InputQueue<>(s.input().queueCapacity(), 1_000_000, 1_000_000, 1_000_000, System::nanoTime));
            room.tryReserveSeat("p" + i);
            room.enqueueJoin(seat);
            seats.add(seat);
            conns.add(c);
        }
        SplittableRandom random = new SplittableRandom(7);
        int[] buttons = new int[players];
        double[] aim = new double[players];
        long seq = 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warmup = s.sim().rateHz() * 20;
        int measured = s.sim().rateHz() * 60;
        long cpuStart = 0;
        long wallStart = 0;
        long[] tickCpu = new long[measured];
        for (int t = 0; t < warmup + measured; t++) {
            if (t == warmup) {
                for (CountingConnection c : conns) {
                    c.frames = 0;
                    c.bytes = 0;
                    c.maxBytes = 0;
                }
                cpuStart = mx.getCurrentThreadCpuTime();
                wallStart = System.nanoTime();
            }
            seq++;
            for (int i = 0; i < players; i++) {
                if (random.nextInt(30) == 0) {
                    buttons[i] = random.nextInt(16);
                    aim[i] = random.nextDouble() * Math.PI * 2;
                }
                int b = buttons[i] | (random.nextInt(3) == 0 ? Buttons.FIRE : 0);
                NetcodeBenchmark.inputs(seats.get(i)).offer(seq, new PlayerInput(seq, b, aim[i]));
            }
            long before = t >= warmup ? mx.getCurrentThreadCpuTime() : 0;
            room.tick();
            if (t >= warmup) {
                tickCpu[t - warmup] = mx.getCurrentThreadCpuTime() - before;
            }
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpuStart;
        if (recording != null) {
            System.out.printf("  recorded for replays: %,d bytes held (operations and saved states of the match so far)%n",
                    recording.heldBytes());
        }
        long wall = System.nanoTime() - wallStart;
        Arrays.sort(tickCpu);
        long frames = conns.stream().mapToLong(c -> c.frames).sum();
        long bytes = conns.stream().mapToLong(c -> c.bytes).sum();
        int max = conns.stream().mapToInt(c -> c.maxBytes).max().orElse(0);
        double meanBytes = (double) bytes / frames;
        double headerBytes = meanBytes < 126 ? 2 : 4; // server-to-client WebSocket frame header, unmasked
        System.out.printf("%d players, %d ticks measured (%d s of game time):%n", players, measured,
                measured / s.sim().rateHz());
        System.out.printf("  CPU per tick: mean %.1f us, p50 %.1f us, p99 %.1f us, max %.1f us"
                        + " (wall %.1f us/tick; %.2f%% of the %d us tick period)%n",
                cpu / 1e3 / measured, tickCpu[measured / 2] / 1e3, tickCpu[(int) (measured * 0.99)] / 1e3,
                tickCpu[measured - 1] / 1e3, wall / 1e3 / measured,
                100.0 * cpu / measured / (1e9 / s.sim().rateHz()), 1_000_000 / s.sim().rateHz());
        System.out.printf("  snapshot per player: mean %.0f bytes, max %d bytes (%d entities typical);"
                        + " %.1f kbit/s per player at %d Hz incl. WebSocket header%n",
                meanBytes, max, players, (meanBytes + headerBytes) * 8 * s.sim().snapshotRateHz() / 1000, s.sim().snapshotRateHz());
        System.out.printf("  %d snapshots handed out (%d expected), protocol version %d%n", frames,
                (long) players * measured * s.sim().snapshotRateHz() / s.sim().rateHz(), Protocol.VERSION);
    }
}
