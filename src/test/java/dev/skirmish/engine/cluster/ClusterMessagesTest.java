package dev.skirmish.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The messages between nodes: exact round trips, and anything else refused as a BadMessage. */
class ClusterMessagesTest {
    static NodeState state(String node, long seq, boolean draining) {
        return new NodeState(node, "n/" + node + "/", 1_700_000_000_000L, seq, draining,
                List.of(new NodeState.RoomEntry("r" + node + "1", "Arena 1", 2, 16, "arena", "playing", null,
                                List.of(new NodeState.Member("pa", true), new NodeState.Member("pb", false)), "arena"),
                        new NodeState.RoomEntry("r" + node + "2", "Secret", 1, 4, "yard", "waiting", "ABC234",
                                List.of(new NodeState.Member("pc", true)), "arena")),
                List.of(new NodeState.PresenceEntry("pa", "Ann"), new NodeState.PresenceEntry("pd", "Dée ✓")), 2);
    }

    static List<ClusterMessages.Message> samples() {
        return List.of(new ClusterMessages.State(state("a", 7, false)), new ClusterMessages.Gone("b", 123),
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
                {"", "not JSON"}, {"[]", "not a JSON object"}, {"{\"v\":2,\"type\":\"gone\",\"node\":\"a\",\"incarnation\":1}", "version 2"},
                {"{\"v\":1,\"type\":\"nope\",\"node\":\"a\"}", "unknown type"},
                {"{\"v\":1,\"type\":\"gone\",\"node\":\"A B\",\"incarnation\":1}", "node must match"},
                {"{\"v\":1,\"type\":\"leave\",\"node\":\"a\",\"playerId\":\"../x\"}", "playerId must match"},
                {"{\"v\":1,\"type\":\"chat\",\"node\":\"a\",\"id\":1,\"fromId\":\"p\",\"fromNickname\":\"N\",\"text\":\"\",\"at\":1}", "text must have"},
                {"{\"v\":1,\"type\":\"gone\",\"node\":\"a\",\"incarnation\":1e400}", "incarnation"},
                {"{\"v\":1,\"type\":\"state\",\"node\":\"a\",\"path\":\"/abs\",\"incarnation\":1,\"seq\":1,\"draining\":false,"
                        + "\"rooms\":[],\"presence\":[],\"presenceTotal\":0}", "path must match"},
                {"{\"v\":1,\"type\":\"state\",\"node\":\"a\",\"path\":\"n/a/\",\"incarnation\":1,\"seq\":1,\"draining\":false,"
                        + "\"rooms\":[{\"id\":\"r\",\"name\":\"R\",\"players\":9,\"capacity\":4,\"map\":\"m\",\"phase\":\"playing\","
                        + "\"members\":[]}],\"presence\":[],\"presenceTotal\":0}", "players must be 0..4"},
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
