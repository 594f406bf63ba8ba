package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.protocol.ClientFrame;
import dev.skirmish.protocol.ClientFrames;
import dev.skirmish.protocol.ServerFrame;
import dev.skirmish.sim.Buttons;
import jakarta.json.JsonObject;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster topology of docker/compose.yaml as plain processes: a real redis-server, two Payara Micro nodes
 * started with docker/node.sh, and HAProxy with docker/haproxy.cfg in front. Every player here reaches the nodes
 * the way a browser does, through HAProxy, except where a test needs a lobby on a given node (HAProxy balances by
 * client address, and every test client comes from 127.0.0.1): those connect to that node directly, as HAProxy
 * would have sent another address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static ClusterHarness cluster;
    private final java.util.List<ItClients> clients = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterHarness.start("cluster-it");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ItClients::closeAll);
    }

    private ItClients through(URL base) {
        ItClients c = new ItClients(base);
        clients.add(c);
        return c;
    }

    /** A lobby through HAProxy, and one on the other node: their node ids. */
    private record TwoLobbies(WsClient viaLb, String lbNode, WsClient other, String otherNode) {
    }

    private TwoLobbies twoLobbies(String a, String b) throws Exception {
        WsClient viaLb = through(cluster.lbUrl()).lobby(a);
        String lbNode = viaLb.welcome.getJsonObject("cluster").getString("node");
        assertEquals("ok", viaLb.welcome.getJsonObject("cluster").getString("state"), viaLb.welcome.toString());
        String otherNode = lbNode.equals("a") ? "b" : "a";
        WsClient other = through(cluster.nodeUrl(otherNode)).lobby(b);
        assertEquals(otherNode, other.welcome.getJsonObject("cluster").getString("node"));
        return new TwoLobbies(viaLb, lbNode, other, otherNode);
    }

    @Test
    @Order(1)
    void roomsPresenceAndChatCrossNodes() throws Exception {
        TwoLobbies l = twoLobbies("Ann", "Bob");
        // a room opened on one node is listed on the other
        JsonObject created = l.other().request(ItClients.createRoom("Cross", 8));
        assertEquals("joined", created.getString("type"), created.toString());
        String roomId = created.getJsonObject("room").getString("id");
        assertTrue(created.getString("gamePath").startsWith("n/" + l.otherNode() + "/ws/game/" + roomId),
                created.toString());
        JsonObject listed = l.viaLb().awaitPush("roomsChanged", o -> o.getJsonArray("updated").stream()
                .anyMatch(r -> r.asJsonObject().getString("id").equals(roomId)), 5_000);
        assertTrue(listed.toString().contains("\"Cross\""), listed.toString());
        // presence: each sees the other
        l.viaLb().awaitPush("presenceChanged", o -> o.toString().contains("\"Bob\""), 5_000);
        // lobby chat crosses, once, with the same id
        JsonObject sent = l.viaLb().request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"hello from "
                + l.lbNode() + "\"}");
        assertEquals("chatSent", sent.getString("type"), sent.toString());
        JsonObject got = l.other().awaitPush("chat", o -> o.getString("text", "").equals("hello from " + l.lbNode()),
                5_000);
        assertEquals(sent.getJsonNumber("id").longValue(), got.getJsonNumber("id").longValue());
        // a node that joins later gets the lobby history from Redis: a fresh lobby on the other node has it
        WsClient late = through(cluster.nodeUrl(l.otherNode())).lobby("Cid");
        late.awaitPush("chatHistory", o -> o.getString("channel").equals("lobby")
                && o.toString().contains("hello from " + l.lbNode()), 5_000);
    }

    @Test
    @Order(2)
    void aPlayerJoinsARoomOnTheOtherNodeThroughHaproxyAndPlays() throws Exception {
        TwoLobbies l = twoLobbies("Dee", "Eve");
        ItClients lb = through(cluster.lbUrl());
        // the host creates a room on its node and plays through HAProxy's path to that node
        ItClients.Player host = lb.play(l.other(), ItClients.createRoom("Away", 4));
        String roomId = host.roomId();
        l.viaLb().awaitPush("roomsChanged", o -> o.toString().contains(roomId), 5_000);
        // the guest's lobby is on the other node: its join reply names the room's node
        JsonObject joined = l.viaLb().request(ItClients.joinRoom(roomId));
        assertEquals("joined", joined.getString("type"), joined.toString());
        String path = joined.getString("gamePath");
        assertTrue(path.startsWith("n/" + l.otherNode() + "/ws/game/" + roomId + "?ticket=t1."), path);
        ItClients.Player guest = lb.open(path, roomId);
        assertNotEquals(host.welcome().selfId(), guest.welcome().selfId());
        // the guest plays: its inputs are acknowledged and it moves in the host's snapshots
        int guestId = guest.welcome().selfId();
        ServerFrame.Snapshot first = host.game().next(ServerFrame.Snapshot.class,
                s -> ItClients.entity(s, guestId).isPresent(), 5_000);
        double x0 = ItClients.entity(first, guestId).orElseThrow().x();
        for (int seq = 1; seq <= 60; seq++) {
            guest.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(seq, Buttons.RIGHT, 0)));
            Thread.sleep(16);
        }
        ServerFrame.Snapshot acked = guest.game().next(ServerFrame.Snapshot.class, s -> s.ackSeq() >= 50, 5_000);
        assertTrue(acked.ackSeq() >= 50);
        ServerFrame.Snapshot moved = host.game().next(ServerFrame.Snapshot.class, s -> ItClients.entity(s, guestId)
                .map(e -> Math.abs(e.x() - x0) > 20).orElse(false), 5_000);
        assertTrue(ItClients.entity(moved, guestId).isPresent());
        // the room, listed on the guest's node, counts both
        l.viaLb().awaitPush("roomsChanged", o -> o.getJsonArray("updated").stream().anyMatch(r ->
                r.asJsonObject().getString("id").equals(roomId) && r.asJsonObject().getInt("players") == 2), 5_000);
        // room chat from the guest's node reaches the host's lobby on the other node
        JsonObject sent = l.viaLb().request("{\"type\":\"chat\",\"channel\":\"room\",\"text\":\"gg\"}");
        assertEquals("chatSent", sent.getString("type"), sent.toString());
        l.other().awaitPush("chat", o -> o.getString("channel").equals("room") && o.getString("text").equals("gg"),
                5_000);
        // a used ticket is refused; the lobby's leave frees the seat on the other node
        WsClient reused = WsClient.connect(lb.ws(path));
        reused.sendBinary(ClientFrames.encode(new ClientFrame.Ping(0)));
        assertEquals(4000, reused.awaitClose(5_000));
        JsonObject left = l.viaLb().request("{\"type\":\"leave\"}");
        assertEquals("left", left.getString("type"), left.toString());
        assertEquals(1000, guest.game().awaitClose(5_000));
    }
}
