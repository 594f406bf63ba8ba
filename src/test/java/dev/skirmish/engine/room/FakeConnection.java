package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.protocol.ServerDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A connection whose "socket" is a list; {@code busy} makes it refuse snapshots as if one were in flight. */
final class FakeConnection implements GameConnection {
    final List<ServerFrame> received = new ArrayList<>();
    final List<Integer> sizes = new ArrayList<>();
    boolean busy;
    /** When the client last sent something, 0 for "now" (it keeps talking). */
    long lastHeard;
    CloseCodes closed;
    int skipped;
    /** Decodes like a client: snapshots are deltas against the previous one. */
    final ServerDecoder decoder = new ServerDecoder();

    @Override
    public boolean offerSnapshot(ByteBuffer frame) {
        if (busy) {
            skipped++;
            return false;
        }
        sizes.add(frame.remaining());
        received.add(decode(frame));
        return true;
    }

    @Override
    public boolean readyForSnapshot() {
        if (busy) {
            skipped++;
        }
        return !busy;
    }

    @Override
    public boolean silentFor(long nowNanos, long nanos) {
        return lastHeard != 0 && nowNanos - lastHeard > nanos;
    }

    @Override
    public void sendControl(byte[] frame) {
        received.add(decode(ByteBuffer.wrap(frame)));
    }

    @Override
    public void close(CloseCodes code, String reason) {
        closed = code;
    }

    private ServerFrame decode(ByteBuffer b) {
        try {
            return decoder.decode(b);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    List<ServerFrame.Snapshot> snapshots() {
        return received.stream().filter(f -> f instanceof ServerFrame.Snapshot)
                .map(f -> (ServerFrame.Snapshot) f).toList();
    }
}
