package dev.skirmish.web;

import dev.skirmish.lobby.LobbySink;
import dev.skirmish.protocol.CloseCodes;
import dev.skirmish.room.GameConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The send path of one WebSocket session. At most one frame is in flight (Tyrus would otherwise queue
 * asynchronous sends without bound). Snapshots are dropped while a frame is in flight ("newest wins");
 * control frames (welcome, pong, lobby replies) wait in a bounded queue and overflowing it closes the
 * session with 4002. Never blocks the caller: sends are asynchronous and closes run on an executor.
 */
public final class SessionOutbox implements GameConnection, LobbySink {
    private static final ClassLoader SEND_CONTEXT_LOADER = ClassLoader.getPlatformClassLoader();
    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final int controlCapacity;
    private final Executor closer;
    private final ArrayDeque<Object> control = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closed;
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile long lastHeardNanos = System.nanoTime();
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap(new byte[]{'s', 'k'}).asReadOnlyBuffer();
    private final AtomicLong skipped = new AtomicLong();

    public SessionOutbox(Session session, int controlCapacity, Executor closer) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.controlCapacity = controlCapacity;
        this.closer = closer;
    }

    @Override
    public boolean offerSnapshot(ByteBuffer frame) {
        synchronized (this) {
            if (closed || inFlight) {
                skipped.incrementAndGet();
                return false;
            }
            inFlight = true;
        }
        send(frame);
        return true;
    }

    @Override
    public void sendControl(byte[] frame) {
        enqueue(ByteBuffer.wrap(frame));
    }

    /** Queues a text frame (lobby replies and pushes). */
    public void sendText(String text) {
        enqueue(text);
    }

    @Override
    public void send(String json) {
        enqueue(json);
    }

    /** Records that the peer sent something (a message or a pong). */
    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    public long lastHeardNanos() {
        return lastHeardNanos;
    }

    public boolean isClosed() {
        synchronized (this) {
            return closed;
        }
    }

    /** Sends a WebSocket ping; a failure is left to the heartbeat to notice. */
    public void ping() {
        if (isClosed()) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SEND_CONTEXT_LOADER);
        try {
            remote.sendPing(PING_PAYLOAD.duplicate());
        } catch (IOException | RuntimeException e) {
            // the connection is failing; the heartbeat closes it when its silence runs out
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void enqueue(Object frame) {
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (inFlight) {
                if (control.size() < controlCapacity) {
                    control.addLast(frame);
                    return;
                }
                overflow = true;
            } else {
                inFlight = true;
            }
        }
        if (overflow) {
            close(CloseCodes.SLOW_CLIENT, CloseCodes.SLOW_CLIENT.reason());
        } else {
            send(frame);
        }
    }

    /**
     * Hands one frame to Tyrus. Tyrus 2.1 reschedules its idle-timeout task on every send, and Payara captures
     * the caller's context for that task with a {@code ServiceLoader} scan through the thread's context class
     * loader: with the web application's loader that scan walks every jar of the server and was about half of
     * the tick thread's CPU time (JFR, 16 players). The send needs no application classes, so the context class
     * loader is the platform loader for the duration of the call.
     */
    private void send(Object frame) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SEND_CONTEXT_LOADER);
        try {
            if (frame instanceof ByteBuffer b) {
                remote.sendBinary(b, this::completed);
            } else {
                remote.sendText((String) frame, this::completed);
            }
        } catch (RuntimeException e) {
            completed(new SendResult(e));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void completed(SendResult result) {
        if (!result.isOK()) {
            sendErrors.incrementAndGet();
        }
        Object next;
        synchronized (this) {
            next = closed ? null : control.pollFirst();
            if (next == null) {
                inFlight = false;
            }
        }
        if (next != null) {
            send(next);
        }
    }

    @Override
    public void close(CloseCodes code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            control.clear();
        }
        CloseReason why = new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), truncate(reason));
        closer.execute(() -> {
            try {
                if (session.isOpen()) {
                    session.close(why);
                }
            } catch (IOException | RuntimeException e) {
                // the peer is gone already; nothing left to tell it
            }
        });
    }

    /** Snapshots skipped because the previous frame was still in flight. */
    public long skipped() {
        return skipped.get();
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    /** Close reasons are limited to 123 bytes of UTF-8 by RFC 6455. */
    static String truncate(String reason) {
        String r = reason == null ? "" : reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
