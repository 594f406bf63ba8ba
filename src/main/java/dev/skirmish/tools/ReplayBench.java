package dev.skirmish.tools;

import dev.skirmish.bots.WsConnection;
import dev.skirmish.engine.replay.Replay;
import dev.skirmish.engine.replay.ReplayCheck;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.StreamFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replay figures of a running server (docs/benchmarks.md, "Replays"): for a replay it keeps (the newest, or
 * {@code --id}), the file's size per minute of play per player, the offline check's time, and on a replay stream
 * the time from connecting to the first snapshot, from a seek to the end to the REPLAY frame that says so, and
 * from a seek back to the middle to the next snapshot.
 *
 * <pre>java -cp target/skirmish-bots.jar dev.skirmish.tools.ReplayBench --url http://localhost:8080/ [--id ID]</pre>
 */
public final class ReplayBench {
    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create("http://localhost:8080/");
        String id = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = URI.create(args[i + 1].endsWith("/") ? args[i + 1] : args[i + 1] + "/");
                case "--id" -> id = args[i + 1];
                default -> throw new IllegalArgumentException("usage: ReplayBench --url URL [--id ID]");
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        if (id == null) {
            String list = http.send(HttpRequest.newBuilder(url.resolve("replays")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"id\":\"([A-Za-z0-9]+)\"").matcher(list);
            if (!m.find()) {
                System.out.println("the server keeps no replay");
                System.exit(2);
            }
            id = m.group(1);
        }
        byte[] file = http.send(HttpRequest.newBuilder(url.resolve("replays/" + id)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        Replay replay = Replay.decode(file);
        Replay.Header h = replay.header();
        double minutes = h.seconds() / 60;
        int players = Math.max(1, h.players().size());
        ReplayCheck check = ReplayCheck.run(replay, ReplayBench.class.getClassLoader());
        System.out.printf(Locale.ROOT, "replay %s: %s, %.1f s, %d players, %s; file %,d bytes (body %,d unpacked), "
                        + "%.0f bytes per minute per player; offline check %s in %.0f ms%n", id, h.game(), h.seconds(),
                players, h.ending().name().toLowerCase(Locale.ROOT), file.length, replay.body().length,
                file.length / minutes / players, check.same() ? "SAME" : "DIFFERENT", check.nanos() / 1e6);

        BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(100_000);
        long t0 = System.nanoTime();
        try (WsConnection ws = WsConnection.open(http, URI.create(url.toString().replaceFirst("^http", "ws"))
                .resolve("ws/replay/" + id), new WsConnection.Handler() {
                    @Override
                    public void binary(byte[] bytes) {
                        frames.offer(bytes);
                    }
                })) {
            ws.sendBinary(new byte[] {Protocol.OP_PING, 0, 0, 0, 1});
            await(frames, Protocol.OP_SNAPSHOT, -1);
            double open = (System.nanoTime() - t0) / 1e6;
            long end = h.ticks();
            long t1 = System.nanoTime();
            ws.sendBinary(StreamFrames.replayControl(true, 4, end));
            await(frames, Protocol.OP_REPLAY, end);
            double toEnd = (System.nanoTime() - t1) / 1e6;
            long t2 = System.nanoTime();
            ws.sendBinary(StreamFrames.replayControl(true, 4, end / 2));
            await(frames, Protocol.OP_REPLAY, end / 2);
            double toMiddle = (System.nanoTime() - t2) / 1e6;
            System.out.printf(Locale.ROOT, "replay stream: first snapshot %.0f ms after connecting; a seek to the end"
                    + " (%d ticks) %.0f ms; back to the middle %.0f ms%n", open, end, toEnd, toMiddle);
            ws.sendClose(1000, "done");
        }
    }

    /** Waits for a frame of {@code op} (a REPLAY at {@code position}, unless -1). */
    private static void await(BlockingQueue<byte[]> frames, int op, long position) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            byte[] f = frames.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && (f[0] & 0xFF) == op
                    && (position < 0 || (ByteBuffer.wrap(f, 5, 4).getInt() & 0xFFFF_FFFFL) == position)) {
                return;
            }
        }
        throw new IllegalStateException("no frame 0x" + Integer.toHexString(op) + " within 30 s");
    }
}
