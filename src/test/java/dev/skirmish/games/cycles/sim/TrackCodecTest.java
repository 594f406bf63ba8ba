package dev.skirmish.games.cycles.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A saved track restores exactly and rides on exactly as the original (a room handover). */
class TrackCodecTest {
    @Test
    void aRestoredTrackRidesOnLikeTheOriginal() {
        for (int stop : new int[]{1, 15, 40, 200, 333}) {
            Track a = new Track(TrackTest.RULES, 11);
            for (int i = 0; i < 3; i++) {
                a.addRider("r" + i);
            }
            dev.skirmish.engine.spi.SeededRandom r = new dev.skirmish.engine.spi.SeededRandom(5);
            List<Map<Integer, List<Steer>>> script = new java.util.ArrayList<>();
            for (int tick = 0; tick < 500; tick++) {
                Map<Integer, List<Steer>> in = new HashMap<>();
                int k = r.nextInt(6);
                if (k < 3) {
                    in.put(1 + k, List.of(r.nextInt(2) == 0 ? Steer.LEFT : Steer.RIGHT));
                }
                script.add(in);
            }
            for (int tick = 0; tick < stop; tick++) {
                a.step(script.get(tick));
            }
            a.drainEvents();
            byte[] saved = TrackCodec.save(a);
            Track b = TrackCodec.restore(saved, TrackTest.RULES);
            assertArrayEquals(saved, TrackCodec.save(b), "restored as saved, at tick " + stop);
            for (int y = 0; y < TrackTest.RULES.height(); y++) {
                for (int x = 0; x < TrackTest.RULES.width(); x++) {
                    assertEquals(a.cell(x, y), b.cell(x, y), "cell " + x + "," + y + " at tick " + stop);
                }
            }
            for (int tick = stop; tick < 500; tick++) {
                a.step(script.get(tick));
                b.step(script.get(tick));
            }
            assertEquals(a.drainEvents(), b.drainEvents());
            assertArrayEquals(TrackCodec.save(a), TrackCodec.save(b), "the same ride from tick " + stop);
        }
    }

    @Test
    void otherRulesAndDamagedBytesAreRefused() {
        Track a = new Track(TrackTest.RULES, 1);
        a.addRider("x");
        a.drainEvents();
        byte[] saved = TrackCodec.save(a);
        assertThrows(IllegalArgumentException.class, () -> TrackCodec.restore(saved, TrackRules.of(40, 40, 20)));
        assertThrows(IllegalArgumentException.class,
                () -> TrackCodec.restore(java.util.Arrays.copyOf(saved, saved.length - 1), TrackTest.RULES));
        assertThrows(IllegalArgumentException.class, () -> TrackCodec.restore(new byte[]{1, 2, 3, 4, 5, 6}, TrackTest.RULES));
    }
}
