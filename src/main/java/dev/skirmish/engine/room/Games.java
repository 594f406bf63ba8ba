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
