package dev.skirmish.engine.web;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The control frames (welcome, pong, lobby replies and pushes: binary {@link ByteBuffer}s or text
 * {@link String}s) that wait for the one frame in flight of a connection, bounded in frames and in bytes, and the
 * byte count of the frame in flight. Its owner ({@link SessionOutbox}) decides what a full queue means (a close
 * with 4002). Not thread-safe: the owner's lock guards it.
 */
final class ControlQueue {
    private final ArrayDeque<Object> frames = new ArrayDeque<>();
    private final int capacity;
    private final long bytesCapacity;
    /** Bytes of the waiting frames (text counted at 2 bytes a char). */
    private long queuedBytes;
    private long inFlightBytes;

    ControlQueue(int capacity, long bytesCapacity) {
        this.capacity = capacity;
        this.bytesCapacity = bytesCapacity;
    }

    /** Queues a frame; false (and nothing queued) when that would pass either bound. */
    boolean offer(Object frame) {
        long size = sizeOf(frame);
        if (frames.size() >= capacity || queuedBytes + size > bytesCapacity) {
            return false;
        }
        frames.addLast(frame);
        queuedBytes += size;
        return true;
    }

    /** Takes the next waiting frame and counts it as the one in flight; null (nothing changed) when none waits. */
    Object pollInFlight() {
        Object next = frames.pollFirst();
        if (next != null) {
            long size = sizeOf(next);
            queuedBytes -= size;
            inFlightBytes = size;
        }
        return next;
    }

    /** A frame that did not wait went in flight. */
    void inFlight(Object frame) {
        inFlightBytes = sizeOf(frame);
    }

    /** Nothing is in flight any more. */
    void idle() {
        inFlightBytes = 0;
    }

    /** Forgets everything (the connection closed). */
    void clear() {
        frames.clear();
        queuedBytes = 0;
        inFlightBytes = 0;
    }

    int size() {
        return frames.size();
    }

    /** Bytes held for the client: the waiting frames and the frame in flight. */
    long heldBytes() {
        return queuedBytes + inFlightBytes;
    }

    /** A frame's size as the bounds count it: a binary frame's bytes, a text's chars at 2 bytes each. */
    static long sizeOf(Object frame) {
        return frame instanceof ByteBuffer b ? b.remaining() : 2L * ((String) frame).length();
    }
}
