package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Round trips of a world's saved state: a restored world steps identically to the original. */
class WorldCodecTest {
    private final SimRules rules = SimRules.defaults(60).withMatch(5, 30, 2, 1);

    /** Random but seeded inputs for every player of the world: moving, turning and firing. */
    private static Map<Integer, List<PlayerInput>> inputs(World w, SplittableRandom r, long tick) {
        Map<Integer, List<PlayerInput>> in = new HashMap<>();
        for (Player p : w.players()) {
            int buttons = r.nextInt(Buttons.ALL + 1);
            double aim = r.nextDouble() * Math.PI * 2;
            double view = tick > 10 ? tick - r.nextInt(10) : 0;
            in.put(p.id(), List.of(new PlayerInput(tick, buttons, aim, view)));
        }
        return in;
    }

    /** A busy world after {@code ticks}: players fighting, a match running, projectiles in flight. */
    private World busyWorld(int players, int ticks, SplittableRandom r) {
        World w = new World(TestMaps.box(), rules, 7);
        for (int i = 0; i < players; i++) {
            w.addPlayer("p" + i);
        }
        w.drainEvents();
        for (int t = 1; t <= ticks; t++) {
            w.step(inputs(w, r, t));
            w.drainEvents();
        }
        return w;
    }

    @Test
    void aRestoredWorldStepsIdenticallyToTheOriginal() {
        SplittableRandom r = new SplittableRandom(3);
        for (int ticks : new int[]{0, 1, 90, 400, 1500, 2600}) {
            World original = busyWorld(6, ticks, r);
            byte[] saved = WorldCodec.save(original);
            World copy = WorldCodec.restore(saved, TestMaps.box());
            assertArrayEquals(saved, WorldCodec.save(copy), "a restored world saves to the same bytes");
            // step both with the same inputs for longer than a respawn and a match phase: same events, same state
            SplittableRandom a = new SplittableRandom(ticks);
            SplittableRandom b = new SplittableRandom(ticks);
            for (int t = 0; t < 700; t++) {
                original.step(inputs(original, a, original.tick()));
                copy.step(inputs(copy, b, copy.tick()));
                assertEquals(original.drainEvents(), copy.drainEvents(), "events at tick " + original.tick());
                assertArrayEquals(WorldCodec.save(original), WorldCodec.save(copy), "state at tick " + original.tick());
            }
        }
    }

    @Test
    void theSavedStateCarriesScoresClockAndProjectiles() {
        World w = busyWorld(8, 1200, new SplittableRandom(5));
        List<Player> before = new ArrayList<>(w.players());
        int kills = before.stream().mapToInt(Player::kills).sum();
        assertTrue(kills + w.matchNumber() > 0, "the test world saw fighting (kills " + kills + ", matches "
                + w.matchNumber() + ")");
        World copy = WorldCodec.restore(WorldCodec.save(w), TestMaps.box());
        assertEquals(w.tick(), copy.tick());
        assertEquals(w.phase(), copy.phase());
        assertEquals(w.matchNumber(), copy.matchNumber());
        assertEquals(w.phaseTicksRemaining(), copy.phaseTicksRemaining());
        assertEquals(w.projectiles().size(), copy.projectiles().size());
        for (Player p : before) {
            Player q = copy.player(p.id());
            assertEquals(p.name(), q.name());
            assertEquals(p.x, q.x);
            assertEquals(p.y, q.y);
            assertEquals(p.health(), q.health());
            assertEquals(p.kills(), q.kills());
            assertEquals(p.deaths(), q.deaths());
            assertEquals(p.lastInputSeq(), q.lastInputSeq());
        }
    }

    @Test
    void otherMapsVersionsAndDamagedBytesAreRefusedWithAReason() {
        byte[] saved = WorldCodec.save(busyWorld(4, 300, new SplittableRandom(9)));
        IllegalArgumentException otherMap = assertThrows(IllegalArgumentException.class,
                () -> WorldCodec.restore(saved, TestMaps.duel()));
        assertTrue(otherMap.getMessage().contains("map"), otherMap.getMessage());

        byte[] v2 = saved.clone();
        v2[5] = (byte) (WorldCodec.VERSION + 1);
        assertEquals("saved world format " + (WorldCodec.VERSION + 1) + " is not supported (this node reads "
                        + WorldCodec.VERSION + ")",
                assertThrows(IllegalArgumentException.class, () -> WorldCodec.restore(v2, TestMaps.box())).getMessage());

        byte[] cut = java.util.Arrays.copyOf(saved, saved.length - 3);
        assertEquals("the saved world is truncated",
                assertThrows(IllegalArgumentException.class, () -> WorldCodec.restore(cut, TestMaps.box())).getMessage());

        byte[] longer = java.util.Arrays.copyOf(saved, saved.length + 1);
        assertEquals("trailing bytes after the saved world",
                assertThrows(IllegalArgumentException.class, () -> WorldCodec.restore(longer, TestMaps.box())).getMessage());

        assertThrows(IllegalArgumentException.class, () -> WorldCodec.restore(new byte[0], TestMaps.box()));
        assertThrows(IllegalArgumentException.class, () -> WorldCodec.restore("hello".getBytes(), TestMaps.box()));
    }

    @Test
    void mutatedBytesFailOnlyWithIllegalArgument() {
        byte[] saved = WorldCodec.save(busyWorld(3, 200, new SplittableRandom(1)));
        SplittableRandom r = new SplittableRandom(2);
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] m = saved.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            }
            try {
                WorldCodec.restore(m, TestMaps.box());
            } catch (IllegalArgumentException e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "some mutations were refused");
    }

    @Test
    void theRandomGeneratorResumesFromItsState() {
        SeededRandom a = new SeededRandom(123);
        for (int i = 0; i < 17; i++) {
            a.nextInt(7);
        }
        SeededRandom b = new SeededRandom(a.state());
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextInt(1 + i % 50), b.nextInt(1 + i % 50));
        }
        int[] counts = new int[3];
        SeededRandom c = new SeededRandom(1);
        for (int i = 0; i < 30_000; i++) {
            counts[c.nextInt(3)]++;
        }
        for (int n : counts) {
            assertTrue(Math.abs(n - 10_000) < 600, "uniform: " + java.util.Arrays.toString(counts));
        }
    }
}
