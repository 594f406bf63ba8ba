package dev.skirmish.engine.room;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Join tickets that any node of a cluster accepts: signed with the cluster's shared secret instead of kept in
 * one node's memory. A node issues one for a room that runs on another node (the lobby connection and the room
 * are on different nodes), and a stopping node issues one to each of its players for the node that adopts their
 * room. The node that runs the room checks the signature, the room and the expiry, and takes each ticket once.
 *
 * <p>Format: {@code t1.<roomId>.<playerId>.<nickname base64url>.<expiry epoch ms>.<nonce>.<HMAC-SHA256 base64url,
 * first 16 bytes>}, URL-safe. The key is derived from the secret for tickets only, so a session token is never a
 * ticket. Thread-safe.
 */
public final class SignedTickets {
    /** What a valid ticket says. */
    public record Claims(String roomId, String playerId, String nickname, long expiresAtMillis) {
    }

    private static final String VERSION = "t1";
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_LENGTH = 300;

    private final SecretKeySpec key;
    private final long ttlMillis;
    private final LongSupplier epochMillis;
    private final int maxUsed;
    private final SecureRandom random = new SecureRandom();
    /** Signatures of tickets taken, until they expire: each ticket seats once. Bounded by {@code maxUsed}. */
    private final Map<String, Long> used = new LinkedHashMap<>();

    /**
     * @param secret      the cluster's shared secret (session.secret)
     * @param ttlMillis   lifetime of issued tickets
     * @param maxUsed     tickets taken and not yet expired that this node remembers at most; beyond, new ones
     *                    are refused until old ones expire
     * @param epochMillis the clock (nodes' clocks should agree within a fraction of the lifetime)
     */
    public SignedTickets(String secret, long ttlMillis, int maxUsed, LongSupplier epochMillis) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("signed tickets need a shared secret");
        }
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            this.key = new SecretKeySpec(derive.doFinal("skirmish seat tickets".getBytes(StandardCharsets.UTF_8)),
                    "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        this.ttlMillis = ttlMillis;
        this.maxUsed = maxUsed;
        this.epochMillis = epochMillis;
    }

    /** A ticket into {@code roomId} for the player, valid for the lifetime given at construction. */
    public String issue(String roomId, String playerId, String nickname) {
        byte[] nonce = new byte[6];
        synchronized (random) {
            random.nextBytes(nonce);
        }
        String payload = VERSION + "." + roomId + "." + playerId + "."
                + B64.encodeToString(nickname.getBytes(StandardCharsets.UTF_8)) + "."
                + (epochMillis.getAsLong() + ttlMillis) + "." + B64.encodeToString(nonce);
        return payload + "." + B64.encodeToString(sign(payload));
    }

    /** Whether the text has the shape of a signed ticket (not a node-local one). */
    public static boolean looksSigned(String token) {
        return token != null && token.startsWith(VERSION + ".");
    }

    /**
     * Takes a ticket for {@code roomId}: checks it and remembers it as used.
     *
     * @return its claims, or null if it is malformed, forged, expired, for another room, already used, or this
     *         node remembers too many used tickets to take another
     */
    public Claims take(String roomId, String token) {
        Claims c = verify(token);
        if (c == null || !c.roomId().equals(roomId)) {
            return null;
        }
        String signature = token.substring(token.lastIndexOf('.') + 1);
        long now = epochMillis.getAsLong();
        synchronized (used) {
            sweep(now);
            if (used.containsKey(signature) || used.size() >= maxUsed) {
                return null;
            }
            used.put(signature, c.expiresAtMillis());
        }
        return c;
    }

    /** The claims of a well-formed, correctly signed, unexpired ticket, or null. Does not mark it used. */
    public Claims verify(String token) {
        if (!looksSigned(token) || token.length() > MAX_LENGTH) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 7) {
            return null;
        }
        String payload = token.substring(0, token.lastIndexOf('.'));
        byte[] given;
        try {
            given = B64D.decode(parts[6]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(given, sign(payload))) {
            return null;
        }
        try {
            long expires = Long.parseLong(parts[4]);
            if (epochMillis.getAsLong() >= expires) {
                return null;
            }
            return new Claims(parts[1], parts[2], new String(B64D.decode(parts[3]), StandardCharsets.UTF_8), expires);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Used tickets remembered now (for tests and metrics). */
    public int remembered() {
        synchronized (used) {
            sweep(epochMillis.getAsLong());
            return used.size();
        }
    }

    private void sweep(long now) {
        // every ticket has the same lifetime, so they expire in the order they were taken
        Iterator<Long> it = used.values().iterator();
        while (it.hasNext() && now >= it.next()) {
            it.remove();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
