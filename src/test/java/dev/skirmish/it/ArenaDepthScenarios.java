package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.protocol.ArenaProtocol;
import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.PickupSpot;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issue 25's deeper arena on the real server, over real streams decoded with the arena's decoder: a team match
 * chosen in the lobby (the game {@code teams}), its WELCOME (mode, rail, the map's pickups), a roster in two teams,
 * the pickup bits of the snapshots, and a rail slug in flight.
 */
final class ArenaDepthScenarios {
    private final ItClients clients;

    ArenaDepthScenarios(ItClients clients) {
        this.clients = clients;
    }

    void aTeamMatchIsChosenInTheLobbyAndPlaysInTwoTeamsWithPickupsAndTheRail() throws Exception {
        WsClient ann = clients.lobby("ann");
        List<String> offered = ann.welcome.getJsonObject("settings").getJsonArray("games")
                .getValuesAs(JsonObject.class).stream().map(g -> g.getString("name")).toList();
        assertTrue(offered.containsAll(List.of("arena", "teams")), "games offered: " + offered);
        ItClients.Player a = clients.play(ann,
                "{\"type\":\"createRoom\",\"name\":\"Two teams\",\"capacity\":4,\"game\":\"teams\"}");
        ServerFrame.Welcome w = a.welcome();
        assertTrue(w.teams(), "the WELCOME says teams");
        assertEquals(50, w.killLimit(), "the team kill limit (teams.killLimit)");
        assertEquals(2400, w.railSpeed());
        assertEquals(60, w.railCooldownTicks(), "1 s at 60 Hz");
        assertEquals(List.of(new PickupSpot(100, 100, PickupSpot.Kind.DAMAGE),
                new PickupSpot(1100, 700, PickupSpot.Kind.SHIELD)), w.pickups(), "the yard's pickups");
        WsClient bob = clients.lobby("bob");
        JsonObject quick = bob.request("{\"type\":\"quickPlay\",\"game\":\"teams\"}");
        assertEquals(a.roomId(), quick.getJsonObject("room").getString("id"), "quick play finds the team room");
        assertEquals("teams", quick.getJsonObject("room").getString("game"));
        ItClients.Player b = clients.open(quick.getString("gamePath"), a.roomId());
        ServerFrame.Snapshot s = a.game().next(ServerFrame.Snapshot.class,
                x -> x.roster() != null && x.roster().players().size() == 2, 10_000);
        Set<Integer> teams = s.roster().players().stream().map(ServerFrame.RosterEntry::team).collect(Collectors.toSet());
        assertEquals(Set.of(1, 2), teams, "one player a team: " + s.roster());
        assertEquals(2, s.pickupCount());
        assertEquals(0b11, s.pickups(), "both pickups lie there");
        // a free-for-all room says mode 0 and has no teams in its roster
        ItClients.Player c = clients.play(clients.lobby("cat"), ItClients.createRoom("Alone", 4));
        assertEquals(ArenaProtocol.MODE_FREE_FOR_ALL, c.welcome().mode());
        // the match starts; a fires the rail to the right and sees its slug flagged RAIL
        a.game().next(ServerFrame.Snapshot.class, x -> x.phase() == MatchPhase.PLAYING, 15_000);
        a.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(1, Buttons.ALT_FIRE, 0)));
        ServerFrame.Snapshot slug = a.game().next(ServerFrame.Snapshot.class, x -> x.entities().stream()
                .anyMatch(e -> e.kind() == ArenaProtocol.KIND_PROJECTILE && e.owner() == w.selfId()), 5_000);
        ServerFrame.Entity rail = slug.entities().stream()
                .filter(e -> e.kind() == ArenaProtocol.KIND_PROJECTILE && e.owner() == w.selfId()).findFirst().orElseThrow();
        assertTrue(rail.hasFlag(ArenaProtocol.FLAG_RAIL), "a rail slug: " + rail);
        // the other team's stream shows it as a rail slug too (next fails when none comes within 5 s)
        b.game().next(ServerFrame.Snapshot.class, x -> x.entities().stream()
                .anyMatch(e -> e.kind() == ArenaProtocol.KIND_PROJECTILE && e.hasFlag(ArenaProtocol.FLAG_RAIL)), 5_000);
    }
}
