package dev.skirmish.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.skirmish.engine.spi.BotPilot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The swarm finds the games' pilots through the SPI ({@code META-INF/services}) and plays other games blind. */
class BotGameTest {
    @Test
    void pilotsAreFoundByGameAndAnyOtherGameIsPlayedBlind() {
        assertEquals(List.of("arena", "cycles", "teams"), BotGame.names());
        assertEquals("dev.skirmish.games.arena.bot.TeamArenaBots", BotGame.of("teams").getClass().getName());
        assertEquals("dev.skirmish.games.arena.bot.ArenaBots", BotGame.of("arena").getClass().getName());
        assertEquals("dev.skirmish.games.cycles.bot.CyclesBots", BotGame.of("cycles").getClass().getName());
        BotPilot blind = BotGame.of("tag");
        assertEquals(BlindBots.class, blind.getClass());
        BotPilot.Player p = blind.player(0, new BotPilot.Settings(20, Map.of()));
        assertNull(p.step(), "a blind bot sends nothing before it knows the game's input size");
    }
}
