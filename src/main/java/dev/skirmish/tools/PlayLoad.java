package dev.skirmish.tools;

import dev.skirmish.bots.WsConnection;
import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, honest load: N clients go through the lobby into one room and play (random movement, aiming and
 * firing, one input per simulation tick) for a while; then it prints what they received. Meant for measuring
 * the server at a known player count (its log reports tick time every {@code metrics.reportSeconds}); the
 * bot swarm with full game-level reports is a separate tool.
 *
 * <pre>java -cp target/classes dev.skirmish.tools.PlayLoad [--url ws://localhost:8080/] [--players 16] [--seconds 60]</pre>
 */
public final class PlayLoad {
    private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    private PlayLoad() {
    }

    /** One playing client: a lobby connection and a game connection. */
    private static final class Client {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>(10_000);
        final AtomicLong snapshots = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final dev.skirmish.games.arena.protocol.ServerDecoder decoder = new dev.skirmish.games.arena.protocol.ServerDecoder();
        volatile long lastAck;
        long snapshotsAtStart;
        volatile boolean closed;
        WsConnection lobby;
        WsConnection game;
        CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
        long seq;
        int buttons;
        double aim;

        final WsConnection.Handler lobbyHandler = new WsConnection.Handler() {
            @Override
            public void text(String message) {
                texts.offer(message);
            }
        };

        final WsConnection.Handler gameHandler = new WsConnection.Handler() {
            @Override
            public void binary(byte[] message) {
                bytes.addAndGet(message.length);
                try {
                    if (decoder.decode(ByteBuffer.wrap(message)) instanceof ServerFrame.Snapshot s) {
                        snapshots.incrementAndGet();
                        lastAck = s.ackSeq();
                    }
                } catch (ProtocolException e) {
                    System.err.println("undecodable frame: " + e.getMessage());
                }
            }

            @Override
            public void closed(int code, String reason) {
                closed = true;
            }
        };

        /** Sends a lobby request and returns its reply, skipping the pushes that arrive meanwhile. */
        String request(String json) throws InterruptedException {
            lobby.sendText(json).join();
            while (true) {
                String reply = texts.poll(10, TimeUnit.SECONDS);
                if (reply == null) {
                    throw new IllegalStateException("no lobby reply to " + json);
                }
                if (!Protocol.LOBBY_PUSHES.contains(field(reply, "type"))) {
                    return reply;
                }
            }
        }
    }

    static String field(String json, String name) {
        Matcher m = STRING_FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no field " + name + " in " + json);
    }

    public static void main(String[] args) throws Exception {
        String url = "ws://localhost:8080/";
        int players = 16;
        int seconds = 60;
        int rateHz = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1].endsWith("/") ? args[i + 1] : args[i + 1] + "/";
                case "--players" -> players = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--input-hz" -> rateHz = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Client> clients = new ArrayList<>();
        String roomId = null;
        for (int i = 0; i < players; i++) {
            Client c = new Client();
            c.lobby = WsConnection.open(http, URI.create(url + "ws/lobby"), c.lobbyHandler);
            c.request("{\"type\":\"hello\",\"nickname\":\"load" + i + "\",\"protocol\":" + Protocol.VERSION + "}");
            String joined = roomId == null
                    ? c.request("{\"type\":\"createRoom\",\"name\":\"Load test\",\"capacity\":" + Math.max(2, players) + "}")
                    : c.request("{\"type\":\"joinRoom\",\"roomId\":\"" + roomId + "\"}");
            if (!joined.contains("\"joined\"")) {
                throw new IllegalStateException("could not join: " + joined);
            }
            roomId = roomId == null ? joined.replaceAll(".*\"room\":\\{\"id\":\"([^\"]+)\".*", "$1") : roomId;
            c.game = WsConnection.open(http, URI.create(url + field(joined, "gamePath")), c.gameHandler);
            c.game.sendBinary(ClientFrames.encode(new ClientFrame.Ping(0))).join();
            clients.add(c);
        }
        System.out.printf("%d players in room %s; playing for %d s%n", players, roomId, seconds);
        SplittableRandom random = new SplittableRandom(11);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            for (Client c : clients) {
                if (c.closed || !c.lastSend.isDone()) {
                    continue;
                }
                if (random.nextInt(30) == 0) {
                    c.buttons = random.nextInt(16);
                    c.aim = random.nextDouble() * Math.PI * 2;
                }
                int b = c.buttons | (random.nextInt(3) == 0 ? Buttons.FIRE : 0);
                c.lastSend = c.game.sendBinary(ClientFrames.encode(
                        new ClientFrame.Input(++c.seq, b, Quant.toAngle16(c.aim))));
            }
        }, 0, 1_000_000 / rateHz, TimeUnit.MICROSECONDS);
        clients.forEach(c -> c.snapshotsAtStart = c.snapshots.get());
        long start = System.nanoTime();
        long before = clients.stream().mapToLong(c -> c.snapshots.get()).sum();
        long bytesBefore = clients.stream().mapToLong(c -> c.bytes.get()).sum();
        for (int s = 1; s <= seconds; s++) {
            Thread.sleep(1000);
            if (s % 10 == 0) {
                long snaps = clients.stream().mapToLong(c -> c.snapshots.get()).sum() - before;
                System.out.printf("  %3d s: %.1f snapshots/s per player%n", s, snaps / ((System.nanoTime() - start) / 1e9) / players);
            }
        }
        ticker.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long snaps = clients.stream().mapToLong(c -> c.snapshots.get()).sum() - before;
        long bytes = clients.stream().mapToLong(c -> c.bytes.get()).sum() - bytesBefore;
        long closed = clients.stream().filter(c -> c.closed).count();
        double minRate = clients.stream().mapToDouble(c -> (c.snapshots.get() - c.snapshotsAtStart) / elapsed).min().orElse(0);
        System.out.printf("result: %d players, %.1f s: %.2f snapshots/s per player (lowest %.2f), %.0f bytes per snapshot,"
                        + " %.1f kB/s down per player, %d closed early, inputs acknowledged up to %d%n",
                players, elapsed, snaps / elapsed / players, minRate, (double) bytes / Math.max(1, snaps),
                bytes / elapsed / players / 1000, closed, clients.get(0).lastAck);
        for (Client c : clients) {
            c.game.sendClose(1000, "load done");
            c.lobby.sendClose(1000, "load done");
        }
        Thread.sleep(500);
        System.exit(closed == 0 ? 0 : 1);
    }
}
