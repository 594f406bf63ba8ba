package dev.skirmish.bots;

import dev.skirmish.engine.spi.BotPilot;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The swarm's bot players: every {@link BotPilot} on the class path ({@code META-INF/services/
 * dev.skirmish.engine.spi.BotPilot}: the arena's and light cycles' here, a team's from its own jar), and
 * {@link BlindBots} for any other game.
 */
final class BotGame {
    private BotGame() {
    }

    /** The pilots on the class path, by game name. */
    static List<BotPilot> pilots() {
        List<BotPilot> all = new ArrayList<>();
        ServiceLoader.load(BotPilot.class, BotGame.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /** The games played knowingly. */
    static List<String> names() {
        return pilots().stream().map(BotPilot::game).sorted().toList();
    }

    /** The pilot of the game called {@code name}, or the blind one. */
    static BotPilot of(String name) {
        return pilots().stream().filter(p -> p.game().equals(name)).findFirst().orElseGet(BlindBots::new);
    }
}
