package dev.skirmish.bots;

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
 * docker/compose.yaml's topology as plain processes on loopback, for the cluster tests and the cluster
 * benchmark: redis-server, nodes a and b (Payara Micro started by docker/node.sh with the built WAR, optionally
 * pinned to CPUs with {@code taskset}) and HAProxy with docker/haproxy.cfg, each on a free port, logs under
 * target/. Nodes can be killed, stopped and started again; Redis too. Everything is stopped by PID.
 */
public final class LocalCluster implements AutoCloseable {
    /** The session secret every node of a local cluster shares. */
    public static final String SECRET = "local-cluster-secret";

    /**
     * How to start it.
     *
     * @param project  the repository root (docker/ and the settings file are read from there)
     * @param microJar the Payara Micro jar
     * @param war      the WAR
     * @param config   a settings file for the nodes, or null for the embedded defaults
     * @param nodeCpus a taskset CPU list per node id, or none to leave the nodes unpinned
     * @param nodeEnv  more SKIRMISH_* settings for every node
     * @param logs     where the processes' logs go
     * @param nodeIds  the nodes to start: a and b, or a alone (b's address in haproxy.cfg then answers nothing)
     */
    public record Options(Path project, String microJar, String war, Path config, Map<String, String> nodeCpus,
                          Map<String, String> nodeEnv, Path logs, List<String> nodeIds) {
        /** Both nodes. */
        public Options(Path project, String microJar, String war, Path config, Map<String, String> nodeCpus,
                       Map<String, String> nodeEnv, Path logs) {
            this(project, microJar, war, config, nodeCpus, nodeEnv, logs, List.of("a", "b"));
        }
    }

    private final Options options;
    private final String name;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int redisPort = freePort();
    private final int lbPort = freePort();
    private final Map<String, Integer> nodePorts = new LinkedHashMap<>();
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final List<Process> others = new ArrayList<>();
    private Process redis;

    private LocalCluster(String name, Options options) {
        this.name = name;
        this.options = options;
        nodePorts.put("a", freePort());
        nodePorts.put("b", freePort());
    }

    /** Starts Redis, both nodes (in parallel) and HAProxy, and waits until each answers. */
    public static LocalCluster start(String name, Options options) throws Exception {
        for (String tool : List.of("redis-server", "haproxy", "redis-cli")) {
            tool(tool);
        }
        LocalCluster h = new LocalCluster(name, options);
        try {
            h.startRedis();
            for (String node : options.nodeIds()) {
                h.startNode(node);
            }
            h.startHaproxy();
            for (String node : options.nodeIds()) {
                h.awaitNode(node);
            }
            if (!options.nodeIds().isEmpty()) {
                h.awaitHttp(h.lbUrl() + "health", 30);
            }
            return h;
        } catch (Exception | Error e) {
            h.close();
            throw e;
        }
    }

    /** HAProxy's address: where players go. */
    public URL lbUrl() throws IOException {
        return URI.create("http://127.0.0.1:" + lbPort + "/").toURL();
    }

    /** A node's own address (a or b). */
    public URL nodeUrl(String node) throws IOException {
        return URI.create("http://127.0.0.1:" + nodePorts.get(node) + "/").toURL();
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    public Path log(String what) {
        return options.logs().resolve(name + "-" + what + ".log");
    }

    /** Starts redis-server on this cluster's port (again, after {@link #killRedis()}). */
    public void startRedis() throws IOException {
        Files.createDirectories(options.logs());
        redis = new ProcessBuilder(tool("redis-server"), "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log("redis").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                new java.net.Socket("127.0.0.1", redisPort).close(); // it accepts connections: up
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not start; see " + log("redis"));
    }

    /** Kills Redis at once (SIGKILL), as a crash would. */
    public void killRedis() throws InterruptedException {
        redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts a node (docker/node.sh, pinned with taskset where the options say). */
    public void startNode(String node) throws IOException {
        List<String> cmd = new ArrayList<>();
        String cpus = options.nodeCpus().get(node);
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(List.of("sh", options.project().resolve("docker/node.sh").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("PAYARA_MICRO_JAR", options.microJar());
        env.put("SKIRMISH_WAR", options.war());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.putIfAbsent("JAVA_OPTS", "-Xmx384m");
        if (options.config() != null) {
            env.put("SKIRMISH_CONFIG", options.config().toString());
        }
        env.put("SKIRMISH_SERVER_PORT", Integer.toString(nodePorts.get(node)));
        env.put("SKIRMISH_CLUSTER_REDIS_URL", redisUrl());
        env.put("SKIRMISH_CLUSTER_NODE_ID", node);
        env.put("SKIRMISH_SESSION_SECRET", SECRET);
        env.putAll(options.nodeEnv());
        Files.createDirectories(options.logs());
        nodes.put(node, pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                log("node-" + node).toFile())).start());
    }

    /** Redis's process id. */
    public long redisPid() {
        return redis.pid();
    }

    /** Redis's port. */
    public int redisPort() {
        return redisPort;
    }

    /**
     * Waits until the node's own {@code /health/ready} says ready (not Payara's MicroProfile check, which answers
     * first) and its application logged that it started.
     */
    public void awaitNode(String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Process p = nodes.get(node);
            if (!p.isAlive()) {
                throw new IllegalStateException("node " + node + " exited; see " + log("node-" + node));
            }
            if (LocalServer.answeredBySkirmish(getQuietly(nodeUrl(node) + "health/ready"))
                    && Files.readString(log("node-" + node)).contains("Skirmish started")) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException("node " + node + " did not start within 180 s; see " + log("node-" + node));
    }

    void startHaproxy() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(tool("haproxy"), "-db", "-f",
                options.project().resolve("docker/haproxy.cfg").toString());
        pb.environment().put("SKIRMISH_LB_BIND", "127.0.0.1:" + lbPort);
        pb.environment().put("SKIRMISH_NODE_A", "127.0.0.1:" + nodePorts.get("a"));
        pb.environment().put("SKIRMISH_NODE_B", "127.0.0.1:" + nodePorts.get("b"));
        others.add(pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log("haproxy").toFile()))
                .start());
    }

    /** The process of a node. */
    public Process node(String node) {
        return nodes.get(node);
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public int status(String url) {
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

    /** A GET's body, or null when it did not answer 200 or did not answer at all. */
    private String getQuietly(String url) throws InterruptedException {
        try {
            return get(url);
        } catch (IOException e) {
            return null;
        }
    }

    /** A GET's body, or null when it did not answer 200. */
    public String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    public void awaitHttp(String url, int seconds) {
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

    /** A program from the PATH (or Debian's /usr/sbin, /usr/bin), or a clear failure. */
    public static String tool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException("a local cluster needs " + name + ": apt-get install redis-server haproxy"
                + " (.ci/run installs them)");
    }

    /** A TCP port free on this machine now. */
    public static int freePort() {
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
