package dev.skirmish.engine.web;

import dev.skirmish.engine.limits.ReadReceipts;
import dev.skirmish.engine.lobby.LobbySink;
import dev.skirmish.engine.netsim.DelayLine;
import dev.skirmish.engine.netsim.DelayModel;
import dev.skirmish.engine.netsim.NetConditions;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.room.GameConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The send path of one WebSocket session. Nothing is sent before the peer's first frame ({@link #open()}):
 * a frame written by another thread while the container is still completing the upgrade (the HTTP 101 has
 * not been flushed) broke Payara's connection handling, so the protocol has the client speak first. At most one frame is in flight (Tyrus would otherwise queue
 * asynchronous sends without bound). Snapshots are dropped while a frame is in flight ("newest wins");
 * control frames (welcome, pong, lobby replies) wait in a {@link ControlQueue} bounded in frames and bytes, and
 * overflowing it closes the session with 4002. A completed send does not mean the client has the frame (Grizzly queues
 * megabytes per connection and reports success), so pings carry ids and their pongs are read receipts
 * ({@link ReadReceipts}): too much unacknowledged pauses snapshots, then closes with 4002. Never blocks the
 * caller: sends are asynchronous and closes run on an executor.
 *
 * <p>With a simulated downstream ({@link #simulate}), frames go onto a bounded {@link DelayLine} instead, which
 * hands them to Tyrus one at a time when their delay is over; a frame counts as handed over when it is on the
 * line (as a real socket buffer would take it), and a full line skips snapshots and closes with 4002.
 */
public final class SessionOutbox implements GameConnection, LobbySink {
    private final Session session;
    private final Transport transport;
    private final RemoteEndpoint.Async remote;
    private final Executor closer;
    private final java.util.function.Consumer<CloseCodes> closes;
    /** Control frames waiting for the frame in flight; guarded by this. */
    private final ControlQueue control;
    private boolean gateOpen;
    /** A refusal waiting for the client's first frame (or the registry's sweep), see {@link #refuse}. */
    private CloseReason refusal;
    private long refusedAtNanos;
    private boolean inFlight;
    private long inFlightSinceNanos;
    private boolean closed;
    private DelayLine<Object> downLine;
    /** Frames a simulated downstream holds at most (about 4 s of snapshots and pongs at 60 Hz). */
    static final int SIMULATED_LINE_CAPACITY = 256;
    private volatile long lastHeardNanos = System.nanoTime();
    /** What the client has read, from the answers to our pings (see {@link ReadReceipts}); guarded by this. */
    private final ReadReceipts receipts;
    private final long maxUnacknowledgedBytes;

    /**
     * @param controlCapacity control frames that may wait at most
     * @param controlBytesCapacity bytes of control frames that may wait at most
     * @param maxUnacknowledgedBytes bytes the client may leave unread ({@code send.maxUnacknowledgedBytes})
     * @param closes hears the code of each close this server initiates
     */
    public SessionOutbox(Session session, Transport transport, int controlCapacity, long controlBytesCapacity,
                         long maxUnacknowledgedBytes, Executor closer,
                         java.util.function.Consumer<CloseCodes> closes) {
        this.session = session;
        this.transport = transport;
        this.closes = closes;
        this.maxUnacknowledgedBytes = maxUnacknowledgedBytes;
        this.receipts = new ReadReceipts(maxUnacknowledgedBytes);
        transport.attach(session);
        this.remote = session.getAsyncRemote();
        this.control = new ControlQueue(controlCapacity, controlBytesCapacity);
        this.closer = closer;
    }

    /**
     * Routes every frame through a simulated downstream from now on. Call before anything is sent (in
     * {@code @OnOpen}).
     */
    public synchronized void simulate(NetConditions down, java.util.concurrent.ScheduledExecutorService scheduler,
                                      long seed) {
        downLine = new DelayLine<>(new DelayModel(down, seed), SIMULATED_LINE_CAPACITY, scheduler, System::nanoTime,
                this::sendNow);
    }

    @Override
    public boolean offerSnapshot(ByteBuffer frame) {
        synchronized (this) {
            if (closed || inFlight || !gateOpen || receipts.throttled()) {
                return false; // the room counts the skip
            }
            if (downLine != null) {
                return downLine.offer(frame);
            }
            inFlight = true;
            inFlightSinceNanos = System.nanoTime();
            control.inFlight(frame);
        }
        write(frame);
        return true;
    }

    @Override
    public synchronized boolean readyForSnapshot() {
        return !closed && !inFlight && gateOpen && !receipts.throttled()
                && (downLine == null || downLine.size() < SIMULATED_LINE_CAPACITY);
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

    /**
     * Whether nothing came for longer than {@code nanos}; never for a client that has not pinged since its WELCOME
     * (its silence means nothing: it may just have no input to send).
     */
    @Override
    public boolean silentFor(long nowNanos, long nanos) {
        return pinging && nowNanos - lastHeardNanos > nanos;
    }

    /** The client pings on its welcomed stream (the browser client does every second): its silence counts. */
    public void pinging() {
        pinging = true;
    }

    private volatile boolean pinging;

    /** Records that the peer sent something (a message or a pong), which also opens the gate. */
    public void heard() {
        lastHeardNanos = System.nanoTime();
        open();
    }

    /**
     * Refuses the connection (a bad room or ticket, a limit): it counts as closed at once and nothing is sent,
     * but the close frame goes out only when the client's first frame shows that the upgrade is complete (the
     * client speaks first), on the thread that read it, or from {@link #closeRefusedAfter} for a client that
     * stays silent. Closing inside {@code @OnOpen} while the client's first frame was arriving left container
     * NullPointerExceptions ("context is null") in Payara's log.
     */
    public void refuse(CloseCodes code, String reason) {
        CloseReason why = closing(code, reason);
        if (why != null) {
            synchronized (this) {
                refusal = why;
                refusedAtNanos = System.nanoTime();
            }
        }
    }

    /**
     * Sends the close of a refusal that has waited at least {@code ageNanos} for the client to speak (the
     * registry's sweep); true once no refusal waits any more.
     */
    public boolean closeRefusedAfter(long nowNanos, long ageNanos) {
        CloseReason why;
        synchronized (this) {
            if (refusal == null) {
                return true;
            }
            if (nowNanos - refusedAtNanos < ageNanos) {
                return false;
            }
            why = refusal;
            refusal = null;
        }
        try {
            closer.execute(() -> closeSession(why));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeSession(why);
        }
        return true;
    }

    /** A pong arrived: if it answers one of our pings, the client has read everything sent before that ping. */
    public void pong(ByteBuffer payload) {
        heard();
        if (payload != null && payload.remaining() == Long.BYTES) {
            long id = payload.getLong(payload.position());
            synchronized (this) {
                receipts.pong(id);
            }
        }
    }

    /** The peer has spoken, so the upgrade is complete: from now on frames may be sent (or a refusal is closed). */
    public void open() {
        Object first = null;
        CloseReason refused;
        synchronized (this) { // one lock per client frame
            refused = refusal;
            refusal = null;
            if (refused == null) {
                if (gateOpen || closed) {
                    return;
                }
                gateOpen = true;
                if (inFlight) {
                    return;
                }
                first = control.pollInFlight();
                if (first == null) {
                    return;
                }
                inFlight = true;
                inFlightSinceNanos = System.nanoTime();
            }
        }
        if (refused != null) {
            closeSession(refused); // the client spoke: the upgrade is complete, close on this (its reading) thread
            return;
        }
        write(first);
    }

    /** Whether a heartbeat ping was ever sent (a peer that never spoke was never pinged). */
    public synchronized boolean everPinged() {
        return receipts.everPinged();
    }

    /**
     * The heartbeat's verdict (housekeeping thread), judged by time so that a late round cannot shorten anyone's
     * time to answer: a heartbeat ping unanswered for more than one and a half intervals (the round two
     * intervals after it closes), or, for a peer that never spoke and so was never pinged, two silent intervals
     * since it connected. A peer that spoke after the last round has not been pinged yet: it gets its first ping.
     * Only a pong answers: a client that keeps sending but stopped reading never sees the ping.
     */
    public synchronized boolean heartbeatTimedOut(long nowNanos, long intervalNanos) {
        if (receipts.everPinged()) {
            return receipts.unansweredHeartbeatNanos(nowNanos) > intervalNanos + intervalNanos / 2;
        }
        return !gateOpen && nowNanos - lastHeardNanos > 2 * intervalNanos;
    }

    /** Bytes sent that the client has not acknowledged through a pong yet. */
    public synchronized long unacknowledgedBytes() {
        return receipts.unacknowledged();
    }

    public boolean isClosed() {
        synchronized (this) {
            return closed;
        }
    }

    @Override
    public boolean isOpen() {
        return !isClosed() && session.isOpen();
    }

    /** Sends the heartbeat's WebSocket ping; a failure is left to the heartbeat to notice. */
    public void ping() {
        long id;
        synchronized (this) {
            if (closed || !gateOpen) {
                return;
            }
            id = receipts.ping(true, System.nanoTime());
        }
        sendPing(id);
    }

    /** Sends a ping whose id lets its pong acknowledge the bytes sent before it. */
    private void sendPing(long id) {
        ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, id);
        boolean queued = transport.execute(this, () -> {
            try {
                remote.sendPing(payload);
            } catch (IOException | RuntimeException e) {
                // the connection is failing; the heartbeat closes it when its silence runs out
            }
        });
        if (!queued) {
            overloaded();
        }
    }

    /** The transport could not take a send (its queue is full or it stopped): this connection is closed. */
    private void overloaded() {
        close(CloseCodes.TRY_AGAIN_LATER, "server overloaded: send queue full");
    }

    /**
     * Accounts a frame about to be handed to the container. Returns -1 (and closes with 4002) when the client has
     * left more than {@code send.maxUnacknowledgedBytes} unread; else the id of a read-receipt ping to send right
     * after the frame when a quarter is unread, or 0.
     */
    private long account(Object frame) {
        boolean over;
        long receiptPing = 0;
        synchronized (this) {
            receipts.sent(ControlQueue.sizeOf(frame));
            over = receipts.overLimit();
            if (!over && receipts.wantsPing()) {
                receiptPing = receipts.ping(false, System.nanoTime()); // outstanding from now: asked once
            }
        }
        if (over) {
            close(CloseCodes.SLOW_CLIENT, "the client is not reading: over " + maxUnacknowledgedBytes
                    + " bytes unacknowledged");
            return -1;
        }
        return receiptPing;
    }

    private void enqueue(Object frame) {
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (inFlight || !gateOpen) {
                if (control.offer(frame)) {
                    return;
                }
                overflow = true;
            } else {
                inFlight = true;
                inFlightSinceNanos = System.nanoTime();
                control.inFlight(frame);
            }
        }
        if (overflow) {
            close(CloseCodes.SLOW_CLIENT, CloseCodes.SLOW_CLIENT.reason());
        } else {
            write(frame);
        }
    }

    /**
     * Hands one frame to the container. A binary frame (a snapshot, or a game stream's WELCOME, FOLLOWING, PONG or
     * MOVED) goes through a sender thread of the {@link Transport}, so that a room's tick thread never calls the
     * container; a text frame (the lobby's) is written by the calling thread (the WebSocket thread that answers its
     * client, the thread that completed the previous frame), as a reply followed by a close must reach the client
     * before the close does.
     */
    private void write(Object frame) {
        DelayLine<Object> line;
        synchronized (this) {
            line = downLine;
        }
        if (line != null) {
            if (line.offer(frame)) {
                completed(null);
            } else {
                close(CloseCodes.SLOW_CLIENT, CloseCodes.SLOW_CLIENT.reason());
            }
            return;
        }
        long receiptPing = account(frame);
        if (receiptPing < 0) {
            return;
        }
        Runnable call = () -> {
            try {
                if (frame instanceof ByteBuffer b) {
                    remote.sendBinary(b, this::completed);
                } else {
                    remote.sendText((String) frame, this::completed);
                }
            } catch (RuntimeException e) {
                completed(new SendResult(e));
            }
        };
        if (!(frame instanceof ByteBuffer)) {
            Transport.withSendLoader(call);
        } else if (!transport.execute(this, call)) {
            overloaded();
            return;
        }
        if (receiptPing != 0) {
            sendPing(receiptPing); // after the frame: its pong acknowledges that frame too
        }
    }

    /** The simulated downstream's sink: one real send at a time, {@code done} when Tyrus completes it. */
    private void sendNow(Object frame, Runnable done) {
        long receiptPing = account(frame);
        if (receiptPing < 0) {
            done.run();
            return;
        }
        Transport.withSendLoader(() -> {
            try {
                if (frame instanceof ByteBuffer b) {
                    remote.sendBinary(b, r -> done.run());
                } else {
                    remote.sendText((String) frame, r -> done.run());
                }
            } catch (RuntimeException e) {
                done.run();
            }
        });
        if (receiptPing != 0) {
            sendPing(receiptPing);
        }
    }

    private void completed(SendResult result) {
        // a failed send is not retried: a connection that cannot be written stops answering pings, and the
        // heartbeat closes it
        Object next;
        synchronized (this) {
            next = closed ? null : control.pollInFlight();
            if (next == null) {
                inFlight = false;
                control.idle();
            } else {
                inFlightSinceNanos = System.nanoTime();
            }
        }
        if (next != null) {
            write(next);
        }
    }

    @Override
    public void close(CloseCodes code, String reason) {
        CloseReason why = closing(code, reason);
        if (why != null) {
            try {
                closer.execute(() -> closeSession(why));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeSession(why); // the executor is shutting down: close here
            }
        }
    }

    /**
     * Closes on the calling thread, at once: at shutdown, and for a refusal when too many refusals already wait
     * (see {@link ConnectionRegistry#refuse}; endpoints refuse through it rather than closing in
     * {@code @OnOpen}, which raced with the container's end of the upgrade request).
     */
    public void closeNow(CloseCodes code, String reason) {
        CloseReason why = closing(code, reason);
        if (why != null) {
            closeSession(why);
        }
    }

    private CloseReason closing(CloseCodes code, String reason) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            closed = true;
            control.clear();
            if (downLine != null) {
                downLine.close();
            }
        }
        closes.accept(code);
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), truncate(reason));
    }

    private void closeSession(CloseReason why) {
        try {
            if (session.isOpen()) {
                session.close(why);
            }
        } catch (IOException | RuntimeException e) {
            // the peer is gone already; nothing left to tell it
        }
    }

    /** Control frames waiting to be sent. */
    public synchronized int queuedFrames() {
        return control.size();
    }

    /** Bytes this connection holds for its client: waiting control frames and the frame in flight. */
    public synchronized long heldBytes() {
        return control.heldBytes();
    }

    /** How long the frame in flight has been in flight, or 0 when none is. */
    public long inFlightNanos(long nowNanos) {
        synchronized (this) {
            return inFlight ? nowNanos - inFlightSinceNanos : 0;
        }
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
