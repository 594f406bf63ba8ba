package dev.skirmish.engine.spi.wire;

import java.nio.ByteBuffer;

/**
 * Reads what {@link BitWriter} wrote, most significant bit first. Running past the end of the frame is a
 * {@link ProtocolException} (1007), never an unchecked exception.
 */
public final class BitReader {
    private final ByteBuffer buf;
    private long acc;
    private int accBits;

    /** Reads from the buffer's position to its limit (the buffer's position advances). */
    public BitReader(ByteBuffer buf) {
        this.buf = buf;
    }

    /** Reads {@code n} bits (0..32) as an unsigned value. */
    public long bits(int n) throws ProtocolException {
        while (accBits < n) {
            if (!buf.hasRemaining()) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "truncated frame");
            }
            acc = (acc << 8) | (buf.get() & 0xFF);
            accBits += 8;
        }
        accBits -= n;
        return (acc >>> accBits) & ((1L << n) - 1);
    }

    public int ubits(int n) throws ProtocolException {
        return (int) bits(n);
    }

    /** A signed value of {@code n} bits (two's complement). */
    public int sbits(int n) throws ProtocolException {
        int v = (int) bits(n);
        return (v << (32 - n)) >> (32 - n);
    }

    public boolean bit() throws ProtocolException {
        return bits(1) == 1;
    }

    /** See {@link BitWriter#uv}. */
    public long uv() throws ProtocolException {
        return switch (ubits(2)) {
            case 0 -> bits(4);
            case 1 -> bits(8);
            case 2 -> bits(16);
            default -> bits(32);
        };
    }

    /** Drops the bits left in the current byte (the writer padded them). */
    public void align() {
        accBits = 0;
    }

    /** The byte-aligned rest of the frame; call {@link #align()} first. */
    public ByteReader rest() {
        return new ByteReader(buf);
    }
}
