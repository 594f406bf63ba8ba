package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.InputSender;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.games.arena.protocol.ClientFrames;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sending on change and holding together (protocol 9): a client that sends with {@link InputSender} and the arena's
 * run rule, a network with a delay and jitter (frames stay in order, as on TCP), and a server queue ticked on its
 * own clock. What the server applies for each sequence number is compared with what the client had at that number.
 */
public class HoldingTest {
    private static final double TICK_MS = 1000.0 / 60;
    private static final int KEEP_ALIVE = InputSender.keepAliveTicks(60);
    private static final int AIM_DELAY = 6;

    /** One run of the model; the figures it measured. */
    record Result(int ticks, int frames, int mismatched, long lateRuns, long held, int pressesSent,
                  int pressesApplied, List<byte[]> applied, Map<Long, byte[]> client) {
    }

    /** A scripted fight: direction keys held 0.3-1 s, the aim sweeping the whole time, fire held 0.1-1 s at times. */
    public static byte[][] fight(long seed, int ticks) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[][] out = new byte[ticks + 1][];
        int buttons = 0;
        int keyLeft = 0;
        int fireLeft = 0;
        double aim = r.nextDouble(65536);
        double aimSpeed = 0;
        for (int k = 1; k <= ticks; k++) {
            if (--keyLeft <= 0) {
                buttons = (buttons & 16) | (1 << r.nextInt(4)) | (r.nextBoolean() ? 0 : 1 << r.nextInt(4));
                keyLeft = 18 + r.nextInt(42);
            }
            if (--fireLeft <= 0) {
                buttons = r.nextInt(3) == 0 ? buttons | 16 : buttons & ~16;
                fireLeft = 6 + r.nextInt(54);
            }
            if (k % 10 == 1) {
                aimSpeed = r.nextDouble(-600, 600); // a mouse moving all the time, up to 3.3 turns a second
            }
            aim = (aim + aimSpeed + 65536) % 65536;
            out[k] = new byte[]{(byte) buttons, (byte) ((int) aim >> 8), (byte) (int) aim, 0, 0, 0, 0, 0};
        }
        return out;
    }

    /**
     * Runs {@code ticks} client ticks through the model (a tick is mismatched when the server applied other buttons
     * than the client had, or, at a tick the client sent at once, another aim): one-way delay {@code delayMs} plus a jitter of 0 to
     * {@code jitterMs}, the server's clock {@code serverPhaseMs} after the client's and {@code drift} faster.
     */
    static Result run(long seed, int ticks, double delayMs, double jitterMs, double serverPhaseMs, double drift,
                      int lagTicks, int holdTicks) {
        byte[][] script = fight(seed, ticks);
        SplittableRandom net = new SplittableRandom(seed ^ 0x5eed);
        InputSender sender = new InputSender(KEEP_ALIVE, AIM_DELAY, 8, ClientFrames::sameRun);
        double[] clock = {0};
        InputQueue<byte[]> queue = new InputQueue<>(32, 120, 60, 60, () -> (long) (clock[0] * 1_000_000));
        ArrayDeque<double[]> wire = new ArrayDeque<>(); // {arrival ms, index into frames}
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> applied = new ArrayList<>();
        Map<Long, byte[]> client = new HashMap<>();
        Map<Long, byte[]> server = new HashMap<>();
        java.util.Set<Long> urgentSeqs = new java.util.HashSet<>();
        double lastArrival = 0;
        int pressesSent = 0;
        long lateRuns = 0;
        long held = 0;
        int k = 1;
        double serverTickMs = TICK_MS / (1 + drift);
        for (int m = 0; m < ticks + 200; m++) {
            double now = serverPhaseMs + m * serverTickMs;
            clock[0] = now;
            while (k <= ticks && k * TICK_MS <= now) { // the client's ticks until now
                byte[] in = script[k];
                boolean urgent = k > 1 && in[0] != script[k - 1][0];
                if ((in[0] & 16) != 0 && (k == 1 || (script[k - 1][0] & 16) == 0)) {
                    pressesSent++;
                }
                client.put((long) k, in);
                if (urgent) {
                    urgentSeqs.add((long) k);
                }
                for (byte[] f : sender.tick(k, in, urgent)) {
                    double arrival = Math.max(lastArrival, k * TICK_MS + delayMs + net.nextDouble() * jitterMs);
                    lastArrival = arrival;
                    wire.add(new double[]{arrival, frames.size()});
                    frames.add(f);
                }
                k++;
            }
            while (!wire.isEmpty() && wire.peek()[0] <= now) {
                byte[] f = frames.get((int) wire.poll()[1]);
                offer(queue, f);
            }
            List<byte[]> out = new ArrayList<>();
            int before = applied.size();
            queue.next(out, 3, null, (last, seq) -> last, lagTicks, holdTicks);
            lateRuns += queue.lateInLastNext();
            held += queue.heldInLastNext();
            long seq = queue.drainedSeq() - out.size() + 1;
            for (byte[] in : out) {
                server.put(seq++, in);
            }
            applied.addAll(out);
            assertTrue(applied.size() - before <= 3);
        }
        int mismatched = 0;
        int pressesApplied = 0;
        byte[] prev = null;
        for (long s = 1; s <= ticks; s++) {
            byte[] a = server.get(s);
            if (a != null && (a[0] != client.get(s)[0] || urgentSeqs.contains(s) && !ClientFrames.sameRun(a, client.get(s)))) {
                mismatched++;
                if (System.getProperty("holding.debug") != null) {
                    System.out.println("seq " + s + " server " + a[0] + " client " + client.get(s)[0]);
                }
            }
        }
        for (byte[] a : applied) {
            if ((a[0] & 16) != 0 && (prev == null || (prev[0] & 16) == 0)) {
                pressesApplied++;
            }
            prev = a;
        }
        return new Result(ticks, frames.size(), mismatched, lateRuns, held, pressesSent,
                pressesApplied, applied, client);
    }

    private static void offer(InputQueue<byte[]> queue, byte[] frame) {
        try {
            StreamFrames.Runs<?> runs = (StreamFrames.Runs<?>) StreamFrames.decode(ByteBuffer.wrap(frame),
                    (seq, r) -> bytes(r));
            long seq = runs.firstSeq();
            for (int i = 0; i < runs.runs(); i++) {
                assertEquals(InputQueue.Offer.ACCEPTED, queue.offer(seq, runs.ticks(i), (byte[]) runs.input(i)));
                seq += runs.ticks(i);
            }
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(ByteReader r) throws ProtocolException {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) r.u8();
        }
        return b;
    }

    @Test
    void withJitterBelowTheMarginTheServerAppliesWhatTheClientHadAtEveryTick() {
        for (long seed = 1; seed <= 20; seed++) {
            Result r = run(seed, 3600, 50, 10, seed * 0.83, 0, 1, 60);
            assertEquals(0, r.mismatched(), "seed " + seed + ": ticks applied with another input than the client's");
            assertEquals(r.pressesSent(), r.pressesApplied(), "every press of fire reaches the world");
            assertTrue(r.applied().size() >= r.ticks() - 3, "every tick is applied: " + r.applied().size());
        }
    }

    @Test
    void theServerFollowsAClockThatRunsFasterOrSlower() {
        for (double drift : new double[]{-0.002, 0.002}) {
            Result r = run(7, 3600 * 3, 30, 5, 3, drift, 1, 60);
            assertEquals(0, r.mismatched(), "drift " + drift);
            assertTrue(r.applied().size() >= r.ticks() - 3, "drift " + drift + ": " + r.applied().size());
        }
    }

    @Test
    void jitterBeyondTheMarginCostsAFewTicksButNoPress() {
        Result r = run(3, 3600, 50, 60, 4, 0, 1, 60);
        System.out.printf("jitter up to 60 ms against a 20 ms margin: %d of %d ticks (%.2f%%) applied with another"
                + " input than the client's, %d late runs%n", r.mismatched(), r.ticks(),
                100.0 * r.mismatched() / r.ticks(), r.lateRuns());
        assertTrue(r.mismatched() > 0, "this much jitter makes some changes late");
        assertEquals(r.pressesSent(), r.pressesApplied(), "a late press is applied at the next tick, not lost");
        assertTrue(r.mismatched() < r.ticks() / 20, "mismatched ticks: " + r.mismatched());
        byte[] lastClient = r.client().get((long) r.ticks());
        assertEquals(lastClient[0], r.applied().get(r.applied().size() - 1)[0], "it ends with the client's buttons");
    }

    @Test
    void aFightSendsAFractionOfTheFramesOfOnePerTwoTicks() {
        Result r = run(5, 3600, 50, 10, 2, 0, 1, 60);
        double perSecond = r.frames() / (r.ticks() / 60.0);
        System.out.printf("scripted fight (aim always moving): %.1f RUNS frames a second, %d ticks held%n", perSecond,
                r.held());
        assertTrue(perSecond < 20, "frames a second: " + perSecond);
        assertTrue(r.held() > r.ticks() / 2, "most ticks are held between frames: " + r.held());
    }
}
