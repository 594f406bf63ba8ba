package dev.skirmish.engine.limits;

/**
 * How much a client has read of what the server sent it, from WebSocket pings: each ping carries an id and
 * follows every byte sent before it on the same stream, so its pong proves the client read all of those bytes.
 * A send completing proves nothing: below the application the container keeps its own write queue (Grizzly's
 * holds megabytes per connection) and the kernel another; only the client's answer says the bytes left.
 *
 * <p>From that, three decisions for the send path: {@link #throttled()} (unacknowledged bytes above half the
 * limit: skip snapshots, newest wins once the client catches up), {@link #overLimit()} (above the limit: the
 * client is not reading; close it), and {@link #wantsPing()} (a quarter of the limit unacknowledged and no
 * ping outstanding: ask now rather than wait for the heartbeat). The heartbeat's own pings also tell whether
 * the client answers at all ({@link #unansweredHeartbeatNanos}: how long the oldest unanswered one has waited).
 * Not thread-safe: its owner (the connection's send path) calls it under the lock it already holds, so the tick
 * thread's snapshot offer takes one lock, not two.
 * Bytes are whatever unit the caller counts in.
 */
public final class ReadReceipts {
    private static final int RING = 8;
    private final long maxUnacknowledged;
    private long sent;
    private long acknowledged;
    private long nextId = 1;
    private final long[] ringIds = new long[RING];
    private final long[] ringSent = new long[RING];
    private boolean pingOutstanding;
    private boolean everPinged;
    /** Heartbeat pings not answered yet, oldest first (at most {@code WAITING}; later ones are not recorded). */
    private static final int WAITING = 4;
    private final long[] waitingIds = new long[WAITING];
    private final long[] waitingNanos = new long[WAITING];
    private int waitingHead;
    private int waitingCount;

    public ReadReceipts(long maxUnacknowledged) {
        this.maxUnacknowledged = maxUnacknowledged;
    }

    /** Bytes handed to the container for this client. */
    public void sent(long bytes) {
        sent += bytes;
    }

    /**
     * Records a ping about to be sent and returns its id (the payload to send).
     *
     * @param heartbeat whether this is the heartbeat's ping (it counts for {@link #unansweredHeartbeatNanos})
     */
    public long ping(boolean heartbeat, long nowNanos) {
        long id = nextId++;
        int slot = (int) (id % RING);
        ringIds[slot] = id;
        ringSent[slot] = sent;
        pingOutstanding = true;
        if (heartbeat) {
            everPinged = true;
            if (waitingCount < WAITING) {
                int w = (waitingHead + waitingCount++) % WAITING;
                waitingIds[w] = id;
                waitingNanos[w] = nowNanos;
            }
        }
        return id;
    }

    /**
     * A pong came back with {@code id}; false (and nothing learnt) if it answers no ping of ours. Pings travel in
     * order on one stream, so it also answers every earlier ping (RFC 6455 lets a client answer only the latest).
     */
    public boolean pong(long id) {
        int slot = (int) (id % RING);
        if (id <= 0 || ringIds[slot] != id) {
            return false;
        }
        acknowledged = Math.max(acknowledged, ringSent[slot]);
        if (id == nextId - 1) {
            pingOutstanding = false;
        }
        while (waitingCount > 0 && waitingIds[waitingHead] <= id) {
            waitingHead = (waitingHead + 1) % WAITING;
            waitingCount--;
        }
        return true;
    }

    /** Bytes sent that no pong has acknowledged yet. */
    public long unacknowledged() {
        return sent - acknowledged;
    }

    /** More than half the limit unacknowledged: send no more snapshots until the client catches up. */
    public boolean throttled() {
        return sent - acknowledged > maxUnacknowledged / 2;
    }

    /** More than the limit unacknowledged: the client is not reading. */
    public boolean overLimit() {
        return sent - acknowledged > maxUnacknowledged;
    }

    /** A quarter of the limit is unacknowledged and no ping is on its way: send one now (at most one at a time). */
    public boolean wantsPing() {
        return !pingOutstanding && sent - acknowledged > maxUnacknowledged / 4;
    }

    /** Whether a heartbeat ping was ever sent. */
    public boolean everPinged() {
        return everPinged;
    }

    /**
     * How long the oldest heartbeat ping still unanswered has waited (0 when every one is answered). Judging by
     * age, not by counting rounds, keeps a late or skipped heartbeat round from shortening a client's time to
     * answer.
     */
    public long unansweredHeartbeatNanos(long nowNanos) {
        return waitingCount == 0 ? 0 : Math.max(0, nowNanos - waitingNanos[waitingHead]);
    }
}
