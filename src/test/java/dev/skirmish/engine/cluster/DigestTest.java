package dev.skirmish.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The leader's digest: what it lists, and its changes applied on a receiving node give the same digest. */
class DigestTest {
    private static RoomInfo room(String node, String id, int players, int capacity, String game, String code,
                                 boolean draining) {
        return new RoomInfo(id, node, "n/" + node + "/", "Room " + id, players, capacity, "arena", "playing", game, code,
                draining);
    }

    private static NodeInfo node(String id, int lobby, int named) {
        List<NodeInfo.PlayerLine> names = new ArrayList<>();
        for (int i = 0; i < named; i++) {
            names.add(new NodeInfo.PlayerLine("p" + id + i, "N" + id + i, "lobby", null, null));
        }
        return new NodeInfo(id, "n/" + id + "/", 1, false, lobby, 0, names);
    }

    @Test
    void itCountsEveryLiveNodeAndListsTheFullestRoomsWithASeatOfEachGameFirst() {
        List<RoomInfo> rooms = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rooms.add(room(i % 2 == 0 ? "a" : "b", "arena" + i, i % 17, 16, "arena", null, false));
        }
        for (int i = 0; i < 20; i++) {
            rooms.add(room("a", "cycles" + i, i % 5, 4, "cycles", null, false));
        }
        rooms.add(room("a", "secret", 1, 16, "arena", "ABC234", false));
        rooms.add(room("zombie", "gone1", 15, 16, "arena", null, false)); // its node is not live
        rooms.add(room("b", "stopping", 15, 16, "arena", null, true));
        Digest d = Digest.build("a", 5, List.of(node("a", 1000, 10), node("b", 500, 10)), rooms);
        assertEquals(2, d.nodes());
        assertEquals(1500, d.players());
        assertEquals(322, d.rooms(), "the live nodes' rooms, private and stopping ones included");
        assertEquals(Digest.LISTED, d.listed().size());
        assertTrue(d.listed().stream().noneMatch(r -> r.isPrivate() || r.node().equals("zombie")));
        // quick play's choice for each game is listed: the fullest public room with a seat of a node not stopping
        for (String game : List.of("arena", "cycles")) {
            RoomInfo best = rooms.stream().filter(r -> r.game().equals(game) && !r.isPrivate() && r.hasASeat()
                    && !r.node().equals("zombie")).max(java.util.Comparator.comparingInt(RoomInfo::players)).orElseThrow();
            assertTrue(d.listed().stream().anyMatch(r -> r.game().equals(game) && r.hasASeat()
                    && r.players() == best.players()), game);
        }
        assertEquals(8, d.listed().stream().filter(r -> r.game().equals("cycles")).count(),
                "each game keeps its " + Digest.OPEN_PER_GAME + " fullest open rooms even among fuller ones");
        assertEquals(20, d.names().size());
    }

    @Test
    void changesAppliedToTheLastDigestGiveTheNextOneAndOtherwiseAskForTheWhole() {
        SplittableRandom r = new SplittableRandom(7);
        List<RoomInfo> rooms = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rooms.add(room("n" + (i % 5), "r" + i, r.nextInt(17), 16, "arena", null, false));
        }
        List<NodeInfo> nodes = List.of(node("n0", 10, 3), node("n1", 10, 3), node("n2", 10, 3), node("n3", 10, 3),
                node("n4", 10, 3));
        Digest held = Digest.build("n0", 1, nodes, rooms);
        for (int round = 2; round < 200; round++) {
            for (int k = 0; k < 10; k++) {
                int i = r.nextInt(rooms.size());
                RoomInfo o = rooms.get(i);
                rooms.set(i, room(o.node(), o.id(), r.nextInt(17), 16, "arena", null, r.nextInt(50) == 0));
            }
            Digest next = Digest.build("n0", round, nodes.subList(0, 3 + r.nextInt(3)), rooms);
            Digest.Delta delta = next.since(held);
            assertTrue(delta.updated().size() + delta.removed().size() <= 2 * Digest.LISTED);
            Digest applied = delta.applyTo(held);
            assertEquals(next, applied, "round " + round);
            assertNull(delta.applyTo(next), "a change applies only to the digest it was made from");
            held = applied;
        }
        assertNull(Digest.build("n1", 300, nodes, rooms).since(held).applyTo(held), "nor to another leader's");
        assertFalse(held.sameContent(Digest.EMPTY));
    }
}
