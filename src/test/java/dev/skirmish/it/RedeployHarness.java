package dev.skirmish.it;

import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Runs in its own JVM (started by {@link LifecycleIT}): boots Payara Micro in-process through its public API
 * (by reflection: the API is in the Payara Micro jar on this JVM's class path, not on the test's), then deploys
 * the WAR, connects a lobby client and a playing game stream, undeploys while they are connected, and measures
 * after the warm-up cycles and after each later one (four full GCs first): live threads, heap after GC and
 * classes loaded. Prints one {@code CYCLE} line per measurement and {@code CLOSE} lines with what the clients
 * were told.
 *
 * <pre>java --add-opens ... -cp payara-micro.jar:test-classes dev.skirmish.it.RedeployHarness WAR PORT CYCLES WARMUP</pre>
 */
public final class RedeployHarness {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String war = args[0];
        int port = Integer.parseInt(args[1]);
        int cycles = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Class<?> microType = Class.forName("fish.payara.micro.PayaraMicro");
        Object micro = microType.getMethod("getInstance").invoke(null);
        microType.getMethod("setNoCluster", boolean.class).invoke(micro, true);
        microType.getMethod("setNoHazelcast", boolean.class).invoke(micro, true);
        // One HTTP worker thread: each worker keeps its last recycled request, and one that carried a WebSocket
        // upgrade still references the undeployed application's endpoint class (so its class loader). With a
        // pool, one to five old generations stay reachable depending on which workers served the upgrades, and
        // the heap figures would measure the container's cache, not the application.
        microType.getMethod("setMinHttpThreads", int.class).invoke(micro, 1);
        microType.getMethod("setMaxHttpThreads", int.class).invoke(micro, 1);
        microType.getMethod("setHttpPort", int.class).invoke(micro, port);
        microType.getMethod("setHttpAutoBind", boolean.class).invoke(micro, false);
        microType.getMethod("setPrintLogo", boolean.class).invoke(micro, false);
        Object runtime = microType.getMethod("bootStrap").invoke(micro);
        Class<?> runtimeType = Class.forName("fish.payara.micro.PayaraMicroRuntime");
        measure("boot");
        for (int i = 1; i <= cycles; i++) {
            long t0 = System.nanoTime();
            try (InputStream in = new FileInputStream(war)) {
                Object ok = runtimeType.getMethod("deploy", String.class, String.class, InputStream.class)
                        .invoke(runtime, "skirmish", "/", in);
                if (!Boolean.TRUE.equals(ok)) {
                    throw new IllegalStateException("deploy failed in cycle " + i);
                }
            }
            double deploySeconds = (System.nanoTime() - t0) / 1e9;
            Client[] clients;
            try {
                clients = play(i, port);
            } catch (Exception e) {
                // one CI run hung here once (cycle 23 of 23; a wait without a timeout then): every wait has a
                // timeout now, and a cycle whose clients fail tries once more, saying so
                System.out.println("RETRY cycle " + i + ": " + e);
                clients = play(i, port);
            }
            Client lobby = clients[0];
            Client game = clients[1];
            t0 = System.nanoTime();
            runtimeType.getMethod("undeploy", String.class).invoke(runtime, "skirmish");
            double undeploySeconds = (System.nanoTime() - t0) / 1e9;
            System.out.println("CLOSE cycle " + i + " lobby " + lobby.close.get(10, TimeUnit.SECONDS));
            System.out.println("CLOSE cycle " + i + " game " + game.close.get(10, TimeUnit.SECONDS));
            int status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (Boolean.getBoolean("flush")) {
                recycleWorkerCaches(port);
            }
            System.out.printf("TIMES cycle %d deploy %.2f s undeploy %.2f s, GET / after undeploy %d%n", i,
                    deploySeconds, undeploySeconds, status);
            if (i >= warmup) {
                measure(i == warmup ? "baseline" : "cycle " + i);
            }
        }
        String dump = System.getProperty("heapDump");
        if (dump != null) {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).dumpHeap(dump, true);
        }
        runtimeType.getMethod("shutdown").invoke(runtime);
        System.out.println("DONE");
        System.exit(0);
    }

    /** A player of cycle {@code i}: its lobby (hello, quick play) and its game stream, up to its first snapshot. */
    private static Client[] play(int i, int port) throws Exception {
        Client lobby = Client.open(URI.create("ws://127.0.0.1:" + port + "/ws/lobby"));
        lobby.ws.sendText("{\"type\":\"hello\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION
                + ",\"nickname\":\"cycle" + i + "\"}", true).get(20, TimeUnit.SECONDS);
        lobby.ws.sendText("{\"type\":\"quickPlay\"}", true).get(20, TimeUnit.SECONDS);
        String joined = lobby.awaitText("\"joined\"");
        String path = joined.replaceAll(".*\"gamePath\":\"([^\"]+)\".*", "$1");
        Client game = Client.open(URI.create("ws://127.0.0.1:" + port + "/" + path));
        game.ws.sendBinary(ByteBuffer.wrap(new byte[]{2, 0, 0, 0, 0}), true).get(20, TimeUnit.SECONDS); // speak first
        game.awaitBinary(); // welcome
        game.awaitBinary(); // a snapshot: the room ticks
        return new Client[]{lobby, game};
    }

    /**
     * Ordinary requests, as a live server gets them: Grizzly keeps a recycled request object per worker thread,
     * and one that served a WebSocket upgrade still points at the undeployed application's endpoint class (so at
     * its class loader) until the same worker serves another request.
     */
    private static void recycleWorkerCaches(int port) {
        for (int round = 0; round < 3; round++) {
            java.util.List<CompletableFuture<HttpResponse<Void>>> all = new java.util.ArrayList<>();
            for (int k = 0; k < 64; k++) {
                all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            for (CompletableFuture<HttpResponse<Void>> f : all) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // a refused request recycles nothing; the measurement shows it
                }
            }
        }
    }

    private static void measure(String label) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(250);
        }
        long heap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                heap += p.getCollectionUsage().getUsed();
            }
        }
        long harnessThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-")).count();
        long ours = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("skirmish-")).count();
        System.out.printf("CYCLE %s threads %d heap %d classes %d skirmish-threads %d%n", label,
                ManagementFactory.getThreadMXBean().getThreadCount() - harnessThreads, heap,
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), ours);
    }

    /**
     * A JDK WebSocket that records its first frames and its close. Not the project's client
     * ({@code bots.WsConnection}): this harness runs in the same JVM as the container with only the test classes on
     * its class path, so that no class of the application is loaded outside the WAR (Payara delegates to the parent
     * first, and such a class would pin nothing of the old application's loader, or shadow the WAR's own).
     */
    private static final class Client implements WebSocket.Listener {
        final CompletableFuture<String> close = new CompletableFuture<>();
        final java.util.concurrent.BlockingQueue<Object> frames = new java.util.concurrent.LinkedBlockingQueue<>(1000);
        final StringBuilder text = new StringBuilder();
        WebSocket ws;

        static Client open(URI uri) {
            Client c = new Client();
            c.ws = HTTP.newWebSocketBuilder().buildAsync(uri, c).orTimeout(20, TimeUnit.SECONDS).join();
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.offer(text.toString());
                text.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            if (last) {
                frames.offer(data);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            close.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            close.complete("error " + error);
        }

        String awaitText(String containing) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Object f = frames.poll(1, TimeUnit.SECONDS);
                if (f instanceof String s && s.contains(containing)) {
                    return s;
                }
            }
            throw new IllegalStateException("no " + containing);
        }

        void awaitBinary() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (frames.poll(1, TimeUnit.SECONDS) instanceof ByteBuffer) {
                    return;
                }
            }
            throw new IllegalStateException("no binary frame");
        }
    }
}
