package dev.skirmish.engine.spi.wire;

import java.util.Arrays;

/**
 * Writes values of any width from 1 to 32 bits, most significant bit first, into a growable byte array that
 * is reused between frames ({@link #reset()}). Byte-sized parts of a frame go through {@link #u8} and
 * {@link #bytes} after {@link #align()}.
 */
public final class BitWriter {
    private byte[] buf;
    private int len;
    private long acc;
    private int accBits;

    public BitWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the writer, keeping its buffer. */
    public BitWriter reset() {
        len = 0;
        acc = 0;
        accBits = 0;
        return this;
    }

    /** Writes the low {@code n} bits of {@code value} (n = 0..32). */
    public BitWriter bits(long value, int n) {
        if (n == 0) {
            return this;
        }
        acc = (acc << n) | (value & ((1L << n) - 1));
        accBits += n;
        while (accBits >= 8) {
            accBits -= 8;
            put((byte) (acc >>> accBits));
        }
        return this;
    }

    public BitWriter bit(boolean b) {
        return bits(b ? 1 : 0, 1);
    }

    /**
     * An unsigned value in a 2-bit size class: 00 + 4 bits, 01 + 8 bits, 10 + 16 bits, 11 + 32 bits.
     * Values are taken mod 2^32.
     */
    public BitWriter uv(long value) {
        long v = value & 0xFFFFFFFFL;
        if (v < 16) {
            return bits(0, 2).bits(v, 4);
        } else if (v < 256) {
            return bits(1, 2).bits(v, 8);
        } else if (v < 65536) {
            return bits(2, 2).bits(v, 16);
        }
        return bits(3, 2).bits(v, 32);
    }

    /** Pads with zero bits to the next byte boundary. */
    public BitWriter align() {
        if (accBits > 0) {
            bits(0, 8 - accBits);
        }
        return this;
    }

    /** Writes one byte; the writer must be aligned. */
    public BitWriter u8(int v) {
        checkAligned();
        put((byte) v);
        return this;
    }

    public BitWriter u32(long v) {
        checkAligned();
        put((byte) (v >>> 24));
        put((byte) (v >>> 16));
        put((byte) (v >>> 8));
        put((byte) v);
        return this;
    }

    /** Copies bytes; the writer must be aligned. */
    public BitWriter bytes(byte[] b) {
        checkAligned();
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Bytes written so far (whole bytes only; call {@link #align()} first). */
    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        checkAligned();
        return Arrays.copyOf(buf, len);
    }

    private void checkAligned() {
        if (accBits != 0) {
            throw new IllegalStateException("not byte aligned");
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
