package dev.skirmish.engine.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetsimTest {
    private static final long MS = 1_000_000L;

    @Test
    void specificationsParseAndRoundTrip() {
        NetProfile p = NetProfile.parse("both:50~10");
        assertEquals(new NetConditions(50, 10, 0, 0), p.up());
        assertEquals(p.up(), p.down());
        assertEquals("both:50~10", p.spec());
        NetProfile q = NetProfile.parse("down:80~20!3000/250,up:40");
        assertEquals(new NetConditions(80, 20, 3000, 250), q.down());
        assertEquals(new NetConditions(40, 0, 0, 0), q.up());
        assertEquals("up:40,down:80~20!3000/250", q.spec());
        assertTrue(NetProfile.parse("").isNone());
        for (String bad : List.of("50", "sideways:50", "up:-5", "up:50~x", "up:9999", "up:50!10/5", "up:50!1000")) {
            assertThrows(IllegalArgumentException.class, () -> NetProfile.parse(bad), bad);
        }
    }

    @Test
    void delaysStayWithinLatencyAndJitterAndKeepOrder() {
        DelayModel m = new DelayModel(new NetConditions(50, 10, 0, 0), 7);
        long last = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long now = i * 16 * MS;
            long due = m.due(now);
            assertTrue(due >= last, "in order");
            last = due;
            min = Math.min(min, due - now);
            max = Math.max(max, due - now);
        }
        assertTrue(min >= 40 * MS && min < 41 * MS, "min " + min);
        assertTrue(max <= 60 * MS && max > 59 * MS, "max " + max);
    }

    @Test
    void burstsHoldFramesUntilTheyEnd() {
        DelayModel m = new DelayModel(new NetConditions(20, 0, 1000, 200), 3);
        int held = 0;
        long worst = 0;
        for (int i = 0; i < 60 * 30; i++) { // 30 s of frames at 60 Hz
            long now = i * 16_666_667L;
            long d = m.due(now) - now;
            worst = Math.max(worst, d);
            if (d > 21 * MS) {
                held++;
            }
        }
        // about one burst a second, 200 ms each: a fifth of the frames wait
        assertTrue(held > 200 && held < 600, "held " + held);
        assertTrue(worst >= 200 * MS && worst <= 221 * MS, "worst " + worst);
    }

    @Test
    void aLineDeliversInOrderAfterTheDelayAndRefusesWhenFull() throws InterruptedException {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1);
        try {
            List<Integer> out = Collections.synchronizedList(new ArrayList<>());
            List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(50);
            long[] sentAt = new long[50];
            DelayLine<Integer> line = new DelayLine<>(new DelayModel(new NetConditions(30, 10, 0, 0), 1), 50, s,
                    System::nanoTime, (item, done) -> {
                        out.add(item);
                        lateness.add(System.nanoTime() - sentAt[item]);
                        done.run();
                        all.countDown();
                    });
            for (int i = 0; i < 50; i++) {
                sentAt[i] = System.nanoTime();
                assertTrue(line.offer(i));
            }
            assertFalse(line.offer(99), "full");
            assertTrue(all.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 50; i++) {
                assertEquals(i, out.get(i));
                assertTrue(lateness.get(i) >= 20 * MS, "frame " + i + " came after " + lateness.get(i) / MS + " ms");
            }
            line.close();
            assertFalse(line.offer(1), "closed");
        } finally {
            s.shutdownNow();
        }
    }

    /** Waits (no fixed sleep) until the scheduler has nothing queued or running: what was due has happened. */
    private static void settle(ScheduledThreadPoolExecutor s) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) { // quiet on three looks in a row
            quiet = s.getQueue().isEmpty() && s.getActiveCount() == 0 ? quiet + 1 : 0;
            Thread.onSpinWait();
        }
        assertTrue(quiet >= 3, "the scheduler settled");
    }

    @Test
    void aSlowSinkHoldsTheLine() throws InterruptedException {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2);
        try {
            List<Runnable> pending = Collections.synchronizedList(new ArrayList<>());
            DelayLine<Integer> line = new DelayLine<>(new DelayModel(NetConditions.NONE, 1), 10, s, System::nanoTime,
                    (item, done) -> pending.add(done));
            for (int i = 0; i < 5; i++) {
                line.offer(i);
            }
            settle(s);
            assertEquals(1, pending.size(), "one in flight at a time");
            assertEquals(4, line.size());
            pending.get(0).run();
            settle(s);
            assertEquals(2, pending.size());
        } finally {
            s.shutdownNow();
        }
    }
}
