package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.engine.spi.MatchPhase;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Round trips of the delta codec over random state sequences, and what a malformed frame does. */
class SnapshotCodecTest {

    /** A random walk of entities: moves of every size, teleports, aim, health and flag changes, enter, leave. */
    private static final class RandomWorld {
        final SplittableRandom r;
        final TreeMap<Integer, int[]> entities = new TreeMap<>(); // id -> {kind, x, y, angle, health, flags, owner, vx, vy}

        RandomWorld(long seed) {
            r = new SplittableRandom(seed);
        }

        void step(int ticks) {
            for (var it = entities.entrySet().iterator(); it.hasNext(); ) {
                int[] e = it.next().getValue();
                if (r.nextInt(40) == 0) {
                    it.remove();
                    continue;
                }
                int roll = r.nextInt(100);
                if (roll < 5) { // teleport
                    e[1] = r.nextInt(65536);
                    e[2] = r.nextInt(65536);
                } else if (roll < 25) { // change of velocity
                    e[7] = r.nextInt(-200, 201);
                    e[8] = r.nextInt(-200, 201);
                }
                e[1] = clamp(e[1] + e[7] * ticks + (r.nextInt(10) == 0 ? r.nextInt(-3, 4) : 0));
                e[2] = clamp(e[2] + e[8] * ticks);
                if (r.nextInt(3) == 0) {
                    e[3] = (e[3] + (r.nextBoolean() ? r.nextInt(-8, 8) : r.nextInt(256))) & 0xFF;
                }
                if (e[0] == ArenaProtocol.KIND_PLAYER && r.nextInt(10) == 0) {
                    e[4] = r.nextInt(256);
                }
                if (e[0] == ArenaProtocol.KIND_PLAYER && r.nextInt(10) == 0) {
                    e[5] = r.nextInt(8);
                }
            }
            int enter = r.nextInt(4);
            for (int i = 0; i < enter; i++) {
                boolean shot = r.nextBoolean();
                int id = shot ? 1024 + r.nextInt(64_000) : 1 + r.nextInt(1023);
                entities.putIfAbsent(id, new int[]{shot ? ArenaProtocol.KIND_PROJECTILE : ArenaProtocol.KIND_PLAYER,
                        r.nextInt(65536), r.nextInt(65536), r.nextInt(256), shot ? 0 : r.nextInt(256),
                        shot ? ArenaProtocol.FLAG_ALIVE : r.nextInt(8), shot ? r.nextInt(1, 1024) : 0,
                        r.nextInt(-600, 601), r.nextInt(-600, 601)});
            }
        }

        static int clamp(int q) {
            return Math.max(0, Math.min(0xFFFF, q));
        }

        SnapshotState state(long tick, long ack) {
            SnapshotState s = new SnapshotState();
            s.valid = true;
            s.tick = tick;
            s.ackSeq = ack;
            s.vx = r.nextInt(-32768, 32768);
            s.vy = r.nextBoolean() ? 0 : r.nextInt(-32768, 32768);
            s.phase = r.nextInt(20) == 0 ? r.nextInt(4) : 1;
            s.phaseEndTick = s.phase == 0 ? 0 : 100_000;
            entities.forEach((id, e) -> s.entities.add(id, e[0], e[1], e[2], e[3], e[4], e[5], e[6]));
            return s;
        }
    }

    @Test
    void randomSequencesRoundTripExactly() throws ProtocolException {
        BitWriter w = new BitWriter(64);
        long frames = 0;
        long fulls = 0;
        for (long seed = 1; seed <= 40; seed++) {
            RandomWorld world = new RandomWorld(seed);
            ServerDecoder client = new ServerDecoder();
            SnapshotState base = null;
            long tick = 1 + world.r.nextInt(1000);
            long ack = 0;
            for (int i = 0; i < 150; i++) {
                int age = world.r.nextInt(10) == 0 ? 1 + world.r.nextInt(300) : 2;
                tick += age;
                ack += world.r.nextInt(5);
                world.step(age);
                SnapshotState next = world.state(tick, ack);
                boolean resync = world.r.nextInt(50) == 0;
                List<GameEvent> events = world.r.nextInt(5) == 0
                        ? List.of(new GameEvent.Kill(1, 2), new GameEvent.Hit(3, 4, 20, 60)) : List.of();
                SnapshotCodec.encode(resync ? null : base, next, List.of(SnapshotEncoder.encodeEvents(events)), null, w);
                byte[] frame = w.toByteArray();
                ServerFrame.Snapshot s = (ServerFrame.Snapshot) client.decode(ByteBuffer.wrap(frame));
                boolean expectFull = resync || base == null || age > SnapshotCodec.MAX_BASE_AGE;
                assertEquals(expectFull, s.full(), "seed " + seed + " frame " + i);
                fulls += s.full() ? 1 : 0;
                assertSame(next, client.state(), "seed " + seed + " frame " + i);
                assertEquals(events, s.events());
                base = next;
                frames++;
            }
        }
        assertTrue(frames - fulls > frames / 2, "most frames were deltas");
    }

    static void assertSame(SnapshotState expected, SnapshotState actual, String where) {
        assertEquals(expected.tick, actual.tick, where);
        assertEquals(expected.ackSeq, actual.ackSeq, where);
        assertEquals(expected.vx, actual.vx, where);
        assertEquals(expected.vy, actual.vy, where);
        assertEquals(expected.phase, actual.phase, where);
        assertEquals(expected.phaseEndTick, actual.phaseEndTick, where);
        EntityTable a = expected.entities;
        EntityTable b = actual.entities;
        assertEquals(a.size(), b.size(), where + ": entity count");
        for (int i = 0; i < a.size(); i++) {
            String e = where + ": entity " + a.id(i);
            assertEquals(a.id(i), b.id(i), e);
            assertEquals(a.kind(i), b.kind(i), e);
            assertEquals(a.x(i), b.x(i), e);
            assertEquals(a.y(i), b.y(i), e);
            assertEquals(a.angle(i), b.angle(i), e);
            assertEquals(a.health(i), b.health(i), e);
            assertEquals(a.flags(i), b.flags(i), e);
            assertEquals(a.owner(i), b.owner(i), e);
            assertEquals(a.mx(i), b.mx(i), e + " motion");
            assertEquals(a.my(i), b.my(i), e + " motion");
        }
    }

    @Test
    void steadyMotionCostsOneBitPerEntity() throws ProtocolException {
        RandomWorld world = new RandomWorld(7);
        for (int id = 1; id <= 32; id++) {
            world.entities.put(id, new int[]{ArenaProtocol.KIND_PLAYER, 20_000 + id * 300, 20_000, 5, 100, 1, 0, 85, -40});
        }
        BitWriter w = new BitWriter(64);
        SnapshotState base = null;
        int last = 0;
        for (int i = 0; i < 4; i++) {
            SnapshotState next = new SnapshotState();
            next.valid = true;
            next.tick = 100 + 2L * i;
            next.phase = 1;
            next.phaseEndTick = 5000;
            for (var e : world.entities.entrySet()) {
                int[] v = e.getValue();
                next.entities.add(e.getKey(), v[0], v[1] + v[7] * 2 * i, v[2] + v[8] * 2 * i, v[3], v[4], v[5], 0);
            }
            SnapshotCodec.encode(base, next, List.of(), null, w);
            last = w.length();
            base = next;
        }
        // op, age, then 6 bits of ack, 1 + 1 header bits, 32 entity bits, 6 + 6 count bits, roster bit: 9 bytes
        assertEquals(9, last);
    }

    @Test
    void aBaselineTooOldOrFromTheFutureGivesAFullSnapshot() {
        SnapshotState base = new SnapshotState();
        base.valid = true;
        base.tick = 1000;
        assertTrue(SnapshotCodec.usable(base, 1001));
        assertTrue(SnapshotCodec.usable(base, 1255));
        assertFalse(SnapshotCodec.usable(base, 1256));
        assertFalse(SnapshotCodec.usable(base, 1000));
        base.valid = false;
        assertFalse(SnapshotCodec.usable(base, 1001));
    }

    @Test
    void truncatedAndMutatedFramesOnlyEverFailWithProtocolErrors() throws ProtocolException {
        RandomWorld world = new RandomWorld(99);
        BitWriter w = new BitWriter(64);
        List<byte[]> frames = new ArrayList<>();
        SnapshotState base = null;
        for (int i = 0; i < 30; i++) {
            world.step(2);
            SnapshotState next = world.state(10 + 2L * i, i);
            SnapshotCodec.encode(base, next, List.of(SnapshotEncoder.encodeEvents(List.of(new GameEvent.Kill(1, 2)))),
                    SnapshotEncoder.encodeRoster(new ServerFrame.Roster(1, List.of(new ServerFrame.RosterEntry(1, 2, 3, "x")))), w);
            frames.add(w.toByteArray());
            base = next;
        }
        SplittableRandom r = new SplittableRandom(5);
        int rejected = 0;
        for (int round = 0; round < 2000; round++) {
            ServerDecoder d = new ServerDecoder();
            d.decode(ByteBuffer.wrap(frames.get(0)));
            int k = 1 + r.nextInt(frames.size() - 1);
            for (int i = 1; i < k; i++) {
                d.decode(ByteBuffer.wrap(frames.get(i)));
            }
            byte[] bad = frames.get(k).clone();
            if (r.nextBoolean()) {
                bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length));
            } else {
                for (int m = 0; m < 1 + r.nextInt(3); m++) {
                    bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            try {
                d.decode(ByteBuffer.wrap(bad));
            } catch (ProtocolException e) {
                rejected++;
                if (bad.length > 0 && (bad[0] & 0xFF) == Protocol.OP_SNAPSHOT) {
                    assertFalse(d.hasBaseline(), "a failed snapshot drops the baseline");
                }
            } catch (RuntimeException e) {
                fail("frame " + k + " mutated: " + e, e);
            }
        }
        assertTrue(rejected > 1000, "most mutations are detected: " + rejected);
    }

    @Test
    void phaseEndTickTravels() throws ProtocolException {
        SnapshotState s = new SnapshotState();
        s.valid = true;
        s.tick = 50;
        s.phase = MatchPhase.COUNTDOWN.code();
        s.phaseEndTick = 350;
        BitWriter w = new BitWriter(16);
        SnapshotCodec.encode(null, s, List.of(), null, w);
        ServerFrame.Snapshot d = (ServerFrame.Snapshot) ServerFrames.decode(ByteBuffer.wrap(w.toByteArray()));
        assertEquals(MatchPhase.COUNTDOWN, d.phase());
        assertEquals(350, d.phaseEndTick());
        assertTrue(d.full());
    }
}
