package dev.skirmish.engine.lobby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
    private final AtomicLong now = new AtomicLong(1_800_000_000L);
    private final SessionTokens tokens = new SessionTokens("test-secret", 3600, now::get);

    @Test
    void aTokenNamesItsPlayerUntilItExpires() throws Exception {
        String t = tokens.issue("pabc", "Zoë <b>");
        SessionTokens.Claims c = tokens.verify(t);
        assertEquals("pabc", c.playerId());
        assertEquals("Zoë <b>", c.nickname());
        now.addAndGet(3599);
        tokens.verify(t);
        now.addAndGet(1);
        SessionTokens.InvalidToken e = assertThrows(SessionTokens.InvalidToken.class, () -> tokens.verify(t));
        assertTrue(e.expired());
    }

    @Test
    void anyChangeBreaksTheSignature() {
        String t = tokens.issue("pabc", "Ann");
        String[] p = t.split("\\.");
        String otherPlayer = String.join(".", p[0], "pxyz", p[2], p[3], p[4]);
        String longer = String.join(".", p[0], p[1], Long.toString(Long.parseLong(p[2]) + 100_000), p[3], p[4]);
        for (String forged : new String[]{otherPlayer, longer, t + "x", t.substring(0, t.length() - 2), "v1.a.b.c.d",
                "", "....", "garbage"}) {
            SessionTokens.InvalidToken e = assertThrows(SessionTokens.InvalidToken.class, () -> tokens.verify(forged),
                    forged);
            assertFalse(e.expired());
        }
        SessionTokens otherSecret = new SessionTokens("another", 3600, now::get);
        assertThrows(SessionTokens.InvalidToken.class, () -> otherSecret.verify(t));
    }
}
