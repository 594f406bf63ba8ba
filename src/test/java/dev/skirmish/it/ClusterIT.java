package dev.skirmish.it;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.LocalCluster;
import dev.skirmish.engine.metrics.PrometheusText;
import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cluster topology of docker/compose.yaml as plain processes: a real redis-server, two Payara Micro nodes
 * started with docker/node.sh, and HAProxy with docker/haproxy.cfg in front. Every player here reaches the nodes
 * the way a browser does, through HAProxy, except where a test needs a lobby on a given node (HAProxy balances by
 * client address, and every test client comes from 127.0.0.1): those connect to that node directly, as HAProxy
 * would have sent another address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static LocalCluster cluster;
    private final java.util.List<ItClients> clients = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path project = Path.of(System.getProperty("skirmish.projectDir", "."));
        cluster = LocalCluster.start("cluster-it", new LocalCluster.Options(project, System.getProperty("payara.microJar"),
                System.getProperty("skirmish.war"), project.resolve("src/test/resources/it-skirmish.properties"), Map.of(),
                Map.of("SKIRMISH_ROOM_EMPTY_CLOSE_SECONDS", "30", "JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1"),
                project.resolve("target")));
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
        // (the leader reads the nodes' registrations, which name their first players, every 3 s)
        l.viaLb().awaitPush("presenceChanged", o -> o.toString().contains("\"Bob\""), 10_000);
        // lobby chat crosses, once, with the same id
        JsonObject sent = l.viaLb().request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"hello from "
                + l.lbNode() + "\"}");
        assertEquals("chatSent", sent.getString("type"), sent.toString());
        JsonObject got = l.other().awaitPush("chat", o -> o.getString("text", "").equals("hello from " + l.lbNode()),
                5_000);
        assertEquals(sent.getJsonNumber("id").longValue(), got.getJsonNumber("id").longValue());
        // hostile or broken messages on the cluster's channels are dropped and counted; the nodes go on
        for (String channel : new String[]{"skirmish:directory", "skirmish:to:a", "skirmish:to:b"}) {
            for (String junk : new String[]{"not json", "{\"v\":2,\"type\":\"state\",\"node\":\"zz\"}",
                    "{\"v\":2,\"type\":\"adopt\",\"node\":\"x\",\"roomId\":\"nope\"}", "[[[[[[[[[[[[[[[[", "{\"v\":1e999999}"}) {
                Process p = new ProcessBuilder(LocalCluster.tool("redis-cli"), "-p", Integer.toString(cluster.redisPort()),
                        "publish", channel, junk).redirectErrorStream(true).start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
        }
        for (String node : new String[]{"a", "b"}) {
            // the 8 junk messages reach each node through Redis: wait for them (no fixed sleep), up to 10 s
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Map<String, Double> metrics = PrometheusText.totals(cluster.get(cluster.nodeUrl(node) + "metrics"));
            while (metrics.getOrDefault("skirmish_cluster_bad_messages_total", 0.0) < 8 && System.nanoTime() < until) {
                Thread.sleep(50);
                metrics = PrometheusText.totals(cluster.get(cluster.nodeUrl(node) + "metrics"));
            }
            assertEquals(8.0, metrics.get("skirmish_cluster_bad_messages_total"), "node " + node + " dropped 8");
            assertEquals(0.0, metrics.get("skirmish_internal_errors_total"), "and nothing failed");
        }
        assertEquals("rooms", l.other().request("{\"type\":\"listRooms\"}").getString("type"), "the lobby answers");
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
        // a spectator whose lobby is on the guest's node watches the room on the host's node through HAProxy
        JsonObject listed = l.viaLb().request("{\"type\":\"listRooms\"}").getJsonArray("rooms").stream()
                .map(v -> v.asJsonObject()).filter(r -> r.getString("id").equals(roomId)).findFirst().orElseThrow();
        String watchPath = listed.getString("watchPath");
        assertEquals("n/" + l.otherNode() + "/ws/game/" + roomId + "?watch", watchPath, listed.toString());
        ItClients.Player watcher = lb.open(watchPath, roomId);
        assertEquals(0, watcher.welcome().selfId(), "a spectator has no entity of its own");
        int followed = watcher.game().next(ServerFrame.Following.class, f -> true, 5_000).entityId();
        assertTrue(followed == guestId || followed == host.welcome().selfId(), "it follows a player: " + followed);
        ServerFrame.Snapshot watched = watcher.game().next(ServerFrame.Snapshot.class,
                s -> ItClients.entity(s, followed).isPresent(), 5_000);
        assertEquals(0, watched.ackSeq(), "a spectator sends no inputs");
        System.out.printf("cross-node spectating: a lobby on node %s watched room %s of node %s through HAProxy%n",
                l.lbNode(), roomId, l.otherNode());
        // room chat from the guest's node reaches the host's lobby on the other node
        JsonObject sent = l.viaLb().request("{\"type\":\"chat\",\"channel\":\"room\",\"text\":\"gg\"}");
        assertEquals("chatSent", sent.getString("type"), sent.toString());
        l.other().awaitPush("chat", o -> o.getString("channel").equals("room") && o.getString("text").equals("gg"),
                5_000);
        // a used ticket is refused; the lobby's leave frees the seat on the other node
        WsClient reused = WsClient.connect(lb.ws(path));
        try {
            reused.sendBinary(ClientFrames.encode(new ClientFrame.Ping(0)));
        } catch (AssertionError closedFirst) {
            // the server refuses the ticket as the stream opens; its close may come before this frame goes out
        }
        assertEquals(4000, reused.awaitClose(5_000));
        JsonObject left = l.viaLb().request("{\"type\":\"leave\"}");
        assertEquals("left", left.getString("type"), left.toString());
        assertEquals(1000, guest.game().awaitClose(5_000));
    }

    /**
     * Replays in a cluster (docs/replays.md): bots play a match on node a; node b lists it (from Redis), serves its
     * file, which the offline check plays to the same states, and plays it on a replay stream.
     */
    @Test
    @Order(2)
    void aMatchPlayedOnOneNodeIsListedDownloadedAndWatchedOnTheOther() throws Exception {
        long since = System.currentTimeMillis();
        dev.skirmish.bots.Swarm.run("--url", cluster.lbUrl().toString(), "--lobby-paths", "n/a/ws/lobby", "--bots", "3",
                "--ramp", "1", "--warmup", "1", "--seconds", "8", "--rooms", "spread:1", "--room-capacity", "3",
                "--report", "target/swarm/cluster-replays");
        String b = cluster.nodeUrl("b").toString();
        JsonObject found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // after the bots' held seats run out
        while (found == null && System.nanoTime() < deadline) {
            for (jakarta.json.JsonValue v : jakarta.json.Json.createReader(new java.io.StringReader(cluster.get(b + "replays")))
                    .readObject().getJsonArray("replays")) {
                JsonObject r = v.asJsonObject();
                if (r.getJsonNumber("endedAt").longValue() >= since && r.getJsonArray("players").size() == 3) {
                    found = r;
                }
            }
            Thread.sleep(300);
        }
        assertTrue(found != null, "node b lists the match played on node a");
        String id = found.getString("id");
        assertEquals("n/b/ws/replay/" + id, found.getString("watchPath"), "b serves what it lists");
        java.net.http.HttpResponse<byte[]> file = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(b + "replays/" + id)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        Path saved = Path.of("target/replays/cluster-" + id + ".skr");
        Files.createDirectories(saved.getParent());
        Files.write(saved, file.body());
        assertEquals(0, dev.skirmish.tools.CheckReplay.check(saved), "it plays back to the recorded states");
        WsClient replay = WsClient.connect(through(cluster.nodeUrl("b")).ws("ws/replay/" + id));
        try {
            replay.sendBinary(ClientFrames.encode(new ClientFrame.Ping(0)));
            replay.next(ServerFrame.Welcome.class, w -> w.selfId() == 0, 10_000);
            replay.next(ServerFrame.Snapshot.class, x -> true, 10_000);
            ServerFrame.Replay r = replay.next(ServerFrame.Replay.class, x -> x.length() > 0, 10_000);
            System.out.printf("cluster replay: node b lists, serves and plays match %s of node a (%d ticks)%n", id,
                    r.length());
        } finally {
            replay.close();
        }
    }

    /** A player's game stream with the state its frames built: last snapshot and roster, inputs sent. */
    private static final class Stream {
        final WsClient ws;
        final int selfId;
        final String roomId;
        ServerFrame.Snapshot last;
        long lastSnapshotNanos;
        ServerFrame.Roster roster;
        ServerFrame.Moved moved;
        long movedNanos;
        long seq;

        Stream(ItClients.Player p) {
            this.ws = p.game();
            this.selfId = p.welcome().selfId();
            this.roomId = p.roomId();
        }

        /** Takes the frames that arrived (without waiting). */
        void drain() throws Exception {
            WsClient.Frame f;
            while ((f = ws.frames.poll()) != null) {
                ServerFrame sf = f.decode();
                if (sf instanceof ServerFrame.Snapshot s) {
                    last = s;
                    lastSnapshotNanos = f.receivedNanos();
                    if (s.roster() != null) {
                        roster = s.roster();
                    }
                } else if (sf instanceof ServerFrame.Moved m && moved == null) {
                    moved = m;
                    movedNanos = f.receivedNanos();
                }
            }
        }

        void input(int buttons, double aim) {
            ws.sendBinary(ClientFrames.encode(new ClientFrame.Input(++seq, buttons, Quant.toAngle16(aim))));
        }

        ServerFrame.Entity self() {
            return last == null ? null : last.entity(selfId);
        }

        int kills() {
            return roster == null ? 0 : roster.players().stream().mapToInt(ServerFrame.RosterEntry::kills).sum();
        }
    }

    /** Two players in one room of {@code node}: a host on that node, a guest whose lobby is on the other. */
    private Stream[] duelOn(String node, String name) throws Exception {
        String other = node.equals("a") ? "b" : "a";
        ItClients lb = through(cluster.lbUrl());
        WsClient hostLobby = through(cluster.nodeUrl(node)).lobby("Host" + name);
        WsClient guestLobby = through(cluster.nodeUrl(other)).lobby("Guest" + name);
        ItClients.Player host = lb.play(hostLobby, ItClients.createRoom(name, 4));
        guestLobby.awaitPush("roomsChanged", o -> o.toString().contains(host.roomId()), 5_000);
        ItClients.Player guest = lb.play(guestLobby, ItClients.joinRoom(host.roomId()));
        return new Stream[]{new Stream(host), new Stream(guest)};
    }

    /** The host chases the guest and fires at it until someone has a kill (or the time is up); then both stop. */
    private static void fight(Stream host, Stream guest, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end && host.kills() == 0) {
            host.drain();
            guest.drain();
            ServerFrame.Entity me = host.self();
            ServerFrame.Entity target = host.last == null ? null : host.last.entity(guest.selfId);
            if (me != null && target != null) {
                double dx = target.x() - me.x();
                double dy = target.y() - me.y();
                double aim = Math.atan2(dy, dx);
                aim = aim < 0 ? aim + 2 * Math.PI : aim;
                int buttons = Buttons.FIRE;
                if (Math.hypot(dx, dy) > 160) {
                    buttons |= (dx > 20 ? Buttons.RIGHT : dx < -20 ? Buttons.LEFT : 0)
                            | (dy > 20 ? Buttons.DOWN : dy < -20 ? Buttons.UP : 0);
                }
                host.input(buttons, aim >= 2 * Math.PI ? 0 : aim);
            } else {
                host.input(0, 0);
            }
            guest.input(0, 0);
            Thread.sleep(16);
        }
    }

    /**
     * Lets the streams settle after a fight (no inputs): waits, up to 8 s, until every player's inputs are
     * acknowledged, every player is alive and no projectile is in flight, so that nothing moves any more.
     */
    private static void settle(Stream... streams) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (System.nanoTime() < end) {
            boolean quiet = true;
            for (Stream s : streams) {
                s.drain();
                ServerFrame.Entity e = s.self();
                quiet &= e != null && (e.flags() & ArenaProtocol.FLAG_ALIVE) != 0 && s.last.ackSeq() >= s.seq
                        && s.last.entities().stream().noneMatch(x -> x.kind() == ArenaProtocol.KIND_PROJECTILE);
            }
            if (quiet) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Test
    @Order(3)
    void aRedisOutageLosesNothingInPlayAndTheLobbyResynchronises() throws Exception {
        Stream[] duel = duelOn("a", "Outage");
        Stream host = duel[0];
        Stream guest = duel[1];
        WsClient watcher = through(cluster.nodeUrl("b")).lobby("Watcher");
        settle(host, guest);
        long tickBefore = host.last.tick();
        String roomId = null;
        JsonObject list = watcher.request("{\"type\":\"listRooms\"}");
        for (var r : list.getJsonArray("rooms")) {
            if (r.asJsonObject().getString("name").equals("Outage")) {
                roomId = r.asJsonObject().getString("id");
            }
        }
        assertTrue(roomId != null, "node b lists the room of node a: " + list);

        cluster.killRedis();
        long killed = System.nanoTime();
        JsonObject degraded = watcher.awaitPush("cluster", o -> o.getString("state").equals("degraded"), 10_000);
        long noticedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertTrue(degraded.getString("message").contains("out of reach"), degraded.toString());
        // the match goes on: inputs are acknowledged, snapshots keep coming, nobody is disconnected
        long ackBefore = guest.last.ackSeq();
        for (int i = 0; i < 120; i++) {
            host.input(Buttons.LEFT, 0);
            guest.input(Buttons.RIGHT, Math.PI);
            Thread.sleep(16); // input pacing: one a tick
        }
        long acked = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do { // until the last inputs are acknowledged (or 5 s)
            Thread.sleep(50);
            host.drain();
            guest.drain();
        } while ((host.last.ackSeq() < host.seq || guest.last.ackSeq() < guest.seq) && System.nanoTime() < acked);
        assertTrue(host.ws.isOpen() && guest.ws.isOpen(), "both players are still connected");
        assertTrue(guest.last.ackSeq() >= ackBefore + 100, "inputs acknowledged during the outage: " + ackBefore + " -> "
                + guest.last.ackSeq());
        assertTrue(host.last.tick() > tickBefore + 100, "the room ticks");
        // the lobby still answers, from what it knew
        JsonObject during = watcher.request("{\"type\":\"listRooms\"}");
        assertTrue(during.toString().contains(roomId), "the last known rooms stay listed: " + during);

        cluster.startRedis();
        long restarted = System.nanoTime();
        watcher.awaitPush("cluster", o -> o.getString("state").equals("ok"), 15_000);
        long resyncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
        // after the resync: both nodes registered again, the room listed with its two players
        String id = roomId;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonObject after;
        do {
            Thread.sleep(200);
            after = watcher.request("{\"type\":\"listRooms\"}");
        } while (System.nanoTime() < end && !after.getJsonArray("rooms").stream().anyMatch(r ->
                r.asJsonObject().getString("id").equals(id) && r.asJsonObject().getInt("players") == 2));
        assertTrue(after.toString().contains(id), after.toString());
        assertEquals(0.0, PrometheusText.totals(cluster.get(cluster.nodeUrl("a") + "metrics"))
                .get("skirmish_cluster_degraded"), "node a is connected again");
        System.out.printf("redis outage: degraded noticed after %d ms, ok again %d ms after the restart%n",
                noticedMillis, resyncMillis);
    }

    @Test
    @Order(4)
    void aGracefulStopHandsTheMatchOverAndThePlayersKeepPlaying() throws Exception {
        Stream[] duel = duelOn("a", "Handover");
        Stream host = duel[0];
        Stream guest = duel[1];
        // a real browser joins the same match from the lobby, through HAProxy
        WebDriver browser = BrowserScenarios.browser("cluster-handover");
        try {
            handOver(duel, host, guest, browser);
        } finally {
            browser.quit();
        }
    }

    private void handOver(Stream[] duel, Stream host, Stream guest, WebDriver browser) throws Exception {
        String roomId = duel[0].roomId;
        browser.get(cluster.lbUrl().toString());
        BrowserScenarios.type(browser, "nickname", "Viv");
        new WebDriverWait(browser, java.time.Duration.ofSeconds(20)).withMessage("the room in the browser's list")
                .until(x -> x.findElements(By.cssSelector("#room-list tr[data-room-id='" + roomId + "'] button.join"))
                        .stream().findFirst().orElse(null)).click();
        new WebDriverWait(browser, java.time.Duration.ofSeconds(20)).withMessage("the browser plays")
                .until(x -> "game".equals(stateOf(x).get("screen"))
                        && ((Number) stateOf(x).get("snapshotsReceived")).longValue() > 30);
        long browserSelf = ((Number) stateOf(browser).get("selfId")).longValue();
        fight(host, guest, 20_000);
        settle(host, guest);
        Map<Integer, ServerFrame.Entity> before = Map.of(host.selfId, host.last.entity(host.selfId),
                guest.selfId, host.last.entity(guest.selfId));
        List<ServerFrame.RosterEntry> rosterBefore = host.roster.players();
        long phaseEnd = host.last.phaseEndTick();
        long tickBefore = host.last.tick();
        // a light-cycles room on node a goes over too: each game saves and restores its own world
        ItClients lbClients = through(cluster.lbUrl());
        JsonObject grid = through(cluster.nodeUrl("a")).lobby("Rider").request(
                "{\"type\":\"createRoom\",\"name\":\"Grid\",\"capacity\":2,\"game\":\"cycles\"}");
        assertEquals("joined", grid.getString("type"), grid.toString());
        CyclesScenarios.Rider rider = new CyclesScenarios(lbClients).open(grid.getString("gamePath"));
        int riderId = rider.welcome.info().selfId();
        rider.pump(1_000);
        dev.skirmish.games.cycles.protocol.CycleTable riding = rider.decoder.cycles();
        int ri = riding.indexOf(riderId);
        assertTrue(ri >= 0 && rider.snapshots > 10, "the rider rides on node a");
        int[] trailBefore = {riding.epoch(ri), riding.startX(ri), riding.startY(ri), riding.cornerCount(ri)};
        long riderTick = riding.tick;

        cluster.node("a").destroy(); // SIGTERM: the graceful stop
        long stopped = System.nanoTime();
        long[] pauses = new long[2];
        Stream[] moved = new Stream[2];
        ItClients lb = through(cluster.lbUrl());
        for (int i = 0; i < 2; i++) {
            Stream s = duel[i];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (s.moved == null && System.nanoTime() < end) {
                s.drain();
                Thread.sleep(5);
            }
            assertTrue(s.moved != null, "player " + i + " was told where its room went");
            assertTrue(s.moved.gamePath().startsWith("n/b/ws/game/"), s.moved.gamePath());
            // what the browser does: open the new stream at once, the old one closes
            ItClients.Player p = lb.open(s.moved.gamePath(), null);
            s.ws.close();
            moved[i] = new Stream(p);
            ServerFrame.Snapshot first = p.game().next(ServerFrame.Snapshot.class, x -> true, 5_000);
            long firstNanos = System.nanoTime();
            moved[i].last = first;
            moved[i].roster = first.roster();
            pauses[i] = TimeUnit.NANOSECONDS.toMillis(firstNanos - s.lastSnapshotNanos);
            assertEquals(s.selfId, p.welcome().selfId(), "the same entity");
        }
        // same entities, positions, health, scores and match clock
        for (Stream s : moved) {
            assertTrue(s.last.full());
            assertTrue(s.last.tick() >= tickBefore, "the clock goes on");
            assertEquals(phaseEnd, s.last.phaseEndTick(), "the same match end");
            for (var e : before.entrySet()) {
                ServerFrame.Entity now = s.last.entity(e.getKey());
                assertTrue(now != null, "entity " + e.getKey() + " is there");
                assertEquals(e.getValue().x(), now.x(), 1.0, "x of " + e.getKey());
                assertEquals(e.getValue().y(), now.y(), 1.0, "y of " + e.getKey());
                assertEquals(e.getValue().health(), now.health(), "health of " + e.getKey());
            }
            assertEquals(rosterBefore, s.roster.players(), "the same scores");
        }
        // and they play on: inputs acknowledged on the new node
        for (int i = 0; i < 60; i++) {
            moved[0].input(Buttons.RIGHT, 0);
            moved[1].input(Buttons.LEFT, Math.PI);
            Thread.sleep(16);
        }
        ServerFrame.Snapshot acked = moved[1].ws.next(ServerFrame.Snapshot.class, x -> x.ackSeq() >= 50, 5_000);
        assertTrue(acked.ackSeq() >= 50);
        // the rider: MOVED, then the same cycle and trail on node b, and snapshots go on
        String riderPath = null;
        long riderEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (riderPath == null && System.nanoTime() < riderEnd) {
            WsClient.Frame f = rider.ws.frames.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && (f.bytes()[0] & 0xFF) == Protocol.OP_MOVED) {
                dev.skirmish.engine.spi.wire.ByteReader r = new dev.skirmish.engine.spi.wire.ByteReader(
                        java.nio.ByteBuffer.wrap(f.bytes()));
                r.u8();
                riderPath = r.str16();
            }
        }
        assertTrue(riderPath != null && riderPath.startsWith("n/b/ws/game/"), "the rider was told: " + riderPath);
        rider.ws.close();
        CyclesScenarios.Rider riderOnB = new CyclesScenarios(lbClients).open(riderPath);
        assertEquals(riderId, riderOnB.welcome.info().selfId(), "the same cycle");
        riderOnB.pump(1_000);
        dev.skirmish.games.cycles.protocol.CycleTable after = riderOnB.decoder.cycles();
        int ai = after.indexOf(riderId);
        assertTrue(ai >= 0 && riderOnB.snapshots > 10, "the rider rides on node b: " + riderOnB.snapshots);
        // the track's clock goes on from where it was (a restart would begin again at tick 1) and its trail goes on:
        // the same trail with its start and turns, or, if the lone rider hit a wall meanwhile (free play), a later one
        assertTrue(after.tick > riderTick && after.tick < riderTick + 20 * 30, after.tick + " after " + riderTick);
        assertTrue(after.epoch(ai) >= trailBefore[0], "the trail epoch goes on: " + after.epoch(ai));
        if (after.epoch(ai) == trailBefore[0]) {
            assertEquals(trailBefore[1], after.startX(ai), "trail start x");
            assertEquals(trailBefore[2], after.startY(ai), "trail start y");
            assertTrue(after.cornerCount(ai) >= trailBefore[3], "the turns before the handover are kept");
        }
        System.out.printf("handover: light cycles rider %d went over (tick %d -> %d, phase %s, trail epoch %d -> %d)%n",
                riderId, riderTick, after.tick, riderOnB.phase, trailBefore[0], after.epoch(ai));
        riderOnB.ws.close();
        assertTrue(cluster.node("a").waitFor(30, TimeUnit.SECONDS), "node a exited");
        long kills = rosterBefore.stream().mapToInt(ServerFrame.RosterEntry::kills).sum();
        System.out.printf("handover: pauses %d ms and %d ms (last snapshot on node a to first on node b), %d kill(s)"
                + " carried over, node a exited %d ms after SIGTERM%n", pauses[0], pauses[1], kills,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped));
        assertTrue(kills >= 1, "the fight scored before the handover");
        assertTrue(Math.max(pauses[0], pauses[1]) <= 2_000, "pauses " + pauses[0] + " and " + pauses[1] + " ms");
        // the browser followed its room by itself: same entity, still in the game, snapshots from the new node
        long seen = ((Number) stateOf(browser).get("snapshotsReceived")).longValue();
        new WebDriverWait(browser, java.time.Duration.ofSeconds(10)).withMessage("the browser moved with its room")
                .until(x -> ((Number) stateOf(x).get("moves")).longValue() == 1 && "game".equals(stateOf(x).get("screen"))
                        && ((Number) stateOf(x).get("snapshotsReceived")).longValue() > seen + 30);
        assertEquals(browserSelf, ((Number) stateOf(browser).get("selfId")).longValue(), "the browser's entity");
        assertEquals(Boolean.FALSE, stateOf(browser).get("reconnecting"), "no reconnect notice");
        System.out.printf("handover: the browser followed its room with a pause of %s ms%n",
                stateOf(browser).get("movePauseMs"));
        cluster.startNode("a");
        cluster.awaitNode("a");
        cluster.awaitHttp(cluster.lbUrl() + "health", 30);
    }

    @Test
    @Order(5)
    void aKilledNodesPlayersAreBackInTheLobbyWithinSeconds() throws Exception {
        // the browser's lobby goes where HAProxy sends 127.0.0.1, and its room opens on that node
        WsClient probe = through(cluster.lbUrl()).lobby("Probe");
        String node = probe.welcome.getJsonObject("cluster").getString("node");
        probe.close();
        WebDriver d = BrowserScenarios.browser("cluster-kill");
        try {
            d.get(cluster.lbUrl().toString());
            new WebDriverWait(d, java.time.Duration.ofSeconds(20)).withMessage("the lobby")
                    .until(x -> "lobby".equals(stateOf(x).get("screen")));
            BrowserScenarios.type(d, "nickname", "Kim");
            BrowserScenarios.type(d, "room-name", "Doomed");
            d.findElement(By.id("create-room")).click();
            new WebDriverWait(d, java.time.Duration.ofSeconds(20)).withMessage("playing on node " + node)
                    .until(x -> "game".equals(stateOf(x).get("screen"))
                            && ((Number) stateOf(x).get("snapshotsReceived")).longValue() > 30);
            String roomId = (String) stateOf(d).get("roomId");
            String playerId = (String) stateOf(d).get("playerId");
            // a lobby on the other node lists the room, until the node that runs it is gone
            String survivor = node.equals("a") ? "b" : "a";
            WsClient watcher = through(cluster.nodeUrl(survivor)).lobby("Watch");
            JsonObject listed = watcher.request("{\"type\":\"listRooms\"}");
            assertTrue(listed.toString().contains(roomId), listed.toString());

            cluster.node(node).destroyForcibly(); // kill -9
            long killed = System.nanoTime();
            new WebDriverWait(d, java.time.Duration.ofSeconds(30)).pollingEvery(java.time.Duration.ofMillis(50))
                    .withMessage("back in the lobby with a message")
                    .until(x -> "lobby".equals(stateOf(x).get("screen"))
                            && x.findElement(By.id("lobby-error")).getText().contains("went down"));
            long backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            String notice = d.findElement(By.id("lobby-error")).getText();
            watcher.awaitPush("roomsChanged", o -> o.getJsonArray("closed").toString().contains(roomId), 10_000);
            long unlistedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            new BrowserScenarios(cluster.lbUrl()).screenshot(d, "cluster-node-killed");
            // the lobby is the surviving node's: its rooms can be created and played
            String other = node.equals("a") ? "b" : "a";
            new WebDriverWait(d, java.time.Duration.ofSeconds(20)).withMessage("online again")
                    .until(x -> x.findElement(By.id("lobby-status")).getText().contains("Online"));
            assertEquals(playerId, stateOf(d).get("playerId"), "the same identity on the surviving node");
            System.out.printf("node %s killed: the browser was back in the lobby (on node %s) after %d ms: \"%s\";"
                    + " its room left node %s's list by %d ms%n", node, other, backMillis, notice, survivor, unlistedMillis);
            assertTrue(backMillis <= 10_000, "back in the lobby after " + backMillis + " ms");
        } finally {
            d.quit();
        }
    }

    /**
     * A node killed in the middle of its graceful stop: node a hands its match over, and is killed (SIGKILL) the
     * moment node b has adopted the room, before or while its players are told where it went. Nothing is stuck:
     * each player either plays on node b within seconds (MOVED, or its lobby's resume) or is told the room was
     * lost; node b's room keeps no seat beyond the seat hold.
     */
    @Test
    @Order(6)
    void aNodeKilledInTheMiddleOfItsHandoverLeavesNothingStuck() throws Exception {
        for (String n : new String[]{"a", "b"}) {
            if (!cluster.node(n).isAlive()) { // the previous test killed one
                cluster.startNode(n);
                cluster.awaitNode(n);
            }
        }
        cluster.awaitHttp(cluster.lbUrl() + "health", 30);
        ItClients onA = through(cluster.nodeUrl("a"));
        ItClients onB = through(cluster.nodeUrl("b"));
        ItClients lb = through(cluster.lbUrl());
        WsClient[] lobbies = {onA.lobby("HostMid"), onB.lobby("GuestMid")};
        ItClients.Player host = lb.play(lobbies[0], ItClients.createRoom("Midway", 4));
        String roomId = host.roomId();
        lobbies[1].awaitPush("roomsChanged", o -> o.toString().contains(roomId), 5_000);
        Stream[] players = {new Stream(host), new Stream(lb.play(lobbies[1], ItClients.joinRoom(roomId)))};
        fight(players[0], players[1], 2_000);
        String logB = "adopted room " + roomId;
        long logLengthBefore = Files.size(cluster.log("node-b"));
        cluster.node("a").destroy(); // SIGTERM: the handover begins
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end && !Files.readString(cluster.log("node-b")).substring((int) logLengthBefore)
                .contains(logB)) {
            Thread.sleep(2);
        }
        cluster.node("a").destroyForcibly(); // kill -9, right after node b adopted the room
        long killed = System.nanoTime();
        assertTrue(Files.readString(cluster.log("node-b")).contains(logB), "node b adopted the room first");
        String[] outcome = new String[2];
        for (int i = 0; i < 2; i++) {
            Stream s = players[i];
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (s.moved == null && System.nanoTime() < until && s.ws.isOpen()) {
                s.drain();
                Thread.sleep(5);
            }
            s.drain();
            String path = s.moved == null ? null : s.moved.gamePath();
            String how = "MOVED";
            if (path == null) {
                // no MOVED before node a died: the player's lobby (again on node b for the host) resumes its seat
                WsClient lobby = lobbies[1];
                if (i == 0) {
                    lobby = WsClient.connect(onB.ws("ws/lobby"));
                    lobby.welcome = lobby.request(ItClients.hello("HostMid", lobbies[0].welcome.getString("token")));
                }
                JsonObject answer = null;
                long retry = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (path == null && System.nanoTime() < retry) {
                    answer = lobby.request(ItClients.joinRoom(roomId));
                    if (answer.getString("type").equals("joined")) {
                        path = answer.getString("gamePath");
                    } else if (answer.getString("code", "").equals("ROOM_LOST")) {
                        break;
                    } else {
                        Thread.sleep(200);
                    }
                }
                how = path == null ? "told: " + answer : "the lobby's join";
            }
            if (path != null) {
                assertTrue(path.startsWith("n/b/"), "to node b: " + path);
                ItClients.Player p = lb.open(path, roomId);
                assertEquals(s.selfId, p.welcome().selfId(), "the same entity");
                p.game().next(ServerFrame.Snapshot.class, x -> true, 5_000);
                outcome[i] = "plays on node b after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)
                        + " ms (" + how + ")";
            } else {
                outcome[i] = how;
            }
        }
        // nothing held forever: after the seat hold, node b's room has only the players that came back
        long landed = java.util.Arrays.stream(outcome).filter(o -> o.startsWith("plays")).count();
        Thread.sleep(6_000); // seat.holdSeconds is 4 in the container tests
        JsonObject list = onB.lobby("CheckMid").request("{\"type\":\"listRooms\"}");
        long seated = list.getJsonArray("rooms").stream().map(v -> v.asJsonObject())
                .filter(r -> r.getString("id").equals(roomId)).mapToLong(r -> r.getInt("players")).sum();
        assertEquals(landed, seated, "node b seats exactly the players that came back: " + list);
        System.out.printf("node a killed in the middle of its handover: host %s; guest %s; node b's room seats %d%n",
                outcome[0], outcome[1], seated);
        cluster.startNode("a");
        cluster.awaitNode("a");
    }

    private static Map<String, Object> stateOf(WebDriver d) {
        Map<String, Object> s = BrowserScenarios.state(d);
        return s == null ? Map.of() : s;
    }
}
