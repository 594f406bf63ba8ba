package dev.skirmish.engine.replay;

import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameContext;
import dev.skirmish.engine.spi.InterestArea;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The determinism check of a replay, away from any server: the replay's game is found on the class path and
 * configured with the settings the replay carries, then the whole replay is played and every recorded state
 * compared ({@link ReplayPlayer}).
 *
 * @param ticks       steps played
 * @param checks      states compared
 * @param differences states (or joins) that were not as recorded
 * @param firstDifference the first, with its tick; null when none
 * @param nanos       the time it took, with the game's set-up
 */
public record ReplayCheck(long ticks, int checks, int differences, String firstDifference, long nanos) {
    /** The engine's settings a game reads through its context; a replay carries them with the game's own. */
    public static final java.util.List<String> ENGINE_KEYS = java.util.List.of("sim.rateHz", "snapshot.rateHz",
            "interest.viewWidth", "interest.viewHeight", "interest.margin");

    /** Whether the replay played to its end exactly as recorded. */
    public boolean same() {
        return differences == 0;
    }

    /** Plays {@code replay} with its game from {@code loader}'s class path. */
    public static ReplayCheck run(Replay replay, ClassLoader loader) throws ReplayException {
        long started = System.nanoTime();
        Game<?> game = configured(replay.header(), loader);
        ReplayPlayer<?> player = new ReplayPlayer<>(game, replay);
        long ticks = 0;
        while (player.step()) {
            player.takeEvents();
            ticks++;
        }
        String first = player.firstDifference() == null ? null
                : "tick " + player.firstDifferenceTick() + ": " + player.firstDifference();
        return new ReplayCheck(ticks, player.checks(), player.differences(), first, System.nanoTime() - started);
    }

    /**
     * The replay's game from {@code loader}'s class path ({@code META-INF/services}), configured with the settings
     * the replay carries (a setting it does not carry has the game's default).
     *
     * @throws ReplayException when no such game is there, it has no replays, or it refuses the settings
     */
    public static Game<?> configured(Replay.Header h, ClassLoader loader) throws ReplayException {
        for (Game<?> g : ServiceLoader.load(Game.class, loader)) {
            if (g.name().equals(h.game())) {
                if (!g.replays()) {
                    throw new ReplayException("game " + h.game() + " records no replays");
                }
                try {
                    g.configure(context(g.settings(), h.settings()));
                } catch (IllegalArgumentException e) {
                    throw new ReplayException("game " + h.game() + " refuses the replay's settings: " + e.getMessage());
                }
                return g;
            }
        }
        throw new ReplayException("no game called " + h.game() + " on the class path");
    }

    private static GameContext context(Map<String, String> defaults, Map<String, String> carried)
            throws ReplayException {
        int sim = number(carried, "sim.rateHz", 60);
        int snapshots = number(carried, "snapshot.rateHz", 30);
        InterestArea interest = new InterestArea(number(carried, "interest.viewWidth", 1600),
                number(carried, "interest.viewHeight", 1000), number(carried, "interest.margin", 160));
        return new GameContext() {
            @Override
            public int simRateHz() {
                return sim;
            }

            @Override
            public int snapshotRateHz() {
                return snapshots;
            }

            @Override
            public InterestArea interest() {
                return interest;
            }

            @Override
            public String setting(String key) {
                return carried.getOrDefault(key, defaults.get(key));
            }
        };
    }

    private static int number(Map<String, String> carried, String key, int fallback) throws ReplayException {
        String v = carried.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ReplayException("damaged replay: setting " + key + " is '" + v + "'");
        }
    }
}
