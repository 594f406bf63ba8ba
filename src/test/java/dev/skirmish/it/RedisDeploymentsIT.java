package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.LocalCluster;
import dev.skirmish.engine.cluster.ClusterMessages;
import dev.skirmish.engine.cluster.ClusterNode;
import dev.skirmish.engine.cluster.LocalState;
import dev.skirmish.engine.cluster.RoomInfo;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ServerFrame;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis deployments a cluster supports besides one plain redis-server (docs/scaling.md, "Which Redis"): Redis
 * over TLS ({@code rediss://}, a real redis-server with a test certificate made here by openssl) and a replicated
 * Redis behind Sentinels ({@code redis-sentinel://}, a real primary, replica and three Sentinels), whose primary is
 * killed while two Payara Micro nodes run a match.
 */
class RedisDeploymentsIT {
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Path dir = Path.of(System.getProperty("skirmish.projectDir", ".")).resolve("target/redis-deployments")
            .toAbsolutePath();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // by the Process object: its own PID
        }
    }

    private Process start(String name, String... command) throws IOException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
        processes.add(p);
        return p;
    }


    private static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LocalCluster.tool("redis-cli")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static void await(String what, long millis, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (done.call()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + millis + " ms: " + what);
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + out);
    }

    private ClusterNode node(String url, String ca, String id, List<String> heard) {
        ClusterNode n = new ClusterNode(new ClusterNode.Config(url, ca, id, "n/" + id + "/", "tls-it:", 500, 2000, 1000),
                new ClusterNode.Host() {
                    @Override
                    public void onChat(ClusterMessages.Chat chat) {
                        heard.add(chat.text());
                    }
                }, r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                });
        closing.add(n);
        return n;
    }

    /**
     * Two nodes' cluster code on a TLS-only redis-server: registrations, rooms, seats, the digest, lookups and chat
     * all pass; a node that does not trust the server's authority, or that speaks plain Redis to it, stays
     * degraded.
     */
    @Test
    void aTlsRedisCarriesTheClusterAndAnUntrustedOneIsRefused() throws Exception {
        Path certs = dir.resolve("tls");
        Files.createDirectories(certs);
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
                "2", "-subj", "/CN=Skirmish test CA");
        openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "redis.key", "-out", "redis.csr", "-subj",
                "/CN=localhost");
        Files.writeString(certs.resolve("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl(certs, "x509", "-req", "-in", "redis.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "redis.pem", "-days", "2", "-extfile", "ext.cnf");
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.pem",
                "-days", "2", "-subj", "/CN=Another CA");
        int port = LocalCluster.freePort();
        start("redis-tls", LocalCluster.tool("redis-server"), "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", certs.resolve("redis.pem").toString(), "--tls-key-file",
                certs.resolve("redis.key").toString(), "--tls-ca-cert-file", certs.resolve("ca.pem").toString(),
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no");
        String ca = certs.resolve("ca.pem").toString();
        await("redis-server answers over TLS", 10_000, () -> cli("--tls", "--cacert", ca, "-p", Integer.toString(port),
                "ping").equals("PONG"));

        String url = "rediss://localhost:" + port;
        List<String> heardByB = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClusterNode a = node(url, ca, "tls-a", new ArrayList<>());
        ClusterNode b = node(url, ca, "tls-b", heardByB);
        RoomInfo room = new RoomInfo("tlsroom1", "tls-a", "n/tls-a/", "Over TLS", 1, 8, "arena", "playing", "arena", null,
                false);
        a.offer(new LocalState(List.of(new LocalState.Room(room, List.of(new LocalState.Member("ptls1", true)))), 1,
                List.of()));
        a.start();
        b.start();
        await("both nodes connect over TLS", 10_000, () -> !a.degraded() && !b.degraded());
        await("node b's digest lists node a's room", 10_000, () -> b.digest().listed().stream()
                .anyMatch(r -> r.id().equals("tlsroom1")));
        assertEquals(2, b.digest().nodes(), "both registered");
        assertEquals("tls-a", b.room("tlsroom1").node(), "a lookup over TLS");
        assertEquals(new ClusterNode.Seat("tlsroom1", "tls-a", true), b.seat("ptls1"));
        assertEquals(ClusterNode.Liveness.ALIVE, b.liveness("tls-a"));
        await("a's lobby may post", 5_000, a::mayPublishLobbyChat);
        a.publishChat(new ClusterMessages.Chat("tls-a", a.nextChatId(), null, List.of(), "ptls1", "Tess", "over tls",
                System.currentTimeMillis()));
        await("b hears a's lobby chat", 5_000, () -> heardByB.contains("over tls"));

        // a node that trusts another authority, or that does not speak TLS, never connects
        ClusterNode untrusting = node(url, certs.resolve("other.pem").toString(), "tls-c", new ArrayList<>());
        ClusterNode plain = node("redis://localhost:" + port, "", "tls-d", new ArrayList<>());
        untrusting.start();
        plain.start();
        Thread.sleep(3000);
        assertTrue(untrusting.degraded(), "a certificate from an authority it does not trust is refused");
        assertTrue(plain.degraded(), "plain Redis to a TLS port does not connect");
        assertEquals(2, b.digest().nodes(), "and neither joined the cluster");
        System.out.printf("redis over TLS: two nodes shared a room, a seat, a lookup and chat; an untrusted authority"
                + " and plain text were refused%n");
    }

    /**
     * A replicated Redis behind three Sentinels; two Payara Micro nodes behind HAProxy run a match on node a with a
     * guest whose lobby is on node b; the primary is killed with SIGKILL. Nothing in play is lost, and the lobby is
     * ok again after the Sentinels promoted the replica (measured from the kill); a player can then join the
     * match from the other node.
     */
    @Test
    void aSentinelFailoverLosesNothingInPlayAndTheLobbyComesBack() throws Exception {
        int primary = LocalCluster.freePort();
        int replica = LocalCluster.freePort();
        String server = LocalCluster.tool("redis-server");
        Process primaryProcess = start("redis-primary", server, "--port", Integer.toString(primary), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no");
        start("redis-replica", server, "--port", Integer.toString(replica), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--replicaof", "127.0.0.1", Integer.toString(primary));
        List<String> sentinels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = LocalCluster.freePort();
            Path conf = dir.resolve("sentinel-" + i + ".conf");
            Files.createDirectories(dir);
            Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor skirmish 127.0.0.1 " + primary
                    + " 2\nsentinel down-after-milliseconds skirmish 1000\nsentinel failover-timeout skirmish 10000\n"
                    + "sentinel parallel-syncs skirmish 1\n");
            start("sentinel-" + i, server, conf.toString(), "--sentinel");
            sentinels.add("127.0.0.1:" + port);
        }
        await("the replica is in sync", 20_000, () -> cli("-p", Integer.toString(primary), "info", "replication")
                .contains("connected_slaves:1"));
        String first = sentinels.get(0).substring(sentinels.get(0).indexOf(':') + 1);
        await("the Sentinels know the replica and each other", 30_000, () -> {
            String s = cli("-p", first, "sentinel", "master", "skirmish");
            return s.contains("num-slaves\n1") && s.contains("num-other-sentinels\n2");
        });

        String url = "redis-sentinel://" + String.join(",", sentinels) + "/skirmish";
        Path project = Path.of(System.getProperty("skirmish.projectDir", "."));
        LocalCluster cluster = LocalCluster.start("sentinel-it", new LocalCluster.Options(project,
                System.getProperty("payara.microJar"), System.getProperty("skirmish.war"),
                project.resolve("src/test/resources/it-skirmish.properties"), Map.of(),
                Map.of("SKIRMISH_CLUSTER_REDIS_URL", url, "JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1"),
                project.resolve("target")));
        closing.add(cluster);
        ItClients onA = new ItClients(cluster.nodeUrl("a"));
        ItClients onB = new ItClients(cluster.nodeUrl("b"));
        ItClients viaLb = new ItClients(cluster.lbUrl());
        closing.add(onA::closeAll);
        closing.add(onB::closeAll);
        closing.add(viaLb::closeAll);
        WsClient hostLobby = onA.lobby("HostS");
        WsClient guestLobby = onB.lobby("GuestS");
        assertEquals("ok", guestLobby.welcome.getJsonObject("cluster").getString("state"));
        ItClients.Player host = viaLb.play(hostLobby, ItClients.createRoom("Failover", 4));
        guestLobby.awaitPush("roomsChanged", o -> o.toString().contains(host.roomId()), 10_000);
        ItClients.Player guest = viaLb.play(guestLobby, ItClients.joinRoom(host.roomId()));

        long seq = 0;
        for (int i = 0; i < 60; i++) { // a second of play before the kill
            host.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(++seq, 0, 0)));
            guest.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(seq, 0, 0)));
            Thread.sleep(16);
        }
        guest.game().frames.clear();
        guestLobby.texts.clear();
        primaryProcess.destroyForcibly(); // kill -9 of the primary
        long killed = System.nanoTime();
        long okAt = 0;
        long degradedAt = 0;
        long lastSnapshot = killed;
        long worstGap = 0;
        long end = killed + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end && (okAt == 0 || System.nanoTime() - okAt < TimeUnit.SECONDS.toNanos(2))) {
            host.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(++seq, 0, 0)));
            guest.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(seq, 0, 0)));
            WsClient.Frame f;
            while ((f = guest.game().frames.poll()) != null) {
                if (f.decode() instanceof ServerFrame.Snapshot) {
                    worstGap = Math.max(worstGap, f.receivedNanos() - lastSnapshot);
                    lastSnapshot = f.receivedNanos();
                }
            }
            String text;
            while ((text = guestLobby.texts.poll()) != null) {
                JsonObject p = jakarta.json.Json.createReader(new java.io.StringReader(text)).readObject();
                if (p.getString("type").equals("cluster")) {
                    if (p.getString("state").equals("degraded") && degradedAt == 0) {
                        degradedAt = System.nanoTime();
                    } else if (p.getString("state").equals("ok") && degradedAt != 0 && okAt == 0) {
                        okAt = System.nanoTime();
                    }
                }
            }
            Thread.sleep(16);
        }
        assertTrue(okAt != 0, "the lobby of node b said ok again within 20 s of the kill (degraded after "
                + (degradedAt == 0 ? "never" : TimeUnit.NANOSECONDS.toMillis(degradedAt - killed) + " ms") + ")");
        long okMillis = TimeUnit.NANOSECONDS.toMillis(okAt - killed);
        assertTrue(host.game().isOpen() && guest.game().isOpen(), "nobody in play was disconnected");
        assertTrue(worstGap < TimeUnit.MILLISECONDS.toNanos(500), "snapshots kept coming: worst gap "
                + worstGap / 1_000_000 + " ms");
        String promoted = cli("-p", first, "sentinel", "get-master-addr-by-name", "skirmish");
        assertTrue(promoted.endsWith(Integer.toString(replica)), "the replica is the primary now: " + promoted);
        // the lobby works on the new primary: a third player on node b joins the match on node a
        WsClient late = onB.lobby("LateS");
        assertEquals("ok", late.welcome.getJsonObject("cluster").getString("state"));
        JsonObject joined = null;
        for (int i = 0; i < 50 && (joined == null || !joined.getString("type").equals("joined")); i++) {
            joined = late.request(ItClients.joinRoom(host.roomId()));
            Thread.sleep(100);
        }
        assertNotNull(joined);
        assertEquals("joined", joined.getString("type"), joined.toString());
        assertTrue(joined.getString("gamePath").startsWith("n/a/"), joined.toString());
        System.out.printf("sentinel failover: the primary killed; node b's lobby degraded after %d ms and ok again"
                        + " after %d ms (goal 10 s); the match's streams stayed open, worst snapshot gap %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(degradedAt - killed), okMillis, worstGap / 1_000_000);
        assertTrue(okMillis <= 10_000, "ok again " + okMillis + " ms after the kill (goal 10 s)");
    }
}
