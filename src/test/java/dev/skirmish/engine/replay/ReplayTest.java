package dev.skirmish.engine.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.SettingsLoader;
import dev.skirmish.engine.room.Games;
import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.cycles.sim.Steer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Replays of both games, driven tick by tick as a room drives its world: recorded, written to a file, read back and
 * played by the offline check; damaged files, seeks, excerpts and the bounds.
 */
class ReplayTest {
    /** A game as a server configures it, with these settings over the defaults. */
    @SuppressWarnings("unchecked")
    static Game<Object> game(String name, Map<String, String> overrides) {
        Properties p = new Properties();
        overrides.forEach((k, v) -> p.setProperty("skirmish." + k, v));
        GameSettings s = SettingsLoader.load(Map.of(), p);
        return (Game<Object>) Games.load(name, s);
    }

    static Map<String, String> carried(Game<?> game, Map<String, String> overrides) {
        Map<String, String> m = new TreeMap<>(game.settings());
        m.putAll(Map.of("sim.rateHz", "60", "snapshot.rateHz", "30", "interest.viewWidth", "1600",
                "interest.viewHeight", "1000", "interest.margin", "160"));
        overrides.forEach((k, v) -> {
            if (m.containsKey(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** A recording world, the replays it finished, and a driver that plays it like a room with seeded players. */
    static final class Rig {
        final Game<Object> game;
        final RecordingWorld<Object> world;
        final List<Replay> finished = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(7);
        final Map<Integer, Long> seqs = new HashMap<>();
        final Map<Integer, Object> last = new HashMap<>();
        final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        int ids;

        Rig(String name, Map<String, String> overrides, RecordingWorld.Limits limits) {
            game = game(name, overrides);
            int rate = name.equals("cycles") ? Integer.parseInt(overrides.getOrDefault("cycles.tickRateHz", "20")) : 60;
            GameWorld<Object> w = game.newWorld(42);
            world = new RecordingWorld<>(w, game, new RecordingWorld.Source(name, "room1", "Test room", rate, 20,
                    carried(game, overrides)), limits, finished::add, clock::get, () -> "r" + ++ids);
        }

        int join(String nick) {
            int id = world.join(nick);
            seqs.put(id, 0L);
            return id;
        }

        /** One tick: every player in {@code players} sends what a restless human would. */
        void tick(List<Integer> players) {
            Map<Integer, List<Object>> inputs = new HashMap<>();
            for (int id : players) {
                long seq = seqs.merge(id, 1L, Long::sum);
                Object in = input(id, seq);
                if (in != null) {
                    inputs.put(id, new ArrayList<>(List.of(in)));
                    last.put(id, in);
                }
            }
            clock.addAndGet(16);
            world.step(inputs);
            world.takeEvents();
        }

        private Object input(int id, long seq) {
            if (game.name().equals("cycles")) {
                int r = random.nextInt(10);
                return r == 0 ? Steer.LEFT : r == 1 ? Steer.RIGHT : r == 2 ? Steer.NONE : null;
            }
            Object prev = last.get(id);
            if (prev != null && random.nextInt(3) != 0) {
                return world.heldInput(prev, seq); // a held tick: the view tick moves on
            }
            int buttons = random.nextInt(Buttons.ALL + 1);
            double aim = Quant.fromAngle16(random.nextInt(65536));
            double view = Math.max(0, world.tick() - 3) + random.nextInt(256) / 256.0;
            return new PlayerInput(seq, buttons, aim, view);
        }
    }

    static final RecordingWorld.Limits LIMITS = new RecordingWorld.Limits(300, 600, 60, 36_000, 16 << 20);
    static final Map<String, String> SHORT_ARENA = Map.of("match.timeSeconds", "10", "match.countdownSeconds", "1",
            "match.resultsSeconds", "1");

    /** The arena: four players, one held and back, one leaving and another coming, to the match's results. */
    static Rig arenaMatch() {
        Rig rig = new Rig("arena", SHORT_ARENA, LIMITS);
        List<Integer> players = new ArrayList<>(List.of(rig.join("ana"), rig.join("bo"), rig.join("cy"), rig.join("dee")));
        for (int t = 0; t < 1000; t++) {
            if (t == 200) {
                rig.world.hold(players.get(1));
            } else if (t == 320) {
                rig.world.rejoin(players.get(1));
            } else if (t == 400) {
                rig.world.leave(players.remove(2));
            } else if (t == 450) {
                players.add(rig.join("eve"));
            }
            rig.tick(players);
        }
        return rig;
    }

    static Rig cyclesRounds() {
        Rig rig = new Rig("cycles", Map.of(), new RecordingWorld.Limits(100, 200, 20, 12_000, 16 << 20));
        List<Integer> players = new ArrayList<>(List.of(rig.join("ana"), rig.join("bo"), rig.join("cy")));
        for (int t = 0; t < 3000; t++) {
            rig.tick(players);
        }
        return rig;
    }

    @Test
    void eachGamesMatchesAreRecordedAndPlayBackThroughTheirFilesToTheSameStates() throws Exception {
        for (Rig rig : List.of(arenaMatch(), cyclesRounds())) {
            assertFalse(rig.finished.isEmpty(), rig.game.name() + " finished a match");
            for (Replay r : rig.finished) {
                byte[] file = r.encode();
                Replay read = Replay.decode(file);
                assertEquals(r.header(), read.header());
                assertArrayEquals(r.body(), read.body());
                ReplayCheck c = ReplayCheck.run(read, getClass().getClassLoader());
                assertTrue(c.same(), rig.game.name() + " replay " + r.header().id() + ": " + c.firstDifference());
                assertEquals(r.header().ticks(), c.ticks(), "every recorded step played");
                assertTrue(c.checks() >= 1 + r.header().ticks() / 300, "a check per block and the end: " + c.checks());
            }
        }
        Replay arena = arenaMatch().finished.get(0);
        assertEquals(Replay.Ending.RESULTS, arena.header().ending());
        assertEquals(java.util.Set.of("ana", "bo", "cy", "dee", "eve"), arena.header().players().stream().map(p -> p.name())
                .collect(java.util.stream.Collectors.toSet()), "the scoreboard at the end, and cy, who left");
        assertTrue(arena.header().seconds() >= 10, "the whole match: " + arena.header().seconds());
    }

    @Test
    void aReplayThatDoesNotPlayAsRecordedOrIsNotAReplayIsNamedSo() throws Exception {
        Replay r = arenaMatch().finished.get(0);
        byte[] body = r.body().clone();
        body[body.length - 1] ^= 1; // the end's CRC
        ReplayCheck c = ReplayCheck.run(new Replay(r.header(), r.start(), body), getClass().getClassLoader());
        assertFalse(c.same());
        assertEquals(1, c.differences());
        assertTrue(c.firstDifference().startsWith("tick " + r.header().lastTick() + ": the state at tick"),
                c.firstDifference());

        byte[] file = r.encode();
        ReplayException cut = assertThrows(ReplayException.class,
                () -> Replay.decode(java.util.Arrays.copyOf(file, file.length - 10)));
        assertTrue(cut.getMessage().startsWith("damaged replay"), cut.getMessage());
        ReplayException other = assertThrows(ReplayException.class, () -> Replay.decode("hello".getBytes()));
        assertTrue(other.getMessage().startsWith("not a Skirmish replay"), other.getMessage());
        byte[] truncatedBody = java.util.Arrays.copyOf(r.body(), r.body().length / 2);
        ReplayException half = assertThrows(ReplayException.class, () -> ReplayCheck.run(
                new Replay(r.header(), r.start(), truncatedBody), getClass().getClassLoader()));
        assertTrue(half.getMessage().startsWith("damaged replay"), half.getMessage());
    }

    @Test
    void seekingBackAndForthReachesTheStatesOfPlayingStraightThrough() throws Exception {
        Replay r = arenaMatch().finished.get(0);
        Game<Object> game = game("arena", SHORT_ARENA);
        ReplayPlayer<Object> straight = new ReplayPlayer<>(game, r);
        Map<Long, Integer> crcs = new HashMap<>();
        while (straight.step()) {
            straight.world().takeEvents();
            crcs.put(straight.position(), ReplayFormat.crc(straight.world().save()));
        }
        ReplayPlayer<Object> p = new ReplayPlayer<>(game, r);
        long length = r.header().ticks();
        for (long to : new long[] {length, length / 3, 5, length / 2, length - 1, 0, 400}) {
            p.seek(to);
            assertEquals(to, p.position());
            if (to > 0) {
                assertEquals(crcs.get(to), ReplayFormat.crc(p.world().save()), "the state at " + to);
            }
        }
        assertTrue(p.restores() > 2, "back from a kept state, not from the start: " + p.restores());
        ReplayPlayer<Object> parts = new ReplayPlayer<>(game, r); // a long seek in turns of at most 100 steps
        int turns = 0;
        while (!parts.at(length - 7)) {
            assertTrue(parts.seek(length - 7, 100) <= 100);
            turns++;
        }
        assertEquals(crcs.get(length - 7), ReplayFormat.crc(parts.world().save()));
        assertTrue(turns >= (length - 7) / 100, "in turns: " + turns);
        assertEquals(0, p.differences());
        p.seek(length + 1000);
        assertEquals(length, p.position(), "clamped to the end");
    }

    @Test
    void anExcerptStartsFromTheLastSavedStateBeforeItsTickAndPlaysToNow() throws Exception {
        Rig rig = new Rig("arena", SHORT_ARENA, LIMITS);
        List<Integer> players = List.of(rig.join("ana"), rig.join("bo"));
        for (int t = 0; t < 500; t++) {
            rig.tick(players);
        }
        Replay e = rig.world.excerpt(rig.world.tick() - 180);
        assertNotNull(e);
        assertEquals(Replay.Ending.EXCERPT, e.header().ending());
        long from = e.header().firstTick();
        assertTrue(from <= 320 && 320 - from < 300, "from the saved state of the block that holds tick 320: " + from);
        assertEquals(500, e.header().lastTick());
        assertTrue(ReplayCheck.run(Replay.decode(e.encode()), getClass().getClassLoader()).same());
    }

    @Test
    void outsideAMatchOnlyTheRecentPastIsKeptAndALongMatchIsCut() {
        // free play (one player: waiting) for a long time: only the blocks of the kept past stay
        Rig lone = new Rig("arena", SHORT_ARENA, LIMITS);
        List<Integer> one = List.of(lone.join("ana"));
        for (int t = 0; t < 6000; t++) {
            lone.tick(one);
        }
        assertEquals(MatchPhase.WAITING, lone.world.phase());
        assertTrue(lone.finished.isEmpty());
        long keptTicks = lone.world.tick() - lone.world.excerpt(0).header().firstTick();
        assertTrue(keptTicks <= 600 + 300, "at most the kept past and a block: " + keptTicks);
        // a match longer than the bound: cut, and the next part starts at once
        Rig cut = new Rig("arena", Map.of("match.timeSeconds", "60", "match.countdownSeconds", "1"),
                new RecordingWorld.Limits(300, 600, 60, 900, 16 << 20));
        List<Integer> two = List.of(cut.join("ana"), cut.join("bo"));
        for (int t = 0; t < 2000; t++) {
            cut.tick(two);
        }
        assertTrue(cut.finished.size() >= 2, "parts: " + cut.finished.size());
        assertEquals(Replay.Ending.CUT, cut.finished.get(0).header().ending());
        assertEquals(cut.finished.get(0).header().lastTick(), cut.finished.get(1).header().firstTick(),
                "the next part starts where the cut one ends");
        assertTrue(cut.finished.get(0).header().ticks() <= 900);
    }

    @Test
    void theStoreKeepsTheNewestWithinItsBoundsAndNothingOfAnUnfinishedShortMatch() {
        Rig rig = new Rig("arena", SHORT_ARENA, LIMITS);
        List<Integer> two = List.of(rig.join("ana"), rig.join("bo"));
        for (int t = 0; t < 100; t++) {
            rig.tick(two); // countdown and less than the least play
        }
        rig.world.leave(two.get(1));
        for (int t = 0; t < 10; t++) {
            rig.tick(List.of(two.get(0)));
        }
        assertTrue(rig.finished.isEmpty(), "a match that played less than the least is not kept");

        Replay r = arenaMatch().finished.get(0);
        int size = new Replay(withId(r.header(), "a"), r.start(), r.body()).encode().length;
        try (ReplayStore store = new ReplayStore(2, (long) size * 3)) {
            for (String id : List.of("a", "b", "c")) {
                store.add(new Replay(withId(r.header(), id), r.start(), r.body()));
            }
            assertEquals(List.of("c", "b"), store.list().stream().map(e -> e.header().id()).toList(), "newest first");
            assertEquals(1, store.evicted());
            assertEquals(2L * size, store.bytes());
            assertNull(store.get("a").orElse(null));
        }
        try (ReplayStore small = new ReplayStore(10, (long) size * 2 - 1)) {
            for (String id : List.of("a", "b")) {
                small.add(new Replay(withId(r.header(), id), r.start(), r.body()));
            }
            assertEquals(List.of("b"), small.list().stream().map(e -> e.header().id()).toList(), "within the bytes");
        }
    }

    @Test
    void aGameWhoseInputsCannotBeWrittenPlaysOnUnrecorded() {
        Game<Object> arena = game("arena", SHORT_ARENA);
        Game<Object> faulty = new Game<>() {
            @Override
            public String name() {
                return "arena";
            }

            @Override
            public void configure(dev.skirmish.engine.spi.GameContext context) {
            }

            @Override
            public int inputBytes() {
                return arena.inputBytes();
            }

            @Override
            public Object decodeInput(long seq, dev.skirmish.engine.spi.wire.ByteReader in)
                    throws dev.skirmish.engine.spi.wire.ProtocolException {
                return arena.decodeInput(seq, in);
            }

            @Override
            public GameWorld<Object> newWorld(long seed) {
                return arena.newWorld(seed);
            }

            @Override
            public GameWorld<Object> restore(byte[] saved) {
                return arena.restore(saved);
            }

            @Override
            public long encodeInput(Object input, dev.skirmish.engine.spi.wire.ByteWriter out) {
                out.u8(1); // one byte where eight are due
                return 0;
            }
        };
        List<Replay> kept = new ArrayList<>();
        RecordingWorld<Object> w = new RecordingWorld<>(arena.newWorld(1), faulty, new RecordingWorld.Source("arena", "r",
                "r", 60, 30, Map.of()), LIMITS, kept::add, () -> 0L, () -> "x");
        int a = w.join("ana");
        w.join("bo");
        for (long t = 1; t <= 600; t++) {
            w.step(Map.of(a, List.of(new PlayerInput(t, Buttons.RIGHT, 0))));
            w.takeEvents();
        }
        assertTrue(w.broken(), "recording stopped");
        assertEquals(600, w.tick(), "the world played on");
        assertNull(w.excerpt(0), "no kill replay from a stopped recording");
        assertEquals(0, w.heldBytes(), "and nothing held");
        assertTrue(kept.isEmpty());
    }

    @Test
    void aModeGameIsConfiguredOfflineFromTheSharedSettingsItsReplayCarries() throws Exception {
        Map<String, String> carried = new TreeMap<>(Map.of("sim.rateHz", "60", "snapshot.rateHz", "30",
                "teams.killLimit", "7"));
        for (String key : new dev.skirmish.games.arena.TeamArenaGame().sharedSettings()) {
            carried.put(key, new dev.skirmish.games.arena.ArenaGame().settings().get(key));
        }
        carried.put("map", "yard");
        Replay.Header h = new Replay.Header("x", "teams", "r", "r", "Yard", 0, 0, 60, 30, 8, 0, 0,
                Replay.Ending.RESULTS, carried, List.of());
        var g = (dev.skirmish.games.arena.TeamArenaGame) ReplayCheck.configured(h, getClass().getClassLoader());
        assertEquals("yard", g.map().name().toLowerCase(java.util.Locale.ROOT), "the arena's map, as carried");
        assertEquals(7, g.rules().killLimit(), "its own key");
        assertTrue(new dev.skirmish.games.arena.TeamArenaGame().sharedSettings().contains("map"));
    }

    static Replay.Header withId(Replay.Header h, String id) {
        return new Replay.Header(id, h.game(), h.roomId(), h.roomName(), h.map(), h.startedAtMillis(), h.endedAtMillis(),
                h.tickRateHz(), h.snapshotRateHz(), h.inputBytes(), h.firstTick(), h.lastTick(), h.ending(), h.settings(),
                h.players());
    }
}
