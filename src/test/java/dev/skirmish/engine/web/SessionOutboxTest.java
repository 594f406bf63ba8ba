package dev.skirmish.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.wire.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The send path's bounds against a session whose container never finishes a write (a client that stopped
 * reading) or finishes every write at once while the client reads nothing (the container's own queue).
 */
class SessionOutboxTest {
    /** A fake session: records sends, pings and the close; completes sends only when told. */
    static final class FakeSession {
        final List<SendHandler> pending = new ArrayList<>();
        final List<Object> sent = new ArrayList<>();
        final List<ByteBuffer> pings = new ArrayList<>();
        CloseReason closed;
        boolean completeAtOnce;
        final Session session;

        FakeSession() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "sendBinary", "sendText" -> {
                                sent.add(args[0]);
                                SendHandler h = (SendHandler) args[1];
                                if (completeAtOnce) {
                                    h.onResult(new SendResult());
                                } else {
                                    pending.add(h);
                                }
                                return null;
                            }
                            case "sendPing" -> {
                                pings.add((ByteBuffer) args[0]);
                                return null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
            session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote;
                        case "isOpen" -> closed == null;
                        case "close" -> {
                            closed = (CloseReason) args[0];
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeOne() {
            pending.remove(0).onResult(new SendResult());
        }
    }

    private static SessionOutbox outbox(FakeSession s, int frames, long bytes, long unacked) {
        SessionOutbox o = new SessionOutbox(s.session, Transport.direct(), frames, bytes, unacked, Runnable::run,
                code -> { });
        o.heard(); // the client spoke: the gate is open
        return o;
    }

    @Test
    void aWriteThatNeverCompletesKeepsOneSnapshotInFlightAndBoundsTheControlQueue() {
        FakeSession s = new FakeSession();
        SessionOutbox o = outbox(s, 64, 4096, 1 << 20);
        assertTrue(o.offerSnapshot(ByteBuffer.allocate(300)));
        for (int i = 0; i < 100; i++) {
            assertFalse(o.offerSnapshot(ByteBuffer.allocate(300)), "newest wins: nothing queues behind the first");
        }
        int queued = 0;
        while (s.closed == null && queued < 1000) {
            o.sendText("x".repeat(500)); // 1000 bytes each as counted
            queued++;
        }
        assertEquals(CloseCodes.SLOW_CLIENT.code(), s.closed.getCloseCode().getCode());
        assertEquals(5, queued, "4 text frames fit in 4096 bytes; the fifth closes");
        assertEquals(1, s.sent.size(), "only the first snapshot reached the container");
        assertEquals(0, o.heldBytes(), "a closed outbox holds nothing");
    }

    @Test
    void aClientThatReadsNothingIsThrottledThenClosedWhateverTheContainerSays() {
        FakeSession s = new FakeSession();
        s.completeAtOnce = true; // the container's queue takes everything and reports success
        SessionOutbox o = outbox(s, 64, 1 << 20, 100_000);
        int snapshots = 0;
        while (o.offerSnapshot(ByteBuffer.allocate(1000))) {
            snapshots++;
        }
        assertEquals(51, snapshots, "snapshots stop once more than half the unacknowledged limit is out");
        assertFalse(s.pings.isEmpty(), "a receipt ping went out at a quarter");
        for (int i = 0; i < 100 && s.closed == null; i++) {
            o.sendText("y".repeat(500));
        }
        assertEquals(CloseCodes.SLOW_CLIENT.code(), s.closed.getCloseCode().getCode());
        assertTrue(s.closed.getReasonPhrase().contains("not reading"), s.closed.getReasonPhrase());
    }

    @Test
    void aPongLetsSnapshotsFlowAgain() {
        FakeSession s = new FakeSession();
        s.completeAtOnce = true;
        SessionOutbox o = outbox(s, 64, 1 << 20, 100_000);
        while (o.offerSnapshot(ByteBuffer.allocate(1000))) {
            // until throttled
        }
        assertFalse(o.readyForSnapshot());
        o.ping();
        ByteBuffer lastPing = s.pings.get(s.pings.size() - 1);
        o.pong(lastPing.duplicate()); // the client caught up with everything sent before that ping
        assertEquals(0, o.unacknowledgedBytes());
        assertTrue(o.readyForSnapshot());
        assertTrue(o.offerSnapshot(ByteBuffer.allocate(1000)));
        o.pong(ByteBuffer.wrap(new byte[]{'s', 'k'})); // not one of our pings: proves nothing
        assertEquals(1000, o.unacknowledgedBytes());
    }

    @Test
    void theHeartbeatJudgesByTimeSoALateRoundClosesNoOneWhoAnswers() {
        long second = 1_000_000_000L;
        FakeSession silent = new FakeSession();
        SessionOutbox never = new SessionOutbox(silent.session, Transport.direct(), 64, 4096, 1 << 20, Runnable::run,
                code -> { });
        long t = System.nanoTime();
        assertFalse(never.heartbeatTimedOut(t + 19 * second / 10, second));
        assertTrue(never.heartbeatTimedOut(t + 21 * second / 10, second), "never spoke for two intervals");

        FakeSession s = new FakeSession();
        SessionOutbox o = outbox(s, 64, 4096, 1 << 20);
        long spoke = System.nanoTime();
        assertFalse(o.heartbeatTimedOut(spoke + 5 * second, second),
                "it spoke after the last round and was never pinged: the late round pings it instead");
        o.ping();
        long pinged = System.nanoTime();
        assertFalse(o.heartbeatTimedOut(pinged + 14 * second / 10, second), "still within 1.5 intervals");
        assertTrue(o.heartbeatTimedOut(pinged + 16 * second / 10, second), "no pong for over 1.5 intervals");
        o.ping();
        o.pong(s.pings.get(1).duplicate()); // a pong answers its ping and every earlier one
        assertFalse(o.heartbeatTimedOut(pinged + 10 * second, second));
        o.ping();
        o.sendText("z"); // sending is not answering
        assertTrue(o.heartbeatTimedOut(System.nanoTime() + 2 * second, second));
    }
}
