package dev.skirmish.bots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket connection through the JDK's client, the one the bots, the tools and the tests all use. It puts
 * fragments back together (a message is handed over whole, at most {@link #MAX_MESSAGE_BYTES}), asks for the next
 * message after each, and reports the close once: the server's code and reason, or {@link #NO_CLOSE_FRAME} when
 * the connection failed or was dropped without one. What to do with a message is the {@link Handler}'s job.
 *
 * <p>The JDK allows one send in flight per connection: a caller that sends from several threads, or faster than
 * the socket takes frames, waits for the future of its previous send (the bots skip a beat instead).
 */
public final class WsConnection implements AutoCloseable {
    /** The close code reported when no close frame came (an error, a reset, an abort). */
    public static final int NO_CLOSE_FRAME = -1;
    /** The largest message taken; a bigger one drops the connection (the server's frames are far smaller). */
    public static final int MAX_MESSAGE_BYTES = 4 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final long HANDSHAKE_SECONDS = 20;

    /** What arrives on a connection, called on the client's thread for it, one call at a time. */
    public interface Handler {
        /** A whole text message. */
        default void text(String message) {
        }

        /** A whole binary message (the array is the handler's to keep). */
        default void binary(byte[] message) {
        }

        /** The connection closed: the server's code and reason, or {@link #NO_CLOSE_FRAME} and what failed. */
        default void closed(int code, String reason) {
        }
    }

    private final Listener listener;
    private final WebSocket socket;

    private WsConnection(Listener listener, WebSocket socket) {
        this.listener = listener;
        this.socket = socket;
    }

    /** Opens a connection; the handshake may take up to 20 s. A refused handshake throws with its HTTP status. */
    public static WsConnection open(HttpClient http, URI uri, Handler handler) throws IOException {
        try {
            return openAsync(http, uri, handler).get(HANDSHAKE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no handshake within " + HANDSHAKE_SECONDS + " s: " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + uri, e);
        }
    }

    /** Opens a connection without waiting (for opening many at once). */
    public static CompletableFuture<WsConnection> openAsync(HttpClient http, URI uri, Handler handler) {
        Listener listener = new Listener(handler);
        return http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, listener)
                .thenApply(ws -> new WsConnection(listener, ws));
    }

    /** The HTTP status with which a server refused the handshake, or 101 when it accepted it (then dropped). */
    public static int handshakeStatus(HttpClient http, URI uri) throws IOException {
        try {
            open(http, uri, new Handler() { }).abort();
            return 101;
        } catch (WebSocketHandshakeException e) {
            return e.getResponse().statusCode();
        }
    }

    public CompletableFuture<WebSocket> sendText(String text) {
        return socket.sendText(text, true);
    }

    public CompletableFuture<WebSocket> sendBinary(byte[] bytes) {
        return socket.sendBinary(ByteBuffer.wrap(bytes), true);
    }

    /** Sends a close frame unless one went already; does not wait for the server's. */
    public void sendClose(int code, String reason) {
        if (!socket.isOutputClosed()) {
            socket.sendClose(code, reason).exceptionally(e -> null);
        }
    }

    /** Completes with the close code once the connection closed ({@link #NO_CLOSE_FRAME} without a close frame). */
    public CompletableFuture<Integer> closed() {
        return listener.closed;
    }

    /** The reason of the close (or what failed), null while open. */
    public String closeReason() {
        return listener.reason;
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !listener.closed.isDone();
    }

    /** True once this side sent a close or the connection failed. */
    public boolean isOutputClosed() {
        return socket.isOutputClosed();
    }

    /** Drops the connection without a close handshake, as a network failure or a killed tab would. */
    public void abort() {
        socket.abort();
        listener.report(NO_CLOSE_FRAME, "aborted");
    }

    /** Closes with the handshake: sends 1000, waits up to 2 s for the server's close, then drops the socket. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            sendClose(WebSocket.NORMAL_CLOSURE, "done");
            try {
                listener.closed.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | CompletionException e) {
                // no answer: drop it anyway
            }
        }
        abort();
    }

    /** The JDK listener: whole messages to the handler, one close report. */
    private static final class Listener implements WebSocket.Listener {
        private final Handler handler;
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder textPart = new StringBuilder();
        private final ByteArrayOutputStream binaryPart = new ByteArrayOutputStream();
        private volatile String reason;

        Listener(Handler handler) {
            this.handler = handler;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (last && textPart.length() == 0) {
                handler.text(data.toString());
            } else if (textPart.length() + data.length() > MAX_MESSAGE_BYTES) {
                tooBig(ws);
                return null;
            } else {
                textPart.append(data);
                if (last) {
                    String whole = textPart.toString();
                    textPart.setLength(0);
                    handler.text(whole);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (last && binaryPart.size() == 0) {
                byte[] whole = new byte[data.remaining()];
                data.get(whole);
                handler.binary(whole);
            } else if (binaryPart.size() + data.remaining() > MAX_MESSAGE_BYTES) {
                tooBig(ws);
                return null;
            } else {
                byte[] part = new byte[data.remaining()];
                data.get(part);
                binaryPart.writeBytes(part);
                if (last) {
                    byte[] whole = binaryPart.toByteArray();
                    binaryPart.reset();
                    handler.binary(whole);
                }
            }
            ws.request(1);
            return null;
        }

        private void tooBig(WebSocket ws) {
            ws.abort();
            report(NO_CLOSE_FRAME, "a message over " + MAX_MESSAGE_BYTES + " bytes");
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String why) {
            report(code, why);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            report(NO_CLOSE_FRAME, error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        }

        synchronized void report(int code, String why) {
            if (closed.isDone()) {
                return;
            }
            reason = why;
            closed.complete(code);
            handler.closed(code, why);
        }
    }
}
