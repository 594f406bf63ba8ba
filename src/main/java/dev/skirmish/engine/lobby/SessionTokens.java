package dev.skirmish.engine.lobby;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed session tokens: {@code v1.<playerId>.<expiry epoch seconds>.<nickname base64url>.<HMAC-SHA256 base64url>}.
 * The signature covers everything before it, so a player id, expiry or nickname cannot be changed without the
 * secret. Plain Java (the JDK's HMAC).
 */
public final class SessionTokens {
    /** What a valid token says. */
    public record Claims(String playerId, String nickname, long expiresAtEpochSeconds) {
    }

    /** Why a token was refused. */
    public static final class InvalidToken extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean expired;

        InvalidToken(String message, boolean expired) {
            super(message);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final byte[] secret;
    private final long ttlSeconds;
    private final LongSupplier epochSeconds;

    /**
     * @param secret       signing secret; empty gives a random one (tokens then die with this instance)
     * @param ttlSeconds   lifetime of issued tokens
     * @param epochSeconds the clock
     */
    public SessionTokens(String secret, long ttlSeconds, LongSupplier epochSeconds) {
        if (secret == null || secret.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.secret = random;
        } else {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
        }
        this.ttlSeconds = ttlSeconds;
        this.epochSeconds = epochSeconds;
    }

    public String issue(String playerId, String nickname) {
        String payload = VERSION + "." + playerId + "." + (epochSeconds.getAsLong() + ttlSeconds) + "."
                + B64.encodeToString(nickname.getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(sign(payload));
    }

    public Claims verify(String token) throws InvalidToken {
        if (token == null || token.length() > 512) {
            throw new InvalidToken("The session token is malformed.", false);
        }
        int lastDot = token.lastIndexOf('.');
        String[] parts = token.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals(VERSION) || lastDot < 0) {
            throw new InvalidToken("The session token is malformed.", false);
        }
        String payload = token.substring(0, lastDot);
        byte[] given;
        try {
            given = B64D.decode(parts[4]);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("The session token is malformed.", false);
        }
        if (!MessageDigest.isEqual(given, sign(payload))) {
            throw new InvalidToken("The session token's signature does not match.", false);
        }
        long expires;
        String nickname;
        try {
            expires = Long.parseLong(parts[2]);
            nickname = new String(B64D.decode(parts[3]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("The session token is malformed.", false);
        }
        if (epochSeconds.getAsLong() >= expires) {
            throw new InvalidToken("The session token has expired.", true);
        }
        return new Claims(parts[1], nickname, expires);
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
