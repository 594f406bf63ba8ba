package dev.skirmish.tools;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.ServerDecoder;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.engine.room.GameConnection;
import dev.skirmish.engine.room.InputQueue;
import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.RoomConfig;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.Seat;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.ArenaGame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bandwidth of the delta snapshots, on the real room code without a network: N bots in one room, each
 * decoding its own snapshots with the client's decoder ({@link ServerDecoder}) and aiming at the nearest
 * player it sees. Prints, per client snapshot: bytes (and kbit/s with WebSocket frame headers at the snapshot
 * rate), the size of a naive full float32 encoding of the same state for comparison, the size of a snapshot
 * in which nothing changed, the encode cost, and the saving from interest management on a big map.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=dev.skirmish.tools.NetcodeBenchmark</pre>
 */
public final class NetcodeBenchmark {
    private static final int SIM_HZ = 60;
    /** Naive encoding: header (op, tick, ack, f32 vx, vy, phase, u32 phase end, u16 count) and, per entity,
     * u16 id, u8 kind, f32 x, y, angle, u8 health, u8 flags. Events and roster as in the real frame. */
    private static final int NAIVE_HEADER = 1 + 4 + 4 + 4 + 4 + 1 + 4 + 2;
    private static final int NAIVE_ENTITY = 2 + 1 + 4 + 4 + 4 + 1 + 1;

    private NetcodeBenchmark() {
    }

    /** A bot: its connection decodes every frame like a client; it moves, turns and aims at the nearest. */
    private static final class Bot implements GameConnection {
        final ServerDecoder decoder = new ServerDecoder();
        final SplittableRandom random;
        int selfId;
        int buttons;
        int holdTicks;
        double aim;
        long seq;
        Seat seat;
        boolean measuring;
        final List<Integer> sizes = new ArrayList<>();
        long naiveBytes;
        long entitiesSeen;
        long rosterAndEventBytes;
        ServerFrame.Snapshot last;

        Bot(long seed) {
            random = new SplittableRandom(seed);
        }

        @Override
        public boolean offerSnapshot(ByteBuffer frame) {
            int n = frame.remaining();
            ServerFrame.Snapshot s = (ServerFrame.Snapshot) decode(frame);
            last = s;
            if (measuring) {
                sizes.add(n);
                naiveBytes += NAIVE_HEADER + (long) NAIVE_ENTITY * s.entities().size()
                        + Math.max(0, eventsAndRosterBytes(s));
                entitiesSeen += s.entities().size();
                rosterAndEventBytes += eventsAndRosterBytes(s);
            }
            return true;
        }

        @Override
        public void sendControl(byte[] frame) {
            ServerFrame f = decode(ByteBuffer.wrap(frame));
            if (f instanceof ServerFrame.Welcome w) {
                selfId = w.selfId();
            }
        }

        @Override
        public void close(CloseCodes code, String reason) {
            throw new IllegalStateException("closed: " + code + " " + reason);
        }

        private ServerFrame decode(ByteBuffer frame) {
            try {
                return decoder.decode(frame);
            } catch (ProtocolException e) {
                throw new IllegalStateException("bot could not decode a frame", e);
            }
        }

        PlayerInput next(boolean move, boolean fire) {
            if (move && --holdTicks <= 0) {
                int[] dirs = {Buttons.UP, Buttons.DOWN, Buttons.LEFT, Buttons.RIGHT, Buttons.UP | Buttons.LEFT,
                        Buttons.UP | Buttons.RIGHT, Buttons.DOWN | Buttons.LEFT, Buttons.DOWN | Buttons.RIGHT};
                buttons = dirs[random.nextInt(dirs.length)];
                holdTicks = 30 + random.nextInt(60);
            }
            if (move && last != null) {
                ServerFrame.Entity self = last.entity(selfId);
                double best = Double.MAX_VALUE;
                for (ServerFrame.Entity e : last.entities()) {
                    if (self != null && e.kind() == 1 && e.id() != selfId) {
                        double d = Math.hypot(e.x() - self.x(), e.y() - self.y());
                        if (d < best) {
                            best = d;
                            double a = Math.atan2(e.y() - self.y(), e.x() - self.x());
                            aim = a < 0 ? a + 2 * Math.PI : a;
                        }
                    }
                }
            }
            int b = (move ? buttons : 0) | (fire && random.nextInt(3) == 0 ? Buttons.FIRE : 0);
            return new PlayerInput(++seq, b, aim % (2 * Math.PI));
        }
    }

    /** Bytes the events and a full roster take in a frame (the naive encoding re-sends the whole roster). */
    private static int eventsAndRosterBytes(ServerFrame.Snapshot s) {
        int n = 0;
        for (var e : s.events()) {
            n += e instanceof dev.skirmish.games.arena.sim.GameEvent.Hit ? 7 : e instanceof dev.skirmish.games.arena.sim.GameEvent.Kill ? 5
                    : e instanceof dev.skirmish.games.arena.sim.GameEvent.Respawn ? 7 : 6;
        }
        if (s.roster() != null) {
            n += 4;
            for (var p : s.roster().players()) {
                n += 7 + p.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private record Result(double meanBytes, int p99Bytes, int maxBytes, double naiveMean, double entitiesMean,
                          double kbitPerSecond, DurationHistogram.View encode, long fulls, double eventRosterMean) {
    }

    @SuppressWarnings("unchecked")
    static InputQueue<PlayerInput> inputs(Seat seat) {
        return (InputQueue<PlayerInput>) seat.inputs();
    }

    private static Result run(String mapName, int players, int snapshotHz, InterestArea area, boolean move,
                              boolean fire, int measureTicks) {
        GameMap map = GameMap.load(mapName);
        SimRules rules = SimRules.defaults(SIM_HZ).withMatch(10_000, 36_000, 8, 0);
        LocalRoom room = new LocalRoom("bench", "bench", players, ArenaGame.of(map, rules, area, snapshotHz).newWorld(1),
                new RoomConfig(SIM_HZ, snapshotHz, 3, Long.MAX_VALUE, 0, area));
        long[] clock = {0};
        List<Bot> bots = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            Bot bot = new Bot(i + 1);
            room.tryReserveSeat("p" + i);
            bot.seat = new Seat("p" + i, "bot" + i, bot, new InputQueue<>(32, 120, 60, 60, () -> clock[0]));
            room.enqueueJoin(bot.seat);
            bots.add(bot);
        }
        int warmup = SIM_HZ * 5;
        DurationHistogram.View before = null;
        long fullsBefore = 0;
        for (int t = 0; t < warmup + measureTicks; t++) {
            if (t == warmup) {
                bots.forEach(b -> b.measuring = true);
                before = room.encodeNanos().view();
                fullsBefore = room.fullSnapshots();
            }
            clock[0] += 1_000_000_000L / SIM_HZ;
            for (Bot b : bots) {
                PlayerInput in = b.next(move || t < warmup - SIM_HZ, fire);
                inputs(b.seat).offer(in.seq(), in);
            }
            room.tick();
        }
        DurationHistogram.View encode = room.encodeNanos().view().since(before);
        int[] all = bots.stream().flatMap(b -> b.sizes.stream()).mapToInt(Integer::intValue).sorted().toArray();
        double mean = Arrays.stream(all).average().orElse(0);
        double naive = bots.stream().mapToLong(b -> b.naiveBytes).sum() / (double) all.length;
        double entities = bots.stream().mapToLong(b -> b.entitiesSeen).sum() / (double) all.length;
        double wire = Arrays.stream(all).mapToDouble(n -> n + (n < 126 ? 2 : 4)).average().orElse(0);
        return new Result(mean, all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)],
                all[all.length - 1], naive, entities, wire * 8 * snapshotHz / 1000, encode,
                room.fullSnapshots() - fullsBefore,
                bots.stream().mapToLong(b -> b.rosterAndEventBytes).sum() / (double) all.length);
    }

    private static void print(String label, Result r) {
        System.out.printf("%-52s %6.1f B mean, p99 %4d, max %4d | %5.1f kbit/s with WS headers | naive %6.1f B"
                        + " (ours %4.1f%%) | %4.1f entities, %5.1f B naive events+roster | encode %.1f us mean, p99 %.0f us%n",
                label, r.meanBytes(), r.p99Bytes(), r.maxBytes(), r.kbitPerSecond(), r.naiveMean(),
                100 * r.meanBytes() / r.naiveMean(), r.entitiesMean(), r.eventRosterMean(), r.encode().meanNanos() / 1000,
                r.encode().percentileNanos(0.99) / 1000.0);
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int ticks = seconds * SIM_HZ;
        InterestArea view = new InterestArea(1600, 1000, 160);
        System.out.printf("NetcodeBenchmark: %d s of game time per line, Java %s, %d cores%n", seconds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        print("32 moving players in view (yard), 30 Hz", run("yard", 32, 30, InterestArea.WHOLE_MAP, true, false, ticks));
        print("32 moving players in view (yard), 60 Hz", run("yard", 32, 60, InterestArea.WHOLE_MAP, true, false, ticks));
        print("32 players moving and firing (yard), 30 Hz", run("yard", 32, 30, InterestArea.WHOLE_MAP, true, true, ticks));
        print("32 players standing still (yard), 30 Hz", run("yard", 32, 30, InterestArea.WHOLE_MAP, false, false, ticks));
        print("64 players firing (arena), whole map, 30 Hz", run("arena", 64, 30, InterestArea.WHOLE_MAP, true, true, ticks));
        print("64 players firing (arena), interest 1600x1000+160, 30 Hz", run("arena", 64, 30, view, true, true, ticks));
    }
}
