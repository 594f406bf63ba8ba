package dev.skirmish.it;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server under test seen from outside: its /metrics samples, and its process (a child of this JVM, started
 * by the Arquillian container) for a full GC through {@code jcmd}.
 */
final class ServerProbe {
    private final URL base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerProbe(URL base) {
        this.base = base;
    }

    /** Every sample of /metrics: by full series ({@code name{labels}}) and summed by name. */
    Map<String, Double> metrics() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "metrics")).timeout(Duration.ofSeconds(10)).GET()
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(get, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // a kept-alive connection the server had just closed ("EOF reached while reading", seen once in CI
            // during the stuck-clients test): a GET may be sent again
            r = http.send(get, HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return dev.skirmish.engine.metrics.PrometheusText.seriesAndTotals(r.body());
    }

    double metric(String series) throws Exception {
        Double v = metrics().get(series);
        if (v == null) {
            throw new IllegalStateException("no " + series + " in /metrics");
        }
        return v;
    }

    /** The Payara Micro process the container started (a descendant of this JVM). */
    static ProcessHandle serverProcess() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Payara Micro child process"));
    }

    /** Runs a full GC in the server and returns its live heap in bytes (heap after that GC, from /metrics). */
    long liveHeapBytes() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("jcmd not found at " + jcmd + " (a JDK is needed)");
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(serverProcess().pid()), "GC.run")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + out);
        }
        return (long) metric("skirmish_jvm_heap_after_gc_bytes");
    }
}
