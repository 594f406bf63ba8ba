package dev.skirmish.engine.protocol;

import java.security.SecureRandom;

/**
 * Random identifiers that appear on the wire: room and player ids (lower case, URL-safe) and private-room join
 * codes (upper case, without characters that read alike: 0/O, 1/I/L). Thread-safe.
 */
public final class RandomIds {
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** A lower-case id of {@code length} characters. */
    public static String id(int length) {
        return pick(ID_ALPHABET, length);
    }

    /** An upper-case join code of {@code length} characters. */
    public static String code(int length) {
        return pick(CODE_ALPHABET, length);
    }

    private static String pick(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
