package dev.skirmish.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @Test
    void defaultsComeFromTheShippedConfigFile() {
        GameSettings s = SettingsLoader.load(Map.of(), new Properties());
        assertEquals(60, s.sim().rateHz());
        assertEquals(30, s.sim().snapshotRateHz());
        assertEquals(8080, s.server().port());
        assertEquals("arena", s.value("map"));
        // every group is built by key: a sample of each
        assertEquals(16, s.rooms().capacity());
        assertEquals(32, s.input().queueCapacity());
        assertEquals(10, s.limits().heartbeatIntervalSeconds());
        assertEquals(false, s.netsim().allowed());
        assertEquals("", s.security().adminSecret());
        assertEquals(false, s.toString().contains("secret=") && s.security().sessionSecret().length() > 0,
                "the secret is never logged");
    }

    @Test
    void fileThenEnvironmentThenSystemPropertiesOverride(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("custom.properties");
        Files.writeString(file, "snapshot.rateHz=40\nroom.capacity=8\nsim.rateHz=50\n");
        Properties sys = new Properties();
        sys.setProperty("skirmish.config", file.toString());
        sys.setProperty("skirmish.room.capacity", "12");
        GameSettings s = SettingsLoader.load(Map.of("SKIRMISH_SNAPSHOT_RATE_HZ", "45", "SKIRMISH_ROOM_CAPACITY", "10"),
                sys);
        assertEquals(50, s.sim().rateHz());
        assertEquals(45, s.sim().snapshotRateHz());
        assertEquals(12, s.rooms().capacity());
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("SKIRMISH_SIM_RATE_HZ", SettingsLoader.envName("sim.rateHz"));
        assertEquals("SKIRMISH_SEND_CONTROL_QUEUE_CAPACITY", SettingsLoader.envName("send.controlQueueCapacity"));
    }

    @Test
    void badValuesNameTheirKey() {
        Properties sys = new Properties();
        sys.setProperty("skirmish.snapshot.rateHz", "20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Map.of(), sys));
        assertTrue(e.getMessage().contains("snapshot.rateHz"), e.getMessage());
        sys.setProperty("skirmish.snapshot.rateHz", "fast");
        e = assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(), sys));
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
        Properties tooFast = new Properties();
        tooFast.setProperty("skirmish.sim.rateHz", "30");
        tooFast.setProperty("skirmish.snapshot.rateHz", "60");
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(), tooFast));
    }

    @Test
    void kubernetesServiceVariablesAreNotSettingsButTyposStillStopTheStart() {
        // what a pod gets for a Service named skirmish, and a benchmark script's own variable
        Map<String, String> pod = new java.util.HashMap<>(Map.of("SKIRMISH_SERVICE_HOST", "10.0.0.7",
                "SKIRMISH_SERVICE_PORT", "8080", "SKIRMISH_SERVICE_PORT_HTTP", "8080",
                "SKIRMISH_PORT", "tcp://10.0.0.7:8080", "SKIRMISH_PORT_8080_TCP", "tcp://10.0.0.7:8080",
                "SKIRMISH_PORT_8080_TCP_PROTO", "tcp", "SKIRMISH_PORT_8080_TCP_PORT", "8080",
                "SKIRMISH_PORT_8080_TCP_ADDR", "10.0.0.7", "SKIRMISH_DIR", "/opt/skirmish"));
        pod.put("SKIRMISH_ROOM_CAPACITY", "12");
        assertEquals("12", SettingsLoader.resolve(pod, new Properties()).get("room.capacity"),
                "the pod starts, with its real settings");
        for (String typo : new String[]{"SKIRMISH_ROOM_CAPACTY", "SKIRMISH_ROOMS_CAPACITY", "SKIRMISH_SERVER_PORTS"}) {
            Map<String, String> env = new java.util.HashMap<>(pod);
            env.put(typo, "1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SettingsLoader.resolve(env, new Properties()), typo);
            assertTrue(e.getMessage().contains("unknown setting " + typo), e.getMessage());
        }
        Properties sys = new Properties();
        sys.setProperty("skirmish.service.host", "10.0.0.7");
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.resolve(Map.of(), sys),
                "system properties stay strict");
    }

    @Test
    void anUnknownKeyStopsTheStartAndNamesTheNearestKnownOne() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("skirmish", ".properties");
        java.nio.file.Files.writeString(file, "room.capacity=8\nroom.capacty=12\n");
        Properties sys = new Properties();
        sys.setProperty("skirmish.config", file.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(), sys));
        assertTrue(e.getMessage().contains("'room.capacty'") && e.getMessage().contains("did you mean 'room.capacity'"),
                e.getMessage());
        Properties typo = new Properties();
        typo.setProperty("skirmish.seat.holdSecond", "5");
        e = assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(), typo));
        assertTrue(e.getMessage().contains("did you mean 'seat.holdSeconds'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Map.of("SKIRMISH_ROOM_MAX_ROOM", "3"), new Properties()));
        assertTrue(e.getMessage().contains("SKIRMISH_ROOM_MAX_ROOMS (room.maxRooms)"), e.getMessage());
        // the launch scripts' and the load balancer's own variables are not settings
        SettingsLoader.load(Map.of("SKIRMISH_WAR", "/opt/skirmish.war", "SKIRMISH_NODE_A", "a:8080",
                "SKIRMISH_LB_BIND", ":8080"), new Properties());
        Properties fine = new Properties();
        fine.setProperty("skirmish.config", file.toString().replace(".properties", "-none.properties"));
        fine.setProperty("skirmish.microArgs", "--port 9");
        assertThrows(IllegalStateException.class, () -> SettingsLoader.load(Map.of(), fine), "a missing file, not a key");
        java.nio.file.Files.delete(file);
    }

    @Test
    void clusterModeNeedsANodeIdAndTheSharedSecret() {
        assertFalse(SettingsLoader.load(Map.of(), new Properties()).cluster().enabled(), "a single node by default");
        Map<String, String> env = new java.util.HashMap<>(Map.of("SKIRMISH_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379",
                "SKIRMISH_CLUSTER_NODE_ID", "a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(env, new Properties()));
        assertTrue(e.getMessage().contains("session.secret"), e.getMessage());
        env.put("SKIRMISH_SESSION_SECRET", "s3cret");
        ClusterSettings c = SettingsLoader.load(env, new Properties()).cluster();
        assertTrue(c.enabled());
        assertEquals("n/a/", c.nodePath());
        assertEquals(2000, c.nodeTtlMillis());
        assertEquals(500, c.heartbeatMillis());
        for (String[] bad : new String[][]{{"SKIRMISH_CLUSTER_NODE_ID", "Node A"}, {"SKIRMISH_CLUSTER_REDIS_URL", "http://x"},
                {"SKIRMISH_CLUSTER_NODE_PATH", "/abs/"}, {"SKIRMISH_CLUSTER_HEARTBEAT_MILLIS", "1500"},
                {"SKIRMISH_CLUSTER_KEY_PREFIX", "a b"}}) {
            Map<String, String> wrong = new java.util.HashMap<>(env);
            wrong.put(bad[0], bad[1]);
            e = assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(wrong, new Properties()), bad[0]);
            String key = bad[0].equals("SKIRMISH_CLUSTER_HEARTBEAT_MILLIS") ? "cluster.heartbeatMillis"
                    : bad[0].equals("SKIRMISH_CLUSTER_NODE_ID") ? "cluster.nodeId"
                    : bad[0].equals("SKIRMISH_CLUSTER_REDIS_URL") ? "cluster.redisUrl"
                    : bad[0].equals("SKIRMISH_CLUSTER_NODE_PATH") ? "cluster.nodePath" : "cluster.keyPrefix";
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        assertTrue(SettingsLoader.load(env, new Properties()).toString().contains("cluster node a"));
        assertFalse(SettingsLoader.load(env, new Properties()).toString().contains("s3cret"), "never the secret");
    }

    @Test
    void aGamesOwnSettingsAreKnownWithTheirDefaultsAndUnknownKeysStillRefused() {
        java.util.Map<String, java.util.Map<String, String>> games = java.util.Map.of("tag",
                java.util.Map.of("tag.speed", "5", "tag.rounds", "3"));
        java.util.Properties props = new java.util.Properties();
        props.setProperty("skirmish.tag.speed", "7");
        java.util.Map<String, String> v = SettingsLoader.resolve(java.util.Map.of("SKIRMISH_TAG_ROUNDS", "4"), props, games);
        assertEquals("7", v.get("tag.speed"), "a system property sets a game's key");
        assertEquals("4", v.get("tag.rounds"), "so does the environment");
        props.setProperty("skirmish.tag.sped", "1");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.resolve(java.util.Map.of(), props, games));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("tag.speed"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SettingsLoader.resolve(
                java.util.Map.of(), new java.util.Properties(), java.util.Map.of("a", java.util.Map.of("x.y", "1"),
                        "b", java.util.Map.of("x.y", "2"))), "two games may not declare one key");
    }

    @Test
    void theShippedGamesDeclareTheirSettings() {
        java.util.Map<String, java.util.Map<String, String>> declared =
                SettingsLoader.declaredByGames(SettingsLoaderTest.class.getClassLoader());
        assertEquals("arena", declared.get("arena").get("map"));
        assertEquals("20", declared.get("cycles").get("cycles.tickRateHz"));
        GameSettings s = SettingsLoader.load(java.util.Map.of(), new java.util.Properties());
        assertEquals("96", s.value("cycles.width"), "a game's default reaches its context");
    }
}
