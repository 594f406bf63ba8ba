package dev.skirmish.engine.spi.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Bounds-checked big-endian reads; running past the end is a {@link ProtocolException} (1007), never a crash. */
public final class ByteReader {
    private final ByteBuffer buf;

    public ByteReader(ByteBuffer buf) {
        this.buf = buf.slice();
    }

    public ByteReader(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    private void need(int n) throws ProtocolException {
        if (buf.remaining() < n) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "truncated frame");
        }
    }

    public int u8() throws ProtocolException {
        need(1);
        return buf.get() & 0xFF;
    }

    public int u16() throws ProtocolException {
        need(2);
        return buf.getShort() & 0xFFFF;
    }

    public int i16() throws ProtocolException {
        need(2);
        return buf.getShort();
    }

    public long u32() throws ProtocolException {
        need(4);
        return buf.getInt() & 0xFFFFFFFFL;
    }

    public double f64() throws ProtocolException {
        need(8);
        return buf.getDouble();
    }

    public String str8() throws ProtocolException {
        return utf8(u8());
    }

    /** A string written as u16 byte length and UTF-8 bytes. */
    public String str16() throws ProtocolException {
        return utf8(u16());
    }

    private String utf8(int n) throws ProtocolException {
        need(n);
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public int remaining() {
        return buf.remaining();
    }

    /** Fails when bytes are left over: every frame has an exact length. */
    public void end() throws ProtocolException {
        if (buf.hasRemaining()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "trailing bytes");
        }
    }
}
