package dev.skirmish.engine.replay;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The replays a node keeps, in memory, as their files ({@link Replay#encode()}): at most {@code keep} of them and
 * at most {@code maxBytes} in all; beyond either, the oldest go. Tick threads {@link #offer} finished replays; one
 * thread of the store's own compresses and adds them (at most {@link #PENDING} wait; beyond, a replay is dropped and
 * counted). Thread-safe.
 */
public final class ReplayStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplayStore.class.getName());
    /** Finished replays waiting to be compressed; more are dropped. */
    public static final int PENDING = 16;

    /** A kept replay: what it is, and its file. */
    public record Entry(Replay.Header header, byte[] file) {
    }

    private final int keep;
    private final long maxBytes;
    private final Map<String, Entry> entries = new LinkedHashMap<>(); // oldest first; guarded by this
    private long bytes; // guarded by this
    private final ThreadPoolExecutor worker;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    public ReplayStore(int keep, long maxBytes) {
        this.keep = keep;
        this.maxBytes = maxBytes;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(PENDING), r -> {
            Thread t = new Thread(r, "skirmish-replays");
            t.setDaemon(true);
            return t;
        }, (r, executor) -> dropped.incrementAndGet());
    }

    /** Hands a finished replay to the store's thread (any thread; never blocks). */
    public void offer(Replay replay) {
        worker.execute(() -> {
            try {
                add(replay);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not keep replay " + replay.header().id(), e);
            }
        });
    }

    /** Compresses and keeps a replay now (the caller's thread), dropping the oldest beyond the bounds. */
    public void add(Replay replay) {
        byte[] file = replay.encode();
        if (file.length > maxBytes) {
            dropped.incrementAndGet();
            return;
        }
        synchronized (this) {
            entries.put(replay.header().id(), new Entry(replay.header(), file));
            bytes += file.length;
            Iterator<Entry> it = entries.values().iterator();
            while ((entries.size() > keep || bytes > maxBytes) && it.hasNext()) {
                Entry oldest = it.next();
                it.remove();
                bytes -= oldest.file().length;
                evicted.incrementAndGet();
            }
        }
        added.incrementAndGet();
    }

    /** The kept replays, newest first. */
    public synchronized List<Entry> list() {
        List<Entry> out = new ArrayList<>(entries.values());
        java.util.Collections.reverse(out);
        return out;
    }

    public synchronized Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Bytes of the files kept. */
    public synchronized long bytes() {
        return bytes;
    }

    public long added() {
        return added.get();
    }

    /** Replays not kept: the store's queue was full, or one file was larger than the whole store. */
    public long dropped() {
        return dropped.get();
    }

    /** Replays removed to make room for newer ones. */
    public long evicted() {
        return evicted.get();
    }

    /** Waits up to a second for the replays offered to be kept (tests, and a stopping server). */
    public void flush() {
        java.util.concurrent.Future<?> f = worker.submit(() -> { });
        try {
            f.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // not kept in time: nothing to do
        }
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
