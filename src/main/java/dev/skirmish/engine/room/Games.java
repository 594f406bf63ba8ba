package dev.skirmish.engine.room;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameContext;
import dev.skirmish.engine.spi.InterestArea;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the games on the class path ({@link ServiceLoader}, {@code META-INF/services/dev.skirmish.engine.spi.Game})
 * and configures the one a server runs.
 */
public final class Games {
    /** The game a server runs when nothing else is named. */
    public static final String DEFAULT = "arena";

    private Games() {
    }

    /** The names of the games this class loader finds, in class path order. */
    public static List<String> names(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (Game<?> g : ServiceLoader.load(Game.class, loader)) {
            names.add(g.name());
        }
        return names;
    }

    /**
     * A game as this server offers it: configured, with its rates resolved against the tick loops' rate.
     *
     * @param tickEvery loop ticks per tick of this game's rooms (the loops run at {@code sim.rateHz})
     */
    public record Offered(Game<?> game, int tickRateHz, int snapshotRateHz, int maxPlayers, int tickEvery) {
        public String name() {
            return game.name();
        }
    }

    /** {@code game} (configured already) as offered with {@code settings}. */
    public static Offered offer(Game<?> game, GameSettings settings) {
        int loop = settings.sim().rateHz();
        int tick = game.tickRateHz() == 0 ? loop : game.tickRateHz();
        if (tick < 1 || tick > loop || loop % tick != 0) {
            throw new IllegalArgumentException("game " + game.name() + ": its tick rate " + tick
                    + " Hz must divide sim.rateHz (" + loop + " Hz)");
        }
        int snap = game.snapshotRateHz() == 0 ? Math.min(tick, settings.sim().snapshotRateHz()) : game.snapshotRateHz();
        if (snap < 1 || snap > tick) {
            throw new IllegalArgumentException("game " + game.name() + ": its snapshot rate " + snap
                    + " Hz must be 1 to its tick rate " + tick + " Hz");
        }
        int max = game.maxPlayers() == 0 ? settings.rooms().maxCapacity()
                : Math.min(game.maxPlayers(), settings.rooms().maxCapacity());
        if (max < 2) {
            throw new IllegalArgumentException("game " + game.name() + ": rooms must take at least 2 players");
        }
        return new Offered(game, tick, snap, max, loop / tick);
    }

    /**
     * The games this server offers ({@code games.enabled}, or every game found), configured, by name in class path
     * order.
     *
     * @throws IllegalArgumentException when a named game is not on the class path, two games share a name, the
     *                                  default game is not offered, or a game refuses its settings
     */
    public static java.util.Map<String, Offered> loadAll(GameSettings settings) {
        ClassLoader loader = Games.class.getClassLoader();
        java.util.Map<String, Offered> out = new java.util.LinkedHashMap<>();
        List<String> enabled = settings.games().enabled();
        for (Game<?> g : ServiceLoader.load(Game.class, loader)) {
            if (!g.name().matches("[a-z][a-z0-9]{0,15}")) {
                throw new IllegalArgumentException("game " + g.getClass().getName() + " has a bad name '" + g.name()
                        + "' (lower-case letters and digits, at most 16)");
            }
            if (!enabled.isEmpty() && !enabled.contains(g.name())) {
                continue;
            }
            if (out.containsKey(g.name())) {
                throw new IllegalArgumentException("two games are called '" + g.name() + "'");
            }
            g.configure(context(settings));
            out.put(g.name(), offer(g, settings));
        }
        for (String name : enabled) {
            if (!out.containsKey(name)) {
                throw new IllegalArgumentException("setting games.enabled: no game called '" + name + "' (found "
                        + names(loader) + ")");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no game on the class path (META-INF/services/dev.skirmish.engine.spi.Game)");
        }
        if (!settings.games().defaultGame().isEmpty() && !out.containsKey(settings.games().defaultGame())) {
            throw new IllegalArgumentException("setting games.default: no game called '"
                    + settings.games().defaultGame() + "' is offered (" + out.keySet() + ")");
        }
        return out;
    }

    /**
     * The game called {@code name}, configured with {@code settings}.
     *
     * @throws IllegalArgumentException when no such game is on the class path, or it refuses a setting
     */
    public static Game<?> load(String name, GameSettings settings) {
        ClassLoader loader = Games.class.getClassLoader();
        for (Game<?> g : ServiceLoader.load(Game.class, loader)) {
            if (g.name().equals(name)) {
                g.configure(context(settings));
                return g;
            }
        }
        throw new IllegalArgumentException("no game called '" + name + "' (found " + names(loader) + ")");
    }

    /** What a game learns of the server's settings. */
    static GameContext context(GameSettings settings) {
        InterestArea interest = new InterestArea(settings.rooms().interestViewWidth(),
                settings.rooms().interestViewHeight(), settings.rooms().interestMargin());
        return new GameContext() {
            @Override
            public int simRateHz() {
                return settings.sim().rateHz();
            }

            @Override
            public int snapshotRateHz() {
                return settings.sim().snapshotRateHz();
            }

            @Override
            public InterestArea interest() {
                return interest;
            }

            @Override
            public String setting(String key) {
                return settings.value(key);
            }
        };
    }
}
