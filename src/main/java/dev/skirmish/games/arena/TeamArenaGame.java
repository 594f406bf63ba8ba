package dev.skirmish.games.arena;

import dev.skirmish.engine.spi.GameContext;
import java.util.Map;

/**
 * The arena in two teams (team deathmatch): players join the smaller team, shots pass through teammates, and the
 * first team to {@code teams.killLimit} kills (or the one ahead when time runs out) wins. Everything else (map,
 * guns, pickups, match times, the wire) is the arena's, read from the arena's settings. A room plays it when it is
 * created with the game {@value #NAME}: the arena's mode is a game of its own name, so the lobby, quick play, the
 * cluster's room records, handovers and replays all carry it unchanged.
 */
public final class TeamArenaGame extends ArenaGame {
    /** The game's name in the lobby and the bots' {@code --game}. */
    public static final String NAME = dev.skirmish.games.arena.protocol.ArenaProtocol.TEAM_GAME;

    public TeamArenaGame() {
        super(NAME, true);
    }

    /** Only its own key: the arena's are the arena's (two games may not declare one key). */
    @Override
    public Map<String, String> settings() {
        return Map.of("teams.killLimit", "50");
    }

    /** The arena's keys (map, match times, lag compensation), which this game reads as the arena does. */
    @Override
    public java.util.Set<String> sharedSettings() {
        return new ArenaGame().settings().keySet();
    }

    @Override
    public void configure(GameContext context) {
        configure(context, integer(context, "teams.killLimit", 1, 5000));
    }
}
