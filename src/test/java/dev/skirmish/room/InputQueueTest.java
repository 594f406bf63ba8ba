package dev.skirmish.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skirmish.sim.PlayerInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InputQueueTest {
    private final AtomicLong clock = new AtomicLong();

    private static PlayerInput in(long seq) {
        return new PlayerInput(seq, 0, 0);
    }

    @Test
    void boundedAndDrainedAFewPerTickOldestFirst() {
        InputQueue q = new InputQueue(4, 100, clock::get);
        for (int s = 1; s <= 4; s++) {
            assertEquals(InputQueue.Offer.ACCEPTED, q.offer(in(s)));
        }
        assertEquals(InputQueue.Offer.DROPPED, q.offer(in(5)));
        assertEquals(4, q.size());
        assertEquals(1, q.dropped());
        List<PlayerInput> out = new ArrayList<>();
        assertEquals(3, q.drainTo(out, 3));
        assertEquals(List.of(in(1), in(2), in(3)), out);
        assertEquals(1, q.size());
    }

    @Test
    void staleOrRepeatedSequenceNumbersAreIgnored() {
        InputQueue q = new InputQueue(8, 100, clock::get);
        q.offer(in(10));
        assertEquals(InputQueue.Offer.STALE, q.offer(in(10)));
        assertEquals(InputQueue.Offer.STALE, q.offer(in(3)));
        assertEquals(1, q.size());
    }

    @Test
    void sustainedOverflowIsReportedAsAFlood() {
        InputQueue q = new InputQueue(4, 10, clock::get);
        for (int s = 1; s <= 4; s++) {
            q.offer(in(s));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(InputQueue.Offer.DROPPED, q.offer(in(100 + i)));
        }
        assertEquals(InputQueue.Offer.FLOOD, q.offer(in(200)));
        clock.addAndGet(1_000_000_000L); // a new second forgives
        assertEquals(InputQueue.Offer.DROPPED, q.offer(in(300)));
    }
}
