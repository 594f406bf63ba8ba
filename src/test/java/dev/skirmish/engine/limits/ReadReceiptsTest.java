package dev.skirmish.engine.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadReceiptsTest {

    @Test
    void aPongAcknowledgesWhatWasSentBeforeItsPing() {
        ReadReceipts r = new ReadReceipts(1000);
        r.sent(100);
        long first = r.ping(true, 1);
        r.sent(200);
        long second = r.ping(false, 2);
        r.sent(50);
        assertEquals(350, r.unacknowledged());
        assertTrue(r.pong(first));
        assertEquals(250, r.unacknowledged(), "the first ping followed 100 bytes");
        assertFalse(r.pong(99), "a pong that answers none of our pings proves nothing");
        assertFalse(r.pong(0));
        assertTrue(r.pong(second));
        assertEquals(50, r.unacknowledged());
        assertTrue(r.pong(first), "a late answer to an older ping does not move the acknowledgement back");
        assertEquals(50, r.unacknowledged());
    }

    @Test
    void halfTheLimitThrottlesTheWholeLimitClosesAndAQuarterAsksForAReceipt() {
        ReadReceipts r = new ReadReceipts(1000);
        r.sent(250);
        assertFalse(r.wantsPing());
        r.sent(1);
        assertTrue(r.wantsPing(), "over a quarter unacknowledged");
        long id = r.ping(false, 1);
        assertFalse(r.wantsPing(), "one receipt ping at a time");
        r.sent(250);
        assertTrue(r.throttled(), "over half: snapshots wait");
        assertFalse(r.overLimit());
        r.sent(500);
        assertTrue(r.overLimit());
        r.pong(id);
        assertEquals(750, r.unacknowledged());
        assertTrue(r.throttled());
        assertTrue(r.wantsPing(), "the ping was answered; the rest needs another");
    }

    @Test
    void onlyPongsAnswerTheHeartbeatAndTheOldestUnansweredPingSetsTheAge() {
        ReadReceipts r = new ReadReceipts(1000);
        assertFalse(r.everPinged());
        assertEquals(0, r.unansweredHeartbeatNanos(50));
        long a = r.ping(true, 100);
        assertTrue(r.everPinged());
        assertEquals(50, r.unansweredHeartbeatNanos(150), "no pong since the ping");
        long b = r.ping(true, 200);
        assertEquals(200, r.unansweredHeartbeatNanos(300), "the oldest unanswered ping counts, not the newest");
        r.pong(a);
        assertEquals(100, r.unansweredHeartbeatNanos(300), "the first is answered; the second still waits");
        r.pong(b);
        assertEquals(0, r.unansweredHeartbeatNanos(300));
        r.ping(false, 400);
        assertEquals(0, r.unansweredHeartbeatNanos(500), "receipt pings do not count as heartbeats");
    }

    @Test
    void aPongAnswersEveryEarlierPingAndForeignPongsAnswerNothing() {
        ReadReceipts r = new ReadReceipts(1000);
        r.ping(true, 100);
        r.ping(true, 200);
        long receipt = r.ping(false, 250);
        r.ping(true, 300);
        assertFalse(r.pong(999), "an id we never sent");
        assertEquals(400, r.unansweredHeartbeatNanos(500));
        assertTrue(r.pong(receipt), "the client may answer only a later ping (RFC 6455)");
        assertEquals(200, r.unansweredHeartbeatNanos(500), "only the ping sent after the answered one waits");
        for (int i = 0; i < 10; i++) {
            r.ping(true, 1000 + i);
        }
        assertEquals(4700, r.unansweredHeartbeatNanos(5000), "a bounded record keeps the oldest waiting ping");
    }
}
