package dev.skirmish.engine.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void aRateLimitAllowsItsBurstThenItsRateAndCallsASustainedExcessAFlood() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimit limit = new RateLimit(10, 20, 20, now::get);
        for (int i = 0; i < 20; i++) {
            assertEquals(RateLimit.Verdict.ALLOWED, limit.tryAcquire(), "burst " + i);
        }
        assertEquals(RateLimit.Verdict.REJECTED, limit.tryAcquire());
        now.addAndGet(100_000_000L); // a tenth of a second: one token
        assertEquals(RateLimit.Verdict.ALLOWED, limit.tryAcquire());
        assertEquals(RateLimit.Verdict.REJECTED, limit.tryAcquire());
        for (int i = 0; i < 18; i++) {
            assertEquals(RateLimit.Verdict.REJECTED, limit.tryAcquire(), "rejection " + i);
        }
        assertEquals(RateLimit.Verdict.FLOOD, limit.tryAcquire(), "the 21st rejection within a second");
        assertEquals(21, limit.rejected());
        now.addAndGet(1_000_000_000L); // a new second: the bucket is full again, the window restarts
        assertEquals(RateLimit.Verdict.ALLOWED, limit.tryAcquire());
    }

    @Test
    void addressesAreLimitedExceptTheExemptOnesAndReleasedWhenTheyClose() {
        AddressLimits limits = new AddressLimits(2, List.of("127.0.0.1", "::1"));
        String a = limits.acquire("203.0.113.9");
        String b = limits.acquire("203.0.113.9");
        assertNotNull(a);
        assertNotNull(b);
        assertNull(limits.acquire("203.0.113.9"), "a third connection from one address");
        assertNotNull(limits.acquire("203.0.113.10"), "another address is not affected");
        for (int i = 0; i < 100; i++) {
            assertNotNull(limits.acquire("127.0.0.1"));
            assertNotNull(limits.acquire("0:0:0:0:0:0:0:1"), "::1 in its long form is exempt too");
        }
        limits.release(a);
        assertNotNull(limits.acquire("203.0.113.9"), "a closed connection frees its place");
        assertEquals(2, limits.openFrom("203.0.113.9"));
        assertEquals(2, limits.addresses(), "only limited addresses with open connections are kept");
        limits.release(b);
        limits.release(limits.acquire("203.0.113.10"));
        assertNotNull(limits.acquire(null), "an unknown address is not refused");
        assertThrows(IllegalArgumentException.class, () -> new AddressLimits(1, List.of("localhost")),
                "exempt addresses are IP literals: no name lookups");
        assertEquals("2001:db8:0:0:0:0:0:1", AddressLimits.canonical("[2001:DB8::1]"));
        assertNull(AddressLimits.canonical("example.com"));
    }

    @Test
    void sameOriginByDefaultAnAllowListOrAnyOrigin() {
        OriginPolicy same = new OriginPolicy(List.of());
        assertTrue(same.allows(null, "game.example:8080"), "no Origin: not a browser page");
        assertTrue(same.allows("http://game.example:8080", "game.example:8080"));
        assertTrue(same.allows("https://Game.Example", "game.example"), "case and default ports");
        assertTrue(same.allows("http://localhost", "localhost:80"));
        assertFalse(same.allows("http://evil.example:8080", "game.example:8080"));
        assertFalse(same.allows("http://game.example:8081", "game.example:8080"));
        assertFalse(same.allows("null", "game.example"), "sandboxed frames and file: pages");
        assertFalse(same.allows("http://game.example:8080", null));
        assertFalse(same.allows("http://game.example:8080/path", "game.example:8080"));
        OriginPolicy list = new OriginPolicy(List.of("https://play.example", "http://localhost:3000"));
        assertTrue(list.allows("https://play.example:443", "api.example"));
        assertTrue(list.allows("http://localhost:3000", "localhost:8080"));
        assertFalse(list.allows("http://play.example", "play.example"), "the scheme counts");
        assertTrue(new OriginPolicy(List.of("*")).allows("http://anything.example", "game.example"));
    }
}
