package dev.skirmish.limits;

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
 * the client answers at all ({@link #missedHeartbeats()}). Not thread-safe: its owner (the connection's send
 * path) calls it under the lock it already holds, so the tick thread's snapshot offer takes one lock, not two.
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
    private long lastHeartbeatNanos;
    private long lastPongNanos;
    private int missed;

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
     * @param heartbeat whether this is the heartbeat's ping (it counts for {@link #missedHeartbeats})
     */
    public long ping(boolean heartbeat, long nowNanos) {
        long id = nextId++;
        int slot = (int) (id % RING);
        ringIds[slot] = id;
        ringSent[slot] = sent;
        pingOutstanding = true;
        if (heartbeat) {
            lastHeartbeatNanos = nowNanos;
        }
        return id;
    }

    /** A pong came back with {@code id}; false (and nothing learnt) if it answers no ping of ours. */
    public boolean pong(long id, long nowNanos) {
        int slot = (int) (id % RING);
        if (id <= 0 || ringIds[slot] != id) {
            return false;
        }
        acknowledged = Math.max(acknowledged, ringSent[slot]);
        lastPongNanos = nowNanos;
        if (id == nextId - 1) {
            pingOutstanding = false;
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
        return lastHeartbeatNanos != 0;
    }

    /**
     * Counts one heartbeat round (before its ping): how many heartbeat pings in a row have gone unanswered, a
     * ping counting as answered when any pong of ours arrived after it.
     */
    public int missedHeartbeats() {
        if (lastHeartbeatNanos != 0 && lastPongNanos - lastHeartbeatNanos < 0) {
            missed++;
        } else {
            missed = 0;
        }
        return missed;
    }
}
