package dev.skirmish.engine.web;

import dev.skirmish.engine.room.Games;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.RoomException;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.room.SeatTickets;
import dev.skirmish.engine.spi.wire.InputSender;
import dev.skirmish.engine.spi.wire.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Warms a fresh node before it says ready (README.md, "Warm-up"): a fresh JVM runs the hot paths (the
 * container's WebSocket reads, the tick, the snapshot encoders) interpreted or half-compiled for its first tens of
 * seconds under load, and delivered a third to a half of its snapshots on time meanwhile. So on the first health
 * request (a balancer polls from the start) the node plays {@code warmup.players} synthetic players against itself
 * over loopback for {@code warmup.seconds}: real game streams through the real endpoint into private rooms of the
 * default game, sending on change like the browser ({@code Game.warmupInput}), reading every snapshot. {@code /health/ready} says {@code warming} (503) until it
 * ends; players who come meanwhile (the run command's page) play as usual. The warm-up's rooms are private (not
 * listed) and left out of {@code skirmish_rooms} and {@code skirmish_players}; {@code skirmish_warmup_*} describe
 * it. {@code warmup.seconds=0} turns it off.
 */
@ApplicationScoped
public class Warmup {
    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());
    private static final int PER_ROOM = 32;

    /** Where the warm-up is. */
    public enum State { WAITING, WARMING, DONE }

    @Inject
    RoomService rooms;

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private final Set<String> roomIds = ConcurrentHashMap.newKeySet();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private volatile int clients;
    private volatile long startedNanos;
    private volatile long endedNanos;

    public State state() {
        return state.get();
    }

    /** Whether the node is warm: the warm-up ran, or it is off. */
    public boolean warm() {
        return state.get() == State.DONE || rooms.settings().server().warmupSeconds() == 0;
    }

    /** Whether a room is one of the warm-up's (left out of the player figures). */
    public boolean isWarmupRoom(String roomId) {
        return roomIds.contains(roomId);
    }

    /** Synthetic players connected now. */
    public int clients() {
        return clients;
    }

    /** Seconds the warm-up took (so far, while it runs; 0 before). */
    public double seconds() {
        long s = startedNanos;
        if (s == 0) {
            return 0;
        }
        long e = endedNanos;
        return ((e != 0 ? e : System.nanoTime()) - s) / 1e9;
    }

    /** Frames the warm-up's clients received and sent. */
    public long framesIn() {
        return framesIn.sum();
    }

    public long framesOut() {
        return framesOut.sum();
    }

    /**
     * Starts the warm-up once, against this node at {@code localPort} and {@code contextPath} (a health request's),
     * on a thread of its own; returns at once.
     */
    public void start(int localPort, String contextPath) {
        int seconds = rooms.settings().server().warmupSeconds();
        if (seconds == 0 || rooms.stopping() || !state.compareAndSet(State.WAITING, State.WARMING)) {
            return;
        }
        startedNanos = System.nanoTime();
        LOG.info(() -> "warm-up started: " + rooms.settings().server().warmupPlayers() + " synthetic players for "
                + seconds + " s before the node says ready (warmup.seconds, warmup.players)");
        URI base = URI.create("ws://127.0.0.1:" + localPort + contextPath + "/");
        Thread t = rooms.threadFactory().newThread(() -> run(base, seconds, rooms.settings().server().warmupPlayers()));
        t.setName("skirmish-warmup");
        t.setDaemon(true);
        t.start();
    }

    private void run(URI base, int seconds, int players) {
        List<Client> open = new ArrayList<>();
        List<Client> connecting = new ArrayList<>();
        String outcome = "done";
        try {
            RoomManager manager = rooms.manager();
            Games.Offered game = manager.offered(manager.defaultGame()).orElseThrow();
            int perRoom = Math.min(PER_ROOM, game.maxPlayers());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            LocalRoom room = null;
            for (int k = 0; k < players && !rooms.stopping(); k++) {
                if (k % perRoom == 0) {
                    room = manager.createRoom("warm-up", perRoom, true, game.name());
                    roomIds.add(room.id());
                }
                SeatTickets.Ticket ticket = manager.reserve(room, "warmup-" + k, "warm-up");
                connecting.add(new Client(http, base.resolve(RoomManager.gamePath("", room.id(), ticket.token())), game, k));
            }
            for (Client c : connecting) { // all handshakes at once, then each waited for
                c.connected();
                open.add(c);
                clients = open.size();
            }
            long deadline = startedNanos + TimeUnit.SECONDS.toNanos(seconds);
            long tickNanos = 1_000_000_000L / game.tickRateHz();
            long next = System.nanoTime();
            for (long tick = 1; System.nanoTime() < deadline && !rooms.stopping(); tick++) {
                for (Client c : open) {
                    c.step(tick);
                }
                next += tickNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    next = System.nanoTime(); // a cold node is slow: never run ticks back to back
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        } catch (RoomException | RuntimeException e) {
            outcome = "stopped early (" + e + ")";
            LOG.log(Level.WARNING, "warm-up stopped early; the node is ready anyway", e);
        } finally {
            for (String id : roomIds) {
                rooms.manager().closeRoom(id, "warm-up over"); // its streams are closed by the server
            }
            for (Client c : connecting) {
                c.close();
            }
            clients = 0;
            endedNanos = System.nanoTime();
            state.set(State.DONE);
            String o = outcome;
            LOG.info(() -> String.format("warm-up %s: %d synthetic players for %.1f s, %d frames received and %d sent;"
                    + " the node says ready", o, open.size(), seconds(), framesIn.sum(), framesOut.sum()));
        }
    }

    /** One synthetic player: a game stream over loopback, inputs on change. */
    private final class Client implements WebSocket.Listener {
        private final CompletableFuture<WebSocket> opening;
        private WebSocket socket;
        private final Games.Offered game;
        private final SplittableRandom random;
        private final InputSender sender;
        private CompletableFuture<WebSocket> lastSend;
        private long seq;
        private byte[] previous;

        Client(HttpClient http, URI uri, Games.Offered game, int index) {
            this.game = game;
            this.random = new SplittableRandom(index * 7919L + 17);
            this.sender = new InputSender(InputSender.keepAliveTicks(game.tickRateHz()),
                    Math.max(1, game.tickRateHz() / 10), game.game().inputBytes(), java.util.Arrays::equals);
            this.opening = http.newWebSocketBuilder().buildAsync(uri, this).orTimeout(20, TimeUnit.SECONDS);
        }

        /** Waits for the handshake and speaks first (a PING), as a client does. */
        void connected() {
            socket = opening.join();
            lastSend = socket.sendBinary(ByteBuffer.wrap(new byte[]{(byte) Protocol.OP_PING, 0, 0, 0, 0}), true);
            framesOut.increment();
        }

        /** One tick: the game's warm-up input, sent on change. */
        void step(long tick) {
            if (!lastSend.isDone() || socket.isOutputClosed()) {
                return; // the node has not taken the last frame yet: this tick is skipped, like a browser's
            }
            byte[] input = game.game().warmupInput(random, tick);
            boolean urgent = previous == null || input.length > 0 && input[0] != previous[0];
            previous = input;
            for (byte[] frame : sender.tick(++seq, input, urgent)) {
                lastSend = socket.sendBinary(ByteBuffer.wrap(frame), true);
                framesOut.increment();
            }
        }

        void close() {
            if (socket == null) {
                opening.cancel(true);
                return;
            }
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up over").orTimeout(2, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                socket.abort();
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
                framesIn.increment();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }
    }
}
