package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.wire.CloseCodes;
import java.nio.ByteBuffer;

/** The send side of one player's game stream, as the tick thread sees it. Implementations never block. */
public interface GameConnection {

    /**
     * Hands a snapshot to the socket if nothing is in flight for this connection.
     *
     * @return true if sent, false if skipped because the previous frame is still being written
     */
    boolean offerSnapshot(ByteBuffer frame);

    /**
     * Whether {@link #offerSnapshot} would take a frame now (nothing in flight); lets the room skip building
     * frames that would be dropped. Only a hint: the offer may still refuse.
     */
    default boolean readyForSnapshot() {
        return true;
    }

    /** Queues a frame that must arrive (welcome, pong); a full queue closes the connection with 4002. */
    void sendControl(byte[] frame);

    /**
     * Whether the client has sent nothing for longer than {@code nanos} at {@code nowNanos} (System.nanoTime)
     * although its silence means something (it pings); a connection that cannot tell says no.
     */
    default boolean silentFor(long nowNanos, long nanos) {
        return false;
    }

    /** Whether the stream is still open (neither side has closed it). */
    default boolean isOpen() {
        return true;
    }

    /** Closes the stream with a code and reason, asynchronously. */
    void close(CloseCodes code, String reason);
}
