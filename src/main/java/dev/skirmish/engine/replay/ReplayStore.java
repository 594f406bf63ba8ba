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
 * at most {@code maxBytes} in all; beyond either, the oldest kept go. Tick threads {@link #offer} finished replays;
 * one thread of the store's own compresses and adds them (at most {@link #PENDING} wait; beyond, a replay is
 * dropped and counted). In a cluster ({@link #share}) it also publishes them, lists the cluster's newest and fetches
 * the others' replays when asked. Thread-safe.
 */
public final class ReplayStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplayStore.class.getName());
    /** Finished replays waiting to be compressed; more are dropped. */
    public static final int PENDING = 16;

    /** A kept replay: what it is, and its file. */
    public record Entry(Replay.Header header, byte[] file) {
    }

    /**
     * Replays shared by the nodes of a cluster (Redis): where this store publishes the replays its node finished, and
     * finds those of the others. Its calls may fail (Redis out of reach): the store then answers with its own.
     */
    public interface Shared {
        /** Keeps a replay file for the cluster (asynchronously; never blocks). */
        void publish(String id, long endedAtMillis, byte[] file);

        /** The ids of the cluster's newest replays, newest first, at most {@code n}. */
        java.util.List<String> newest(int n) throws Exception;

        /** A replay file the cluster keeps, or null. */
        byte[] file(String id) throws Exception;
    }

    private final int keep;
    private final long maxBytes;
    private final Map<String, Entry> entries = new LinkedHashMap<>(); // oldest first; guarded by this
    private long bytes; // guarded by this
    private final ThreadPoolExecutor worker;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private volatile Shared shared;

    public ReplayStore(int keep, long maxBytes) {
        this.keep = keep;
        this.maxBytes = maxBytes;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(PENDING), r -> {
            Thread t = new Thread(r, "skirmish-replays");
            t.setDaemon(true);
            return t;
        }, (r, executor) -> dropped.incrementAndGet());
    }

    /** Shares this node's replays with a cluster from now on, and lists and plays the cluster's (null: alone). */
    public void share(Shared cluster) {
        this.shared = cluster;
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
        keep(new Entry(replay.header(), file));
        added.incrementAndGet();
        Shared s = shared;
        if (s != null) {
            s.publish(replay.header().id(), replay.header().endedAtMillis(), file);
        }
    }

    /** Keeps an entry, dropping the oldest beyond the bounds. */
    private void keep(Entry entry) {
        synchronized (this) {
            Entry before = entries.remove(entry.header().id());
            if (before != null) {
                bytes -= before.file().length;
            }
            entries.put(entry.header().id(), entry);
            bytes += entry.file().length;
            Iterator<Entry> it = entries.values().iterator();
            while ((entries.size() > keep || bytes > maxBytes) && it.hasNext()) {
                Entry oldest = it.next();
                it.remove();
                bytes -= oldest.file().length;
                evicted.incrementAndGet();
            }
        }
    }

    /**
     * The replays, newest first: in a cluster the cluster's newest ({@code keep} of them; those this node has not
     * seen are fetched and kept here), else (or while Redis is out of reach) this node's own.
     */
    public List<Entry> list() {
        Shared s = shared;
        if (s != null) {
            try {
                List<Entry> out = new ArrayList<>();
                for (String id : s.newest(keep)) {
                    fetched(s, id).ifPresent(out::add);
                }
                return out;
            } catch (Exception e) {
                LOG.log(Level.FINE, "the cluster's replays are out of reach; listing this node's", e);
            }
        }
        synchronized (this) {
            List<Entry> out = new ArrayList<>(entries.values());
            java.util.Collections.reverse(out); // the last kept first among replays that ended together
            out.sort(java.util.Comparator.comparingLong((Entry e) -> e.header().endedAtMillis()).reversed());
            return out;
        }
    }

    /** A replay kept here, or in a cluster one the cluster keeps (fetched once). */
    public Optional<Entry> get(String id) {
        synchronized (this) {
            Entry e = entries.get(id);
            if (e != null) {
                return Optional.of(e);
            }
        }
        Shared s = shared;
        if (s == null) {
            return Optional.empty();
        }
        try {
            return fetched(s, id);
        } catch (Exception e) {
            LOG.log(Level.FINE, "replay " + id + " is out of reach", e);
            return Optional.empty();
        }
    }

    private Optional<Entry> fetched(Shared s, String id) throws Exception {
        synchronized (this) {
            Entry e = entries.get(id);
            if (e != null) {
                return Optional.of(e);
            }
        }
        byte[] file = s.file(id);
        if (file == null || file.length > maxBytes) {
            return Optional.empty();
        }
        Entry e;
        try {
            e = new Entry(Replay.decodeHeader(file), file);
        } catch (ReplayException bad) {
            LOG.warning("the cluster's replay " + id + " cannot be read: " + bad.getMessage());
            return Optional.empty();
        }
        keep(e);
        return Optional.of(e);
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

    @Override
    public void close() {
        worker.shutdown();
    }
}
