package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pacer with a fake clock: deadlines never drift, and catch-up after a stall is capped. */
class TickPacerTest {
    private static final long PERIOD = 16_666_666;

    @Test
    void deadlinesStayOnTheGridWhateverTheTicksCost() {
        long now = 1_000;
        TickPacer p = new TickPacer(PERIOD, 5, now);
        for (int n = 0; n < 10_000; n++) {
            long deadline = p.nextDeadline();
            assertEquals(1_000 + n * PERIOD, deadline, "tick " + n);
            now = deadline + (n % 7) * 1_000_000; // the loop wakes late and the tick costs 0-6 ms
            p.tickDone(now);
        }
        assertEquals(0, p.resets());
    }

    @Test
    void aShortStallIsCaughtUpBackToBack() {
        TickPacer p = new TickPacer(PERIOD, 5, 0);
        p.tickDone(3 * PERIOD + 100); // the first tick took three periods
        int immediate = 0;
        long now = 3 * PERIOD + 100;
        while (p.nextDeadline() <= now) {
            immediate++;
            p.tickDone(now);
        }
        assertEquals(3, immediate, "ticks 1, 2 and 3 were due by now and run back to back");
        assertEquals(4 * PERIOD, p.nextDeadline(), "then the original grid resumes");
        assertEquals(0, p.resets());
    }

    @Test
    void aLongStallRestartsTheScheduleInsteadOfBursting() {
        TickPacer p = new TickPacer(PERIOD, 5, 0);
        long now = 100 * PERIOD; // a 100-period GC pause or suspended VM
        p.tickDone(now);
        assertEquals(1, p.resets());
        assertEquals(now, p.nextDeadline(), "next tick now, then on a new grid");
        p.tickDone(now);
        assertEquals(now + PERIOD, p.nextDeadline());
        assertEquals(99, p.droppedTicks());
    }

    @Test
    void catchUpIsBoundedByTheCap() {
        TickPacer p = new TickPacer(PERIOD, 5, 0);
        long now = 5 * PERIOD; // exactly at the cap: no reset, catch up 4 ticks
        p.tickDone(now + PERIOD);
        assertEquals(0, p.resets());
        p = new TickPacer(PERIOD, 5, 0);
        p.tickDone(7 * PERIOD + 1); // one more than the cap behind
        assertEquals(1, p.resets());
    }
}
