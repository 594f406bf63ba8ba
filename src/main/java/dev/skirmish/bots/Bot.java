package dev.skirmish.bots;

import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.InputSender;
import dev.skirmish.engine.spi.wire.StreamFrames;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One bot, of any game: says hello in the lobby, joins a room of its game like a browser, opens the game stream,
 * and lets its game's {@link dev.skirmish.engine.spi.BotPilot.Player} decode every frame and decide its inputs (the arena's runs, aims and
 * fires; a light cycle turns from walls and trails). It numbers and batches the inputs, measures what a player
 * would feel and records it into the swarm's {@link SwarmMetrics}.
 */
final class Bot {
    private static final int RING = 1024;

    private final int index;
    private final SwarmOptions options;
    private final SwarmMetrics metrics;
    private final HttpClient http;
    private final RoomPlan plan;
    private final dev.skirmish.engine.spi.BotPilot.Player player;

    private WsConnection lobby;
    private volatile WsConnection game;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>(256);
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private volatile boolean lobbyDone;
    private volatile boolean playing;
    private volatile boolean stopping;
    private long startNanos;

    // the game stream's listener thread
    private volatile dev.skirmish.engine.spi.BotPilot.Seen welcome;
    private boolean seenSnapshot;
    private long lastArrival;
    private long prevTick = -1;
    private double minOffsetMs = Double.MAX_VALUE;
    private long ackedUpTo;
    private boolean resyncAsked;

    // the swarm's clock thread
    private long seq;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
    /** Inputs decided but not sent yet (clock thread only): they go out {@code --inputs-per-frame} at a time. */
    private final java.util.List<byte[]> pending = new java.util.ArrayList<>(Protocol.MAX_INPUTS_PER_FRAME);
    private long pendingFirstSeq;
    private InputSender sender; // sending on change (options.inputsPerFrame() 0), made at the first step
    private final AtomicLongArray sentAt = new AtomicLongArray(RING);

    final AtomicLong bytesDown = new AtomicLong();
    final AtomicLong bytesUp = new AtomicLong();
    /** Byte counts when measuring began. */
    long bytesDownAtStart;
    long bytesUpAtStart;

    void markMeasuring() {
        bytesDownAtStart = bytesDown.get();
        bytesUpAtStart = bytesUp.get();
    }

    Bot(int index, SwarmOptions options, SwarmMetrics metrics, HttpClient http, RoomPlan plan) {
        this.index = index;
        this.options = options;
        this.metrics = metrics;
        this.http = http;
        this.plan = plan;
        this.player = BotGame.of(options.game()).player(index, new dev.skirmish.engine.spi.BotPilot.Settings(
                options.inputHz(), java.util.Map.of("fire", Boolean.toString(options.fire()))));
    }

    boolean playing() {
        return playing;
    }

    /** The snapshot rate the server announced, or 0 before the welcome. */
    int snapshotRateHz() {
        dev.skirmish.engine.spi.BotPilot.Seen w = welcome;
        return w == null ? 0 : w.snapshotRateHz();
    }

    /** Goes through the lobby into a room and waits for the game's WELCOME; blocking. False if it failed. */
    boolean join() {
        startNanos = System.nanoTime();
        try {
            lobby = WsConnection.open(http, options.ws(options.lobbyPath(index)), new LobbyHandler());
            Map<String, Object> hello = request("{\"type\":\"hello\",\"nickname\":" + Json.quote("bot" + index)
                    + ",\"protocol\":" + Protocol.VERSION + "}", "welcome");
            if (hello == null) {
                return false;
            }
            lobbySettings(hello);
            Map<String, Object> joined = joinRoom();
            if (joined == null) {
                return false;
            }
            lobbyDone = true;
            texts.clear();
            game = WsConnection.open(http, options.ws((String) joined.get("gamePath")), new GameHandler());
            game.sendBinary(new byte[]{(byte) Protocol.OP_PING, 0, 0, 0, 0}); // the client speaks first
            if (!welcomed.await(20, TimeUnit.SECONDS)) {
                return fail("no WELCOME within 20 s");
            }
            playing = true;
            metrics.connected.incrementAndGet();
            metrics.joined.incrementAndGet();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return fail(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** Hands the player its game's entry of the lobby welcome's settings (its input size, rates). */
    @SuppressWarnings("unchecked")
    private void lobbySettings(Map<String, Object> hello) {
        if (hello.get("settings") instanceof Map<?, ?> settings && settings.get("games") instanceof java.util.List<?> games) {
            for (Object g : games) {
                if (g instanceof Map<?, ?> m && options.game().equals(m.get("name"))) {
                    player.lobbySettings((Map<String, Object>) m);
                }
            }
        }
    }

    private Map<String, Object> joinRoom() throws InterruptedException {
        String rooms = options.rooms();
        String game = ",\"game\":" + Json.quote(options.game());
        if (rooms.equals("quick")) {
            return request("{\"type\":\"quickPlay\"" + game + "}", "joined");
        }
        if (rooms.startsWith("room:")) {
            return request("{\"type\":\"joinRoom\",\"roomId\":" + Json.quote(rooms.substring(5)) + "}", "joined");
        }
        int group = index % options.spread();
        CompletableFuture<String> room = plan.room(group);
        if (plan.claim(group)) {
            Map<String, Object> joined = request("{\"type\":\"createRoom\",\"name\":" + Json.quote("swarm-" + group)
                    + ",\"capacity\":" + options.roomCapacity() + game + "}", "joined");
            if (joined == null) {
                room.completeExceptionally(new IllegalStateException("the room could not be created"));
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) joined.get("room");
            room.complete((String) summary.get("id"));
            return joined;
        }
        String id;
        try {
            id = room.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            fail("no room to join in group " + group);
            return null;
        }
        return request("{\"type\":\"joinRoom\",\"roomId\":" + Json.quote(id) + "}", "joined");
    }

    /** Sends a lobby message and waits for the reply of the expected type (or an error), skipping pushes. */
    private Map<String, Object> request(String json, String expected) throws InterruptedException {
        lobby.sendText(json).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String text = texts.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (text == null) {
                fail("no " + expected + " from the lobby within 20 s");
                return null;
            }
            Map<String, Object> m = Json.object(text);
            Object type = m.get("type");
            if (expected.equals(type)) {
                return m;
            }
            if ("error".equals(type)) {
                fail("lobby error " + m.get("code"));
                return null;
            }
            if (!Protocol.LOBBY_PUSHES.contains(type)) {
                fail("unexpected lobby message " + type);
                return null;
            }
        }
    }

    private boolean fail(String why) {
        metrics.failedToJoin.incrementAndGet();
        metrics.closed("join failed: " + why);
        stop();
        return false;
    }

    /** One input step (the swarm's clock thread): the game decides, the input is numbered, batched and sent. */
    void input() {
        WsConnection g = game;
        if (!playing || g == null || welcome == null) {
            return;
        }
        if (options.inputsPerFrame() == 0) {
            inputOnChange(g);
            return;
        }
        if (pending.size() == Protocol.MAX_INPUTS_PER_FRAME) {
            metrics.inputsHeldBack.increment(); // the socket has not taken the previous frame for a while
            flush(g);
            return;
        }
        byte[] input = player.step();
        if (input == null) {
            flush(g); // nothing new: what waits goes when the socket takes it
            return;
        }
        long q = ++seq;
        sentAt.set((int) (q % RING), System.nanoTime()); // the round trip counts the time an input waits in a batch
        if (pending.isEmpty()) {
            pendingFirstSeq = q;
        }
        pending.add(input);
        if (player.urgent() || pending.size() >= options.inputsPerFrame()) {
            flush(g);
        }
    }

    /**
     * One input step sent on change, as the browser sends (protocol 9, {@link InputSender}): RUNS frames when the
     * input changes, a shot is due, or as a keep-alive. Like the browser, a step is skipped (not numbered) while the
     * socket has not taken the previous frame.
     */
    private void inputOnChange(WsConnection g) {
        if (!lastSend.isDone()) {
            metrics.inputsHeldBack.increment();
            return;
        }
        byte[] input = player.step();
        if (input == null) {
            return;
        }
        if (sender == null) {
            sender = new InputSender(InputSender.keepAliveTicks(options.inputHz()),
                    (int) Math.round(player.changeDelayMillis() * options.inputHz() / 1000.0), input.length,
                    player::sameRun);
        }
        long q = ++seq;
        sentAt.set((int) (q % RING), System.nanoTime());
        metrics.inputsSent.increment();
        for (byte[] frame : sender.tick(q, input, player.urgent())) {
            send(g, frame);
        }
    }

    private void send(WsConnection g, byte[] frame) {
        lastSend = g.sendBinary(frame);
        metrics.framesUp.increment();
        long wire = frame.length + 6L; // masked client frame header
        metrics.bytesUp.add(wire);
        bytesUp.addAndGet(wire);
    }

    /**
     * Sends the waiting inputs in one frame (INPUT for one, INPUTS for several) unless the socket has not taken the
     * previous frame yet; then they wait for the next input step.
     */
    private void flush(WsConnection g) {
        if (pending.isEmpty() || !lastSend.isDone()) {
            return;
        }
        byte[] frame = StreamFrames.encodeInputs(pendingFirstSeq, pending);
        metrics.inputsSent.add(pending.size());
        pending.clear();
        send(g, frame);
    }

    /** A whole binary frame from the game stream (its listener thread). */
    private void received(byte[] bytes) {
        long now = System.nanoTime();
        long wire = bytes.length + (bytes.length < 126 ? 2L : bytes.length < 65536 ? 4L : 10L);
        metrics.bytesDown.add(wire);
        bytesDown.addAndGet(wire);
        dev.skirmish.engine.spi.BotPilot.Seen f;
        try {
            f = player.decode(ByteBuffer.wrap(bytes));
        } catch (ProtocolException e) {
            metrics.errors.increment();
            metrics.closed("decode error: " + e.getMessage());
            if (!resyncAsked && game != null) {
                resyncAsked = true; // the next full snapshot brings a baseline back
                game.sendBinary(new byte[]{(byte) Protocol.OP_RESYNC});
            }
            return;
        }
        if (f.welcome()) {
            welcome = f;
            welcomed.countDown();
        } else if (f.snapshot()) {
            snapshot(f, now);
        }
    }

    private void snapshot(dev.skirmish.engine.spi.BotPilot.Seen s, long now) {
        dev.skirmish.engine.spi.BotPilot.Seen w = welcome;
        if (w == null) {
            return;
        }
        if (s.full()) {
            resyncAsked = false;
        }
        metrics.snapshots.increment();
        if (!seenSnapshot) {
            seenSnapshot = true;
            SwarmMetrics.record(metrics.join, (now - startNanos) / 1000);
        } else {
            SwarmMetrics.record(metrics.interArrival, (now - lastArrival) / 1000);
        }
        lastArrival = now;
        double tickMs = 1000.0 / w.simRateHz();
        double offset = now / 1e6 - s.tick() * tickMs;
        minOffsetMs = Math.min(minOffsetMs, offset);
        SwarmMetrics.record(metrics.staleness, (long) ((offset - minOffsetMs) * 1000));
        if (prevTick >= 0) {
            double step = (double) w.simRateHz() / w.snapshotRateHz();
            long gaps = Math.round((s.tick() - prevTick) / step) - 1;
            if (gaps > 0) {
                metrics.missing.add(gaps);
            }
        }
        prevTick = s.tick();
        long ack = s.ackSeq();
        for (long q = Math.max(ackedUpTo + 1, ack - RING + 1); q <= ack; q++) {
            long t = sentAt.getAndSet((int) (q % RING), 0);
            if (t != 0) {
                SwarmMetrics.record(metrics.rtt, (now - t) / 1000);
            }
        }
        ackedUpTo = Math.max(ackedUpTo, ack);
    }

    /** Leaves: closes both streams normally; closes after this are not counted as disconnects. */
    void stop() {
        stopping = true;
        if (playing) {
            playing = false;
            metrics.connected.decrementAndGet();
        }
        WsConnection g = game;
        if (g != null) {
            g.sendClose(WebSocket.NORMAL_CLOSURE, "swarm done");
        }
        if (lobby != null) {
            lobby.sendClose(WebSocket.NORMAL_CLOSURE, "swarm done");
        }
    }

    /** A stream closed without the bot asking; only the game stream's loss ends its play. */
    private void lost(String what, boolean gameStream) {
        if (stopping) {
            return;
        }
        metrics.closed(what);
        if (gameStream && playing) {
            playing = false;
            metrics.connected.decrementAndGet();
        }
    }

    /**
     * A stream's close as the report counts it: its code and reason, or the kind of failure without its message
     * (messages name addresses and ports; the report groups by this text).
     */
    private static String describe(String stream, int code, String reason) {
        String why = reason == null ? "" : code == WsConnection.NO_CLOSE_FRAME ? reason.split(":", 2)[0] : reason;
        return stream + (code == WsConnection.NO_CLOSE_FRAME ? " error" : " " + code) + (why.isEmpty() ? "" : " " + why);
    }

    private final class LobbyHandler implements WsConnection.Handler {
        @Override
        public void text(String message) {
            if (!lobbyDone && !texts.offer(message)) {
                metrics.errors.increment();
            }
        }

        @Override
        public void closed(int code, String reason) {
            lost(describe("lobby", code, reason), false);
        }
    }

    private final class GameHandler implements WsConnection.Handler {
        @Override
        public void binary(byte[] message) {
            received(message);
        }

        @Override
        public void text(String message) {
            metrics.errors.increment();
        }

        @Override
        public void closed(int code, String reason) {
            lost(describe("game", code, reason), true);
        }
    }
}
