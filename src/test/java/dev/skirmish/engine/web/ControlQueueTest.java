package dev.skirmish.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ControlQueueTest {
    @Test
    void boundedInFramesAndInBytesAndCountsWhatIsInFlight() {
        ControlQueue q = new ControlQueue(3, 100);
        ByteBuffer welcome = ByteBuffer.allocate(40);
        assertTrue(q.offer(welcome));
        assertTrue(q.offer("0123456789")); // 20 bytes: text counts 2 a char
        assertFalse(q.offer(ByteBuffer.allocate(41)), "60 + 41 bytes is over 100");
        assertTrue(q.offer(ByteBuffer.allocate(40)));
        assertFalse(q.offer(ByteBuffer.allocate(0)), "a fourth frame is over 3");
        assertEquals(3, q.size());
        assertEquals(100, q.heldBytes());
        assertSame(welcome, q.pollInFlight());
        assertEquals(100, q.heldBytes(), "the frame in flight is still held");
        assertEquals("0123456789", q.pollInFlight());
        assertEquals(60, q.heldBytes(), "40 waiting, 20 in flight");
        q.idle();
        assertEquals(40, q.heldBytes());
        q.inFlight(ByteBuffer.allocate(7));
        assertEquals(47, q.heldBytes());
        q.clear();
        assertEquals(0, q.heldBytes());
        assertNull(q.pollInFlight());
        assertEquals(0, q.size());
    }
}
