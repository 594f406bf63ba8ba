package dev.skirmish.engine.web;

import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The edge between Skirmish's send paths and the container's WebSocket implementation. Every frame Skirmish
 * writes is handed to the container through here, and every container-specific measure lives here:
 * <ul>
 *   <li><b>Sender threads.</b> The tick thread does not call the container's send for snapshots (it does write the
 *       rare control frames of a join or a spectator's follow, WELCOME and FOLLOWING, when nothing else is in
 *       flight for that connection): it queues each snapshot (and
 *       the read-receipt pings) for one of a few sender threads ({@code send.threads}, by default one per core,
 *       at most 4), chosen by the connection. A Tyrus send writes the frame through the servlet output stream and
 *       flushes it, about 16-20 us per frame (docs/benchmarks.md); the tick thread now only encodes and queues.
 *       Control frames and lobby text are written by the thread that sends them ({@link #withSendLoader}), so a
 *       reply followed by a close keeps its order. Each connection has at most one frame in flight plus its
 *       pings ({@link SessionOutbox}), so a lane holds at most a few entries per connection; its capacity
 *       ({@code send.queueCapacity}) is a safety bound, and a send that finds it full fails (the connection is
 *       closed by its outbox with 1013) and is counted.</li>
 *   <li><b>The context class loader.</b> Tyrus 2.1 reschedules its idle-timeout task on every send, and Payara
 *       captures the caller's context for it with a {@code ServiceLoader} scan through the thread's context class
 *       loader, which with the web application's loader walks every jar of the server (half of the tick thread's
 *       CPU once). Sender threads run with the platform class loader as their context loader, set once.</li>
 *   <li><b>The idle-timer bypass</b> ({@link IdleTimerBypass}): installed on every session at open; when it
 *       cannot be installed on this container it says so once in the log, and /metrics counts the sessions
 *       without it.</li>
 * </ul>
 * A transport without threads ({@link #direct()}) runs every send on the caller's thread with the same class
 * loader swap; the unit tests and tools use it.
 */
public final class Transport {
    private static final Logger LOG = Logger.getLogger(Transport.class.getName());
    private static final ClassLoader SEND_CONTEXT_LOADER = ClassLoader.getPlatformClassLoader();
    /** The most sender threads a transport starts, whatever the core count. */
    static final int MAX_THREADS = 4;

    private final Lane[] lanes;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final LongAdder bypassed = new LongAdder();
    private final LongAdder notBypassed = new LongAdder();
    private volatile boolean stopped;

    private Transport(Lane[] lanes) {
        this.lanes = lanes;
    }

    /**
     * Starts {@code threads} sender threads (0: one per available core, at most {@link #MAX_THREADS}), each with a
     * queue of at most {@code capacity} sends.
     */
    public static Transport start(ThreadFactory factory, int threads, int capacity) {
        int n = threads > 0 ? threads : Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        Lane[] lanes = new Lane[n];
        Transport t = new Transport(lanes);
        for (int i = 0; i < n; i++) {
            lanes[i] = t.new Lane(capacity);
            Thread thread = factory.newThread(lanes[i]);
            thread.setName("skirmish-send-" + i);
            thread.setDaemon(true);
            lanes[i].thread = thread;
            thread.start();
        }
        return t;
    }

    /** A transport that sends on the caller's thread (tests and tools). */
    public static Transport direct() {
        return new Transport(new Lane[0]);
    }

    /** Prepares a new session for sending: installs the idle-timer bypass where the container allows it. */
    void attach(Session session) {
        if (IdleTimerBypass.install(session)) {
            bypassed.increment();
        } else {
            notBypassed.increment();
        }
    }

    /**
     * Runs {@code send} (a call into the container) on the sender thread of {@code connection}, or on this thread
     * for a direct transport. Returns false, without running it, when that thread's queue is full or the
     * transport has stopped.
     */
    boolean execute(Object connection, Runnable send) {
        if (lanes.length == 0) {
            withSendLoader(send);
            sends.increment();
            return true;
        }
        if (stopped) {
            rejected.increment();
            return false;
        }
        Lane lane = lanes[Math.floorMod(System.identityHashCode(connection), lanes.length)];
        if (!lane.queue.offer(send)) {
            rejected.increment();
            return false;
        }
        return true;
    }

    /** Runs a container call on this thread with the platform class loader as the thread's context loader. */
    static void withSendLoader(Runnable call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == SEND_CONTEXT_LOADER) {
            call.run();
            return;
        }
        thread.setContextClassLoader(SEND_CONTEXT_LOADER);
        try {
            call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Stops the sender threads; sends still queued are dropped (their connections are being closed). */
    public void stop() {
        stopped = true;
        for (Lane lane : lanes) {
            lane.queue.clear();
            if (lane.thread != null) {
                lane.thread.interrupt();
            }
        }
    }

    /** Sender threads. */
    public int threads() {
        return lanes.length;
    }

    /** Sends waiting in the sender threads' queues now. */
    public int queued() {
        int n = 0;
        for (Lane lane : lanes) {
            n += lane.queue.size();
        }
        return n;
    }

    /** Sends the sender threads (or a direct transport) handed to the container since start. */
    public long sends() {
        return sends.sum();
    }

    /** Sends refused because a sender queue was full or the transport had stopped, since start. */
    public long rejected() {
        return rejected.sum();
    }

    /** Sessions with the idle-timer bypass installed, and sessions where it could not be, since start. */
    public long bypassed() {
        return bypassed.sum();
    }

    public long notBypassed() {
        return notBypassed.sum();
    }

    /** One sender thread and its queue. */
    private final class Lane implements Runnable {
        final BlockingQueue<Runnable> queue;
        Thread thread;

        Lane(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        public void run() {
            // here, not in start(): a container thread factory may set its own context loader when the thread runs
            Thread.currentThread().setContextClassLoader(SEND_CONTEXT_LOADER);
            List<Runnable> batch = new ArrayList<>(256);
            while (!stopped) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    break;
                }
                queue.drainTo(batch, 255);
                for (Runnable send : batch) {
                    try {
                        send.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a send failed unexpectedly", e); // never let one stop the lane
                    }
                }
                sends.add(batch.size());
                batch.clear();
            }
        }
    }
}
