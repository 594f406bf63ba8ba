package dev.skirmish.engine.spi.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer for encoding frames. */
public final class ByteWriter {
    private byte[] bytes;
    private int size;

    public ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32(long v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    public ByteWriter f64(double v) {
        long bits = Double.doubleToLongBits(v);
        u32(bits >>> 32);
        return u32(bits & 0xFFFFFFFFL);
    }

    /** Writes a UTF-8 string prefixed by its byte length as u8; longer strings are refused. */
    public ByteWriter str8(String s) {
        byte[] b = utf8(s, 0xFF);
        u8(b.length);
        return bytes(b, 0, b.length);
    }

    /** A string as u16 byte length and UTF-8 bytes. */
    public ByteWriter str16(String s) {
        byte[] b = utf8(s, 0xFFFF);
        u16(b.length);
        return bytes(b, 0, b.length);
    }

    private static byte[] utf8(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxBytes) {
            throw new IllegalArgumentException("string longer than " + maxBytes + " bytes");
        }
        return b;
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
        return this;
    }

    /** Overwrites a u16 at an earlier position (for counts known only at the end). */
    public void setU16(int position, int v) {
        bytes[position] = (byte) (v >>> 8);
        bytes[position + 1] = (byte) v;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** Copies the bytes written so far into {@code dst} from {@code offset} (no new array, unlike toByteArray). */
    public void copyInto(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
