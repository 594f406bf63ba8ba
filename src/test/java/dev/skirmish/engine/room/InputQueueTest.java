package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skirmish.games.arena.sim.PlayerInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The input queue with a fake clock. */
class InputQueueTest {
    private static final long MS = 1_000_000;
    private final AtomicLong clock = new AtomicLong();

    private static PlayerInput in(long seq) {
        return new PlayerInput(seq, 0, 0);
    }

    private InputQueue<PlayerInput> queue(int capacity) {
        return new InputQueue<>(capacity, 120, 60, 60, clock::get);
    }

    @Test
    void drainedAFewPerTickOldestFirst() {
        InputQueue<PlayerInput> q = queue(8);
        for (int s = 1; s <= 5; s++) {
            assertEquals(InputQueue.Offer.ACCEPTED, q.offer(s, in(s)));
        }
        List<PlayerInput> out = new ArrayList<>();
        assertEquals(3, q.drainTo(out, 3));
        assertEquals(List.of(in(1), in(2), in(3)), out);
        assertEquals(2, q.size());
    }

    @Test
    void aFullQueueDropsTheOldestAndNeverReportsAFlood() {
        InputQueue<PlayerInput> q = queue(4);
        // a 3 s server stall: the client keeps sending 60 inputs a second, nobody drains
        for (int s = 1; s <= 180; s++) {
            clock.addAndGet(16 * MS);
            assertEquals(InputQueue.Offer.ACCEPTED, q.offer(s, in(s)), "input " + s);
        }
        assertEquals(4, q.size());
        assertEquals(176, q.overflowed());
        List<PlayerInput> out = new ArrayList<>();
        q.drainTo(out, 10);
        assertEquals(List.of(in(177), in(178), in(179), in(180)), out, "the newest inputs are kept");
    }

    @Test
    void staleOrRepeatedSequenceNumbersAreIgnored() {
        InputQueue<PlayerInput> q = queue(8);
        q.offer(10, in(10));
        assertEquals(InputQueue.Offer.STALE, q.offer(10, in(10)));
        assertEquals(InputQueue.Offer.STALE, q.offer(3, in(3)));
        assertEquals(1, q.size());
    }

    @Test
    void aBurstIsAllowedButASustainedFloodIsReported() {
        InputQueue<PlayerInput> q = queue(1000);
        long seq = 0;
        for (int i = 0; i < 60; i++) {
            assertEquals(InputQueue.Offer.ACCEPTED, q.offer(++seq, in(seq)), "the burst");
        }
        assertEquals(InputQueue.Offer.RATE_LIMITED, q.offer(++seq, in(seq)));
        clock.addAndGet(100 * MS); // 12 tokens come back
        for (int i = 0; i < 12; i++) {
            assertEquals(InputQueue.Offer.ACCEPTED, q.offer(++seq, in(seq)));
        }
        InputQueue.Offer last = null;
        for (int i = 0; i < 60; i++) {
            last = q.offer(++seq, in(seq));
        }
        assertEquals(InputQueue.Offer.FLOOD, last, "61 rejections within a second");
        assertEquals(61, q.rejected());
    }

    @Test
    void twiceTheSimulationRateIsSustainable() {
        InputQueue<PlayerInput> q = queue(10_000);
        long seq = 0;
        for (int i = 0; i < 1200; i++) { // 10 s at 120 inputs a second
            clock.addAndGet(1_000 * MS / 120);
            assertEquals(InputQueue.Offer.ACCEPTED, q.offer(++seq, in(seq)));
        }
        assertEquals(0, q.rejected());
    }

    @Test
    void theDepthCountsTheTicksWaitingAndTheLastCallCountsItsHeldAndLateTicks() {
        InputQueue<PlayerInput> q = queue(8);
        InputQueue.Hold<PlayerInput> hold = (last, seq) -> in(seq);
        List<PlayerInput> out = new ArrayList<>();
        q.offer(1, 4, in(1)); // ticks 1-4
        q.offer(5, 2, in(5)); // ticks 5-6
        q.next(out, 1, null, hold, 0, 60);
        assertEquals(6, q.depthBeforeLastDrain(), "all six ticks waited before the first call");
        assertEquals(List.of(in(1)), out);
        q.next(out, 3, null, hold, 0, 60); // the target is 7: applies 2-4
        assertEquals(5, q.depthBeforeLastDrain(), "the first run was partly applied");
        q.next(out, 3, null, hold, 0, 60); // the target is 8: applies 5 and 6, then 7 held
        assertEquals(2, q.depthBeforeLastDrain());
        assertEquals(1, q.heldInLastNext());
        q.next(out, 3, null, hold, 0, 60); // the target is 9: 8 and 9 held
        assertEquals(0, q.depthBeforeLastDrain());
        assertEquals(2, q.heldInLastNext());
        assertEquals(9, out.size());
        q.offer(7, 2, in(7)); // ticks 7-8, both applied with a held input already: late
        out.clear();
        q.next(out, 3, null, hold, 0, 60);
        assertEquals(1, q.lateInLastNext());
        assertEquals(0, q.depthBeforeLastDrain());
        for (int i = 0; i < 2 && out.isEmpty(); i++) {
            q.next(out, 3, null, hold, 0, 60); // the target (8, then 9, 10) passes what was applied (9)
            assertEquals(0, q.lateInLastNext());
        }
        assertEquals(List.of(in(7)), out, "the late run is applied once, as sent, when the target passes 9");
        assertEquals(0, q.heldInLastNext());
    }
}
