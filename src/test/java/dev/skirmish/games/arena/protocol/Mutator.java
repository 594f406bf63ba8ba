package dev.skirmish.games.arena.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid frames for the fuzz tests: bit flips, random and boundary bytes, insertions,
 * deletions, truncations, duplications, splices of two frames, and purely random frames. Deterministic for a
 * seed, so a failure names the case that reproduces it.
 */
public final class Mutator {
    private static final byte[] BOUNDARY = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
    private final SplittableRandom random;
    private final List<byte[]> corpus;

    public Mutator(long seed, List<byte[]> corpus) {
        this.random = new SplittableRandom(seed);
        this.corpus = corpus;
    }

    /** One to four mutations of a random corpus frame, or (one time in ten) random bytes. */
    public byte[] next() {
        if (random.nextInt(10) == 0) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            return b;
        }
        byte[] b = corpus.get(random.nextInt(corpus.size())).clone();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        int len = b.length;
        switch (random.nextInt(8)) {
            case 0 -> { // flip a bit
                if (len > 0) {
                    b[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // a random byte
                if (len > 0) {
                    b[random.nextInt(len)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> { // a boundary byte
                if (len > 0) {
                    b[random.nextInt(len)] = BOUNDARY[random.nextInt(BOUNDARY.length)];
                }
            }
            case 3 -> { // insert random bytes
                int at = random.nextInt(len + 1);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] out = new byte[len + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, len - at);
                return out;
            }
            case 4 -> { // delete a range
                if (len > 0) {
                    int at = random.nextInt(len);
                    int n = 1 + random.nextInt(Math.min(8, len - at));
                    byte[] out = new byte[len - n];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + n, out, at, len - at - n);
                    return out;
                }
            }
            case 5 -> { // truncate
                return Arrays.copyOf(b, random.nextInt(len + 1));
            }
            case 6 -> { // duplicate a range at the end
                if (len > 0) {
                    int at = random.nextInt(len);
                    int n = 1 + random.nextInt(len - at);
                    byte[] out = Arrays.copyOf(b, len + n);
                    System.arraycopy(b, at, out, len, n);
                    return out;
                }
            }
            default -> { // splice: this frame's head, another frame's tail
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int head = random.nextInt(len + 1);
                int tail = random.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(b, head + other.length - tail);
                System.arraycopy(other, tail, out, head, other.length - tail);
                return out;
            }
        }
        return b;
    }
}
