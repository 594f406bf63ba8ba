package dev.skirmish.engine.web;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cheapest game endpoint the container can run, for {@code dev.skirmish.bots.ContainerFloor}: it ignores what it
 * reads and, when
 * the client asks with {@code ?sendHz=30}, sends every connection a 32-byte binary frame at that rate from one
 * scheduler thread (one frame in flight per connection, the newer one dropped while one is in flight, like
 * Skirmish's outbox). A text frame asks how many frames the endpoint has read on that connection. No idle timeout, no CDI, no decoding: what it costs is the container's floor for Skirmish's
 * frame pattern. With {@code ?bypass=1} it installs Skirmish's {@link IdleTimerBypass} on each session, as the game
 * endpoint does. It lives in the test sources only and is deployed by ContainerFloor in a WAR of its own.
 */
@ServerEndpoint("/floor")
public class FloorEndpoint {
    private static final Map<Session, AtomicBoolean> SENDING = new ConcurrentHashMap<>();
    private static final byte[] FRAME = new byte[32];
    private static volatile ScheduledExecutorService sender;

    @OnOpen
    public void open(Session session) {
        session.setMaxIdleTimeout(0);
        session.setMaxBinaryMessageBufferSize(1024);
        if ("1".equals(session.getRequestParameterMap().getOrDefault("bypass", java.util.List.of("0")).get(0))) {
            IdleTimerBypass.install(session);
        }
        String hz = session.getRequestParameterMap().getOrDefault("sendHz", java.util.List.of("0")).get(0);
        int rate = Integer.parseInt(hz);
        if (rate > 0) {
            SENDING.put(session, new AtomicBoolean());
            startSender(rate);
        }
    }

    private long read; // frames this connection's endpoint has read

    @OnMessage
    public void read(ByteBuffer frame) {
        read++;
    }

    /** Any text frame asks how many binary frames this connection's endpoint has read; the answer is the count. */
    @OnMessage
    public String count(String ask) {
        return Long.toString(read);
    }

    @OnClose
    public void close(Session session) {
        SENDING.remove(session);
    }

    private static synchronized void startSender(int hz) {
        if (sender != null) {
            return;
        }
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "floor-sender");
            t.setDaemon(true);
            // like Skirmish's sender threads: not the web application's loader (docs/benchmarks.md)
            t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return t;
        });
        sender.scheduleAtFixedRate(FloorEndpoint::round, 0, 1_000_000 / hz, TimeUnit.MICROSECONDS);
    }

    private static void round() {
        for (Map.Entry<Session, AtomicBoolean> e : SENDING.entrySet()) {
            AtomicBoolean inFlight = e.getValue();
            if (e.getKey().isOpen() && inFlight.compareAndSet(false, true)) {
                try {
                    e.getKey().getAsyncRemote().sendBinary(ByteBuffer.wrap(FRAME), r -> inFlight.set(false));
                } catch (RuntimeException ex) {
                    inFlight.set(false);
                }
            }
        }
    }
}
