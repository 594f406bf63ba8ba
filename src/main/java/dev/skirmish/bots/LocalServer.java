package dev.skirmish.bots;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Skirmish server started as a process by the benchmarks, the run launcher and the tests (the one launcher of the
 * code base): Payara Micro with the WAR (optionally pinned to CPUs with {@code taskset}) or any other runtime's
 * command, with what they read from outside: /metrics, resident memory, open file descriptors and the live heap
 * after a full GC ({@code jcmd GC.run}). Stopped by its own PID.
 */
public final class LocalServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String javaHome;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalServer(Process process, int port, String javaHome) {
        this.process = process;
        this.port = port;
        this.javaHome = javaHome;
    }

    /**
     * Starts a server and waits until the application logged that it started.
     *
     * @param cpus a taskset CPU list, or null for no pinning
     * @param javaHome the JDK or JRE that runs the server
     * @param jvmOptions JVM options before {@code -jar} (system properties such as {@code -Dskirmish.x=y})
     */
    static LocalServer start(Path log, int port, String cpus, List<String> jvmOptions, String microJar, String war)
            throws Exception {
        return start(log, port, cpus, System.getProperty("java.home"), jvmOptions, microJar, war);
    }

    static LocalServer start(Path log, int port, String cpus, String javaHome, List<String> jvmOptions, String microJar,
                             String war) throws Exception {
        return start(log, port, cpus, javaHome, jvmOptions, microJar, war, "Skirmish started", "metrics");
    }

    /**
     * Starts Payara Micro with any WAR and waits until its log has {@code readyLine} and {@code readyPath} answers
     * 200.
     */
    static LocalServer start(Path log, int port, String cpus, String javaHome, List<String> jvmOptions, String microJar,
                             String war, String readyLine, String readyPath) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(payaraCommand(javaHome, jvmOptions, microJar, war, port));
        // extra Payara Micro options for experiments, e.g. "--postbootcommandfile tuning.asadmin"
        for (String a : System.getProperty("skirmish.microArgs", "").trim().split("\\s+")) {
            if (!a.isEmpty()) {
                cmd.add(a);
            }
        }
        return start(log, port, cmd, javaHome, readyLine, readyPath, Duration.ofSeconds(120));
    }

    /** The command that runs {@code war} at {@code /} on Payara Micro, on one node (no Hazelcast). */
    public static List<String> payaraCommand(String javaHome, List<String> jvmOptions, String microJar, String war,
                                             int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(javaHome, "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", microJar, "--deploy", war, "--contextroot", "/", "--port", Integer.toString(port),
                "--noHazelcast"));
        return cmd;
    }

    /**
     * Runs {@code command} (any runtime with the WAR at {@code /} on {@code port}), its output in {@code log}, and
     * waits until {@code readyPath} answers 200 and, unless null, the log has {@code readyLine}.
     *
     * @param javaHome the JDK that runs it (for {@code jcmd})
     */
    public static LocalServer start(Path log, int port, List<String> command, String javaHome, String readyLine,
                                    String readyPath, Duration timeout) throws Exception {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalServer server = new LocalServer(p, port, javaHome);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                // the endpoints are registered when the application logs that it started
                if (ready(readyPath, server.get(readyPath))
                        && (readyLine == null || Files.readString(log).contains(readyLine))) {
                    System.out.println("server " + p.pid() + " up on port " + port + " (log " + log + ")");
                    return server;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("the server did not start within " + timeout.toSeconds() + " s (alive: "
                + p.isAlive() + "); see " + log);
    }

    /**
     * True if a ready check's body came from Skirmish itself. Payara Micro serves its own MicroProfile
     * {@code /metrics} and {@code /health} before the WAR's web context has started; taking that answer as ready let
     * bots connect before the WebSocket endpoints were registered (HTTP 500 and 404 handshakes on a busy machine).
     */
    static boolean answeredBySkirmish(String body) {
        return body != null && (body.contains("skirmish_") || body.startsWith("{\"status\":\"ready\"}"));
    }

    /**
     * Whether a ready check's answer means ready: for {@code metrics} and {@code health...}, which Payara Micro also
     * serves itself, only Skirmish's own answer; for any other path (a bare WAR's page), any 200.
     */
    public static boolean ready(String path, String body) {
        if (path.startsWith("metrics") || path.startsWith("health")) {
            return answeredBySkirmish(body);
        }
        return body != null;
    }

    /** The server's process (a test sends it SIGTERM and watches it exit). */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://localhost:" + port + "/";
    }

    /** The /metrics text, or null if it did not answer 200. */
    String metricsText() throws IOException, InterruptedException {
        return get("metrics");
    }

    /** The body of a GET of {@code path} (relative to the root), or null if it did not answer 200. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    /** CPU time (user and system) the server process has used, in seconds, from {@code /proc/<pid>/stat}. */
    double cpuSeconds() throws IOException {
        return cpuSeconds(pid());
    }

    /** CPU time (user and system) a process has used, in seconds, from {@code /proc/<pid>/stat}. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime and stime, in USER_HZ (100)
    }

    /** One unlabelled sample of /metrics, or -1. */
    double metric(String name) throws IOException, InterruptedException {
        String text = metricsText();
        if (text != null) {
            for (String l : text.split("\n")) {
                if (l.startsWith(name + " ")) {
                    return Double.parseDouble(l.substring(l.indexOf(' ') + 1));
                }
            }
        }
        return -1;
    }

    /** Runs a full GC in the server and returns its heap right after, in bytes. */
    long liveHeapBytes() throws Exception {
        new ProcessBuilder(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(pid()),
                "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(60, TimeUnit.SECONDS);
        return (long) metric("skirmish_jvm_heap_after_gc_bytes");
    }

    /** Writes the server's live objects by class ({@code jcmd GC.class_histogram}, after a full GC) to a file. */
    void heapHistogram(Path file) throws Exception {
        new ProcessBuilder(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor(120, TimeUnit.SECONDS);
    }

    /** Writes a heap dump of the server's live objects ({@code jcmd GC.heap_dump}) to {@code file}. */
    void heapDump(Path file) throws Exception {
        new ProcessBuilder(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(pid()), "GC.heap_dump",
                file.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(300, TimeUnit.SECONDS);
    }

    /** Resident memory of the server process. */
    long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid());
    }

    /** Open file descriptors of the server process (sockets included). */
    long openFiles() throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
            return s.count();
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the graceful shutdown
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
