package dev.skirmish.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docker/compose.yaml's topology as plain processes on loopback: redis-server, nodes a and b (Payara Micro
 * started by docker/node.sh with the built WAR) and HAProxy with docker/haproxy.cfg, each on a free port, logs
 * under target/. Nodes can be killed, stopped and started again; Redis too. Everything is stopped by PID.
 */
final class ClusterHarness implements AutoCloseable {
    static final String SECRET = "cluster-test-secret";
    private static final Path PROJECT = Path.of(System.getProperty("skirmish.projectDir", "."));
    private final String name;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int redisPort = freePort();
    private final int lbPort = freePort();
    private final Map<String, Integer> nodePorts = new LinkedHashMap<>();
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final List<Process> others = new ArrayList<>();
    private Process redis;

    private ClusterHarness(String name) {
        this.name = name;
        nodePorts.put("a", freePort());
        nodePorts.put("b", freePort());
    }

    /** Starts Redis, both nodes (in parallel) and HAProxy, and waits until each answers. */
    static ClusterHarness start(String name) throws Exception {
        ClusterHarness h = new ClusterHarness(name);
        try {
            h.startRedis();
            h.startNode("a");
            h.startNode("b");
            h.startHaproxy();
            h.awaitNode("a");
            h.awaitNode("b");
            h.awaitHttp(h.lbUrl() + "health", 30);
            return h;
        } catch (Exception | Error e) {
            h.close();
            throw e;
        }
    }

    URL lbUrl() throws IOException {
        return URI.create("http://127.0.0.1:" + lbPort + "/").toURL();
    }

    URL nodeUrl(String node) throws IOException {
        return URI.create("http://127.0.0.1:" + nodePorts.get(node) + "/").toURL();
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    Path log(String what) {
        return PROJECT.resolve("target").resolve(name + "-" + what + ".log");
    }

    void startRedis() throws IOException {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log("redis").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", redisPort)) {
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not start; see " + log("redis"));
    }

    /** Kills Redis at once (SIGKILL), as a crash would. */
    void killRedis() throws InterruptedException {
        redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    void startNode(String node) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", PROJECT.resolve("docker/node.sh").toString());
        Map<String, String> env = pb.environment();
        env.put("PAYARA_MICRO_JAR", System.getProperty("payara.microJar"));
        env.put("SKIRMISH_WAR", System.getProperty("skirmish.war"));
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
        env.put("SKIRMISH_CONFIG", PROJECT.resolve("src/test/resources/it-skirmish.properties").toString());
        env.put("SKIRMISH_SERVER_PORT", Integer.toString(nodePorts.get(node)));
        env.put("SKIRMISH_CLUSTER_REDIS_URL", redisUrl());
        env.put("SKIRMISH_CLUSTER_NODE_ID", node);
        env.put("SKIRMISH_SESSION_SECRET", SECRET);
        env.put("SKIRMISH_ROOM_EMPTY_CLOSE_SECONDS", "30");
        nodes.put(node, pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                log("node-" + node).toFile())).start());
    }

    /** Waits until the node serves /health and its application logged that it started. */
    void awaitNode(String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Process p = nodes.get(node);
            if (!p.isAlive()) {
                throw new IllegalStateException("node " + node + " exited; see " + log("node-" + node));
            }
            if (status(nodeUrl(node) + "health") == 200 && Files.readString(log("node-" + node)).contains("Skirmish started")) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException("node " + node + " did not start within 180 s; see " + log("node-" + node));
    }

    void startHaproxy() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", PROJECT.resolve("docker/haproxy.cfg").toString());
        pb.environment().put("SKIRMISH_LB_BIND", "127.0.0.1:" + lbPort);
        pb.environment().put("SKIRMISH_NODE_A", "127.0.0.1:" + nodePorts.get("a"));
        pb.environment().put("SKIRMISH_NODE_B", "127.0.0.1:" + nodePorts.get("b"));
        others.add(pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log("haproxy").toFile()))
                .start());
    }

    /** The process of a node. */
    Process node(String node) {
        return nodes.get(node);
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A GET's body, or null when it did not answer 200. */
    String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    void awaitHttp(String url, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (status(url) == 200) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + seconds + " s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : nodes.values()) {
            p.destroy(); // SIGTERM: the graceful stop
        }
        for (Process p : nodes.values()) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Process p : others) {
            p.destroyForcibly();
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
    }
}
