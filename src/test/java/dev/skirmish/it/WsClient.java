package dev.skirmish.it;

import dev.skirmish.bots.WsConnection;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.protocol.ServerDecoder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for the container tests, on the project's one client ({@link WsConnection}): records
 * every message and the close.
 */
public final class WsClient implements WsConnection.Handler, AutoCloseable {
    /**
     * A received binary frame with its arrival time, decoded on arrival in stream order (snapshots are deltas
     * against the previous one); {@code error} is set instead of {@code frame} when it did not decode.
     */
    public record Frame(long receivedNanos, byte[] bytes, ServerFrame frame, ProtocolException error) {
        public ServerFrame decode() throws ProtocolException {
            if (error != null) {
                throw error;
            }
            return frame;
        }
    }

    private final ServerDecoder decoder = new ServerDecoder();

    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>(10_000);
    public final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>(100_000);
    /** The close code ({@link WsConnection#NO_CLOSE_FRAME} when the connection failed without one). */
    public final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    public volatile String closeReason;
    private final WsConnection socket;
    /** The welcome this lobby connection got, when it said hello through {@code ItClients}. */
    public JsonObject welcome;

    private WsClient(URI uri, HttpClient http) {
        try {
            this.socket = WsConnection.open(http, uri, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri, e);
        }
    }

    /** Connects through a client of its own (its own threads, as a separate browser would). */
    public static WsClient connect(URI uri) {
        return new WsClient(uri, HttpClient.newHttpClient());
    }

    /**
     * The HTTP status with which the server refused the WebSocket handshake, or 101 when it accepted it (that
     * connection is then dropped).
     */
    public static int handshakeStatus(URI uri) {
        try {
            return WsConnection.handshakeStatus(HttpClient.newHttpClient(), uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects through a shared client (its threads serve many connections). */
    public static WsClient connect(URI uri, HttpClient http) {
        return new WsClient(uri, http);
    }

    @Override
    public void text(String message) {
        texts.offer(message);
    }

    @Override
    public void binary(byte[] bytes) {
        long now = System.nanoTime();
        ServerFrame f = null;
        ProtocolException error = null;
        try {
            f = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (ProtocolException e) {
            error = e;
        }
        frames.offer(new Frame(now, bytes, f, error));
    }

    @Override
    public void closed(int code, String reason) {
        closeReason = reason;
        closeCode.complete(new int[]{code});
    }

    public void sendText(String text) {
        socket.sendText(text).join();
    }

    public void sendBinary(byte[] bytes) {
        try {
            socket.sendBinary(bytes).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new AssertionError("cannot send: the connection closed with " + closeCode.getNow(new int[]{0})[0]
                    + " " + closeReason, e);
        }
    }

    /** Lobby pushes seen by {@link #request} while it waited for a reply, oldest first. */
    public final java.util.List<JsonObject> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Sends a JSON message and returns its reply; pushes arriving meanwhile go to {@link #pushes}. */
    public JsonObject request(String json) throws InterruptedException {
        sendText(json);
        while (true) {
            JsonObject o = nextJson();
            String type = o.getString("type", "");
            if (Protocol.LOBBY_PUSHES.contains(type)) {
                pushes.add(o);
                continue;
            }
            return o;
        }
    }

    public JsonObject nextJson() throws InterruptedException {
        String t = texts.poll(10, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("no lobby message within 10 s");
        }
        return Json.createReader(new StringReader(t)).readObject();
    }

    /** Waits for a push of {@code type} matching {@code filter}, looking at those already seen first. */
    public JsonObject awaitPush(String type, Predicate<JsonObject> filter, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (JsonObject o : pushes) {
            if (o.getString("type", "").equals(type) && filter.test(o)) {
                pushes.remove(o);
                return o;
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            String t = texts.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new AssertionError("no " + type + " push within " + timeoutMillis + " ms; saw " + pushes);
            }
            JsonObject o = Json.createReader(new StringReader(t)).readObject();
            if (o.getString("type", "").equals(type) && filter.test(o)) {
                return o;
            }
            pushes.add(o);
        }
    }

    /** Waits for the next decoded server frame matching {@code filter}. */
    public <T extends ServerFrame> T next(Class<T> type, Predicate<T> filter, long timeoutMillis)
            throws InterruptedException, ProtocolException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            long left = deadline - System.nanoTime();
            Frame f = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no matching " + type.getSimpleName() + " within " + timeoutMillis + " ms");
            }
            ServerFrame sf = f.decode();
            if (type.isInstance(sf) && filter.test(type.cast(sf))) {
                return type.cast(sf);
            }
        }
    }

    /** Waits for the server to close and returns the close code. */
    public int awaitClose(long timeoutMillis) throws Exception {
        return closeCode.get(timeoutMillis, TimeUnit.MILLISECONDS)[0];
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Drops the connection without a close handshake, as a network failure or a killed tab would. */
    public void abort() {
        socket.abort();
    }

    /** Closes with the full handshake: sends a close, waits up to 2 s for the server's, then drops the socket. */
    @Override
    public void close() {
        socket.close();
    }
}
