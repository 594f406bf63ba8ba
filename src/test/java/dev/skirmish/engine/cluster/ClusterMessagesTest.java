package dev.skirmish.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The messages between nodes: exact round trips, and anything else refused as a BadMessage. */
class ClusterMessagesTest {
    static RoomInfo room(String node, String id, int players, String code) {
        return new RoomInfo(id, node, "n/" + node + "/", "Arena " + id, players, 16, "arena", "playing", "arena", code,
                false);
    }

    static NodeInfo nodeInfo(String node) {
        return new NodeInfo(node, "n/" + node + "/", 1_700_000_000_000L, false, 3, 2,
                List.of(new NodeInfo.PlayerLine("pa", "Ann", "playing", "ra1", "Arena ra1"),
                        new NodeInfo.PlayerLine("pd", "Dée ✓", "lobby", null, null)));
    }

    static List<ClusterMessages.Message> samples() {
        Digest d1 = Digest.build("a", 7, List.of(nodeInfo("a"), nodeInfo("b")),
                List.of(room("a", "ra1", 2, null), room("b", "rb1", 5, null), room("b", "rb2", 1, "ABC234")));
        Digest d2 = Digest.build("a", 8, List.of(nodeInfo("a")), List.of(room("a", "ra1", 3, null)));
        return List.of(new ClusterMessages.Node(nodeInfo("a")), new ClusterMessages.Room(room("b", "rb2", 1, "ABC234")),
                new ClusterMessages.Full(d1), new ClusterMessages.Change(d2.since(d1)),
                new ClusterMessages.Chat("a", 4294967297L, null, List.of(), "pa", "Ann", "hi \"all\"", 1_700_000_000_123L),
                new ClusterMessages.Chat("b", 12, "ra1", List.of("pa", "pb"), "pb", "Bob", "gg", 1L),
                new ClusterMessages.Leave("a", "pa"), new ClusterMessages.Adopt("a", "ra1"),
                new ClusterMessages.Adopted("b", "ra1", true, "adopted in 812 us"),
                new ClusterMessages.Adopted("b", "ra1", false, "node b is stopping too"));
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        for (ClusterMessages.Message m : samples()) {
            String text = ClusterMessages.encode(m);
            assertEquals(m, ClusterMessages.decode(text), text);
            assertEquals(text, ClusterMessages.encode(ClusterMessages.decode(text)));
        }
    }

    @Test
    void badMessagesAreRefusedWithAReason() {
        String[][] cases = {
                {"", "not JSON"}, {"[]", "not a JSON object"},
                {"{\"v\":1,\"type\":\"state\",\"node\":\"a\"}", "version 1, this node reads 2"},
                {"{\"v\":2,\"type\":\"nope\",\"node\":\"a\"}", "unknown type"},
                {"{\"v\":2,\"type\":\"leave\",\"node\":\"A B\",\"playerId\":\"p\"}", "node must match"},
                {"{\"v\":2,\"type\":\"leave\",\"node\":\"a\",\"playerId\":\"../x\"}", "playerId must match"},
                {"{\"v\":2,\"type\":\"chat\",\"node\":\"a\",\"id\":1,\"fromId\":\"p\",\"fromNickname\":\"N\",\"text\":\"\",\"at\":1}", "text must have"},
                {"{\"v\":2,\"type\":\"node\",\"node\":\"a\",\"path\":\"n/a/\",\"incarnation\":1e400,\"draining\":false,"
                        + "\"lobby\":0,\"seated\":0,\"names\":[]}", "incarnation"},
                {"{\"v\":2,\"type\":\"node\",\"node\":\"a\",\"path\":\"/abs\",\"incarnation\":1,\"draining\":false,"
                        + "\"lobby\":0,\"seated\":0,\"names\":[]}", "path must match"},
                {"{\"v\":2,\"type\":\"room\",\"node\":\"a\",\"id\":\"r\",\"path\":\"n/a/\",\"name\":\"R\",\"players\":9,"
                        + "\"capacity\":4,\"map\":\"m\",\"phase\":\"playing\",\"game\":\"arena\",\"draining\":false}", "players must be 0..4"},
                {"{\"v\":2,\"type\":\"node\",\"node\":\"a\",\"path\":\"n/a/\",\"incarnation\":1,\"draining\":false,"
                        + "\"lobby\":0,\"seated\":0,\"names\":[[\"p\",\"N\",\"asleep\"]]}", "names[2] must match"},
        };
        for (String[] c : cases) {
            ClusterMessages.BadMessage e = assertThrows(ClusterMessages.BadMessage.class, () -> ClusterMessages.decode(c[0]),
                    c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void fuzzedMessagesAreDecodedOrRefusedNeverAnythingElse() {
        SplittableRandom r = new SplittableRandom(13);
        List<String> valid = samples().stream().map(ClusterMessages::encode).toList();
        int refused = 0;
        int cases = 20_000;
        for (int i = 0; i < cases; i++) {
            StringBuilder b = new StringBuilder(valid.get(r.nextInt(valid.size())));
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(4)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, "{}[],:\"\\0123456789eE-+.tfn".charAt(r.nextInt(26)));
                    case 2 -> b.setCharAt(at, (char) r.nextInt(0x80));
                    default -> b.replace(at, Math.min(b.length(), at + r.nextInt(8)), "");
                }
            }
            try {
                ClusterMessages.Message m = ClusterMessages.decode(b.toString());
                assertEquals(m, ClusterMessages.decode(ClusterMessages.encode(m)), "what decodes re-encodes");
            } catch (ClusterMessages.BadMessage e) {
                refused++;
            }
        }
        assertTrue(refused > cases / 2, "most mutations are refused: " + refused);
    }
}
