package dev.skirmish.protocol;

/** A binary frame from a client on the game stream. */
public sealed interface ClientFrame {

    /**
     * One client tick of controls ({@link Protocol#OP_INPUT}, 8 bytes).
     *
     * @param seq     client sequence number, u32
     * @param buttons button bits ({@code dev.skirmish.sim.Buttons})
     * @param aim16   aim angle, 65536 steps per turn
     */
    record Input(long seq, int buttons, int aim16) implements ClientFrame {
    }

    /** Latency probe ({@link Protocol#OP_PING}, 5 bytes): the client's clock in milliseconds, mod 2^32. */
    record Ping(long clientTimeMillis) implements ClientFrame {
    }
}
