package dev.skirmish.engine.replay;

import dev.skirmish.engine.spi.wire.ByteWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The operations of a replay's body (docs/replays.md, "Body"): one byte of operation, then its fields, numbers as
 * unsigned LEB128 varints. The body is cut into blocks; each ends with {@link #CHECK} and the next starts from the
 * state that check names, with fresh input baselines, so that playing may start at any block.
 */
public final class ReplayFormat {
    /** End of the body: varint last tick, u32 CRC-32 of the saved state there. */
    public static final int END = 0;
    /** {@code GameWorld.join}: varint the entity id it returned, u8 length and UTF-8 nickname. */
    public static final int JOIN = 1;
    /** {@code GameWorld.hold}: varint entity id. */
    public static final int HOLD = 2;
    /** {@code GameWorld.rejoin}: varint entity id. */
    public static final int REJOIN = 3;
    /** {@code GameWorld.leave}: varint entity id. */
    public static final int LEAVE = 4;
    /**
     * One player's inputs of the coming step: varint entity id, varint count, then each input as varint (its
     * sequence number zigzag-encoded, for the entity's first in the block, else its difference from the previous) and its bytes
     * XOR the entity's previous input bytes in the block (zeros for the first), sparse: a mask of one bit per byte
     * (bit 0 of the first mask byte is byte 0; {@code ceil(inputBytes / 8)} mask bytes), then the bytes that are
     * not zero.
     */
    public static final int INPUTS = 5;
    /** {@code GameWorld.step} with the inputs given since the last step (in that order). */
    public static final int STEP = 6;
    /** The end of a block: varint tick, u32 CRC-32 of the world's saved state after that tick's step. */
    public static final int CHECK = 7;

    private ReplayFormat() {
    }

    static void varint(ByteWriter w, long v) {
        while ((v & ~0x7FL) != 0) {
            w.u8((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        w.u8((int) v);
    }

    /** Writes input bytes sparse: the mask of the bytes that are not zero, then those bytes. */
    static void sparse(ByteWriter w, byte[] b) {
        for (int m = 0; m < b.length; m += 8) {
            int mask = 0;
            for (int i = m; i < Math.min(b.length, m + 8); i++) {
                if (b[i] != 0) {
                    mask |= 1 << (i - m);
                }
            }
            w.u8(mask);
        }
        for (byte x : b) {
            if (x != 0) {
                w.u8(x);
            }
        }
    }

    static int crc(byte[] state) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(state);
        return (int) c.getValue();
    }

    /** Reads a body: bounds-checked, a damaged one throws {@link ReplayException}. */
    static final class Cursor {
        private final byte[] b;
        int pos;

        Cursor(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        boolean more() {
            return pos < b.length;
        }

        int u8() throws ReplayException {
            if (pos >= b.length) {
                throw new ReplayException("damaged replay: its body ends in the middle of an operation");
            }
            return b[pos++] & 0xFF;
        }

        long varint() throws ReplayException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new ReplayException("damaged replay: a number longer than 64 bits");
        }

        int u32() throws ReplayException {
            return u8() << 24 | u8() << 16 | u8() << 8 | u8();
        }

        /** Reads {@code n} input bytes written by {@link ReplayFormat#sparse}. */
        byte[] sparse(int n) throws ReplayException {
            byte[] masks = bytes((n + 7) / 8);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                if ((masks[i / 8] >> (i % 8) & 1) != 0) {
                    out[i] = (byte) u8();
                }
            }
            return out;
        }

        byte[] bytes(int n) throws ReplayException {
            if (n > b.length - pos) {
                throw new ReplayException("damaged replay: its body ends in the middle of an operation");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }
    }

    /** Each entity's previous input in the block: what the next one is written against. Reset at a block start. */
    static final class Baselines {
        private final int inputBytes;
        private final Map<Integer, long[]> seqs = new HashMap<>();
        private final Map<Integer, byte[]> bytes = new HashMap<>();

        Baselines(int inputBytes) {
            this.inputBytes = inputBytes;
        }

        void reset() {
            seqs.clear();
            bytes.clear();
        }

        /** The varint written for {@code seq} (the first of an entity in the block whole, then the change). */
        long seqDelta(int entity, long seq) {
            long[] last = seqs.get(entity);
            if (last == null) {
                seqs.put(entity, new long[] {seq});
                return zigzag(seq);
            }
            long d = seq - last[0];
            last[0] = seq;
            return zigzag(d);
        }

        /** The sequence number a written varint stands for, and remembers it. */
        long seqOf(int entity, long written) {
            long v = unzigzag(written);
            long[] last = seqs.get(entity);
            if (last == null) {
                seqs.put(entity, new long[] {v});
                return v;
            }
            last[0] += v;
            return last[0];
        }

        /**
         * Writes {@code plain} XOR the entity's previous input bytes in the block into {@code out} (the first as
         * is), and keeps {@code plain} as the previous. Allocates only for an entity's first input in a block.
         */
        void xorInto(int entity, byte[] plain, byte[] out) {
            byte[] last = last(entity);
            for (int i = 0; i < inputBytes; i++) {
                out[i] = (byte) (plain[i] ^ last[i]);
                last[i] = plain[i];
            }
        }

        /** Turns written bytes back into the input's bytes in place, and keeps them as the previous. */
        void unxor(int entity, byte[] data) {
            byte[] last = last(entity);
            for (int i = 0; i < inputBytes; i++) {
                data[i] ^= last[i];
                last[i] = data[i];
            }
        }

        private byte[] last(int entity) {
            byte[] last = bytes.get(entity);
            if (last == null) {
                last = new byte[inputBytes]; // zeros: the first input is written as it is
                bytes.put(entity, last);
            }
            return last;
        }

        private static long zigzag(long v) {
            return v << 1 ^ v >> 63;
        }

        private static long unzigzag(long v) {
            return v >>> 1 ^ -(v & 1);
        }
    }
}
