package dev.skirmish.limits;

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
        assertTrue(r.pong(first, 3));
        assertEquals(250, r.unacknowledged(), "the first ping followed 100 bytes");
        assertFalse(r.pong(99, 4), "a pong that answers none of our pings proves nothing");
        assertFalse(r.pong(0, 4));
        assertTrue(r.pong(second, 5));
        assertEquals(50, r.unacknowledged());
        assertTrue(r.pong(first, 6), "a late answer to an older ping does not move the acknowledgement back");
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
        r.pong(id, 2);
        assertEquals(750, r.unacknowledged());
        assertTrue(r.throttled());
        assertTrue(r.wantsPing(), "the ping was answered; the rest needs another");
    }

    @Test
    void onlyPongsAnswerTheHeartbeat() {
        ReadReceipts r = new ReadReceipts(1000);
        assertFalse(r.everPinged());
        assertEquals(0, r.missedHeartbeats());
        long a = r.ping(true, 100);
        assertEquals(1, r.missedHeartbeats(), "no pong since the ping");
        r.ping(true, 200);
        assertEquals(2, r.missedHeartbeats());
        r.pong(a, 300);
        assertEquals(0, r.missedHeartbeats(), "a pong after the last heartbeat ping");
        r.ping(false, 400);
        assertEquals(0, r.missedHeartbeats(), "receipt pings do not count as heartbeats");
    }
}
