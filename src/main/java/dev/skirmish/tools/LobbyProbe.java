package dev.skirmish.tools;

import dev.skirmish.bots.WsConnection;
import dev.skirmish.engine.spi.wire.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until a Skirmish server answers a lobby hello, and prints how long that took. Used to measure
 * start-up and as a readiness check (Payara Micro may exit 0 when its port is taken, so do not trust exit codes).
 *
 * <pre>java -cp target/classes dev.skirmish.tools.LobbyProbe [ws://localhost:8080/ws/lobby] [--wait SECONDS]</pre>
 * Exit status 0 when a welcome arrived, 1 when the wait ran out.
 */
public final class LobbyProbe {
    private LobbyProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = "ws://localhost:8080/ws/lobby";
        long waitSeconds = 120;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--wait") && i + 1 < args.length) {
                waitSeconds = Long.parseLong(args[++i]);
            } else {
                url = args[i];
            }
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(waitSeconds);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (tryHello(http, URI.create(url))) {
                System.out.printf("lobby answered after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, url);
                System.exit(0);
            }
            Thread.sleep(200);
        }
        System.out.println("no lobby answer within " + waitSeconds + " s: " + url);
        System.exit(1);
    }

    private static boolean tryHello(HttpClient http, URI uri) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WsConnection ws = null;
        try {
            ws = WsConnection.openAsync(http, uri, new WsConnection.Handler() {
                @Override
                public void text(String message) {
                    reply.complete(message);
                }
            }).get(3, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"hello\",\"nickname\":\"probe\",\"protocol\":" + Protocol.VERSION + "}");
            return reply.get(3, TimeUnit.SECONDS).contains("\"welcome\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false; // not up yet
        } finally {
            if (ws != null) {
                ws.sendClose(1000, "probe done");
            }
        }
    }
}
