package dev.skirmish.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** cluster.redisUrl: one server, TLS, Sentinels; credentials and database; refusals with a reason. */
class RedisAddressTest {
    @Test
    void theFourKindsParse() {
        RedisAddress one = RedisAddress.parse("redis://redis:6379");
        assertFalse(one.tls());
        assertFalse(one.sentinel());
        assertEquals(List.of(new RedisAddress.Host("redis", 6379)), one.hosts());
        assertEquals(0, one.db());

        RedisAddress tls = RedisAddress.parse("rediss://app:p%40ss@cache.example:6380/2");
        assertTrue(tls.tls());
        assertEquals("app", tls.user());
        assertEquals("p@ss", tls.password());
        assertEquals(2, tls.db());
        assertEquals("rediss://***@cache.example:6380/2", tls.toString(), "no password in the log");

        RedisAddress s = RedisAddress.parse("redis-sentinel://:secret@s1,s2:26380,[::1]:26381/skirmish/3");
        assertTrue(s.sentinel());
        assertEquals("skirmish", s.primary());
        assertNull(s.user());
        assertEquals("secret", s.password());
        assertEquals(List.of(new RedisAddress.Host("s1", 26379), new RedisAddress.Host("s2", 26380),
                new RedisAddress.Host("::1", 26381)), s.hosts());
        assertEquals(3, s.db());
        assertTrue(RedisAddress.parse("rediss-sentinel://s1/primary").tls());
    }

    @Test
    void badUrlsSayWhy() {
        String[][] cases = {{"localhost:6379", "no scheme"}, {"http://x", "unknown scheme"},
                {"redis://a:1,b:2", "several Sentinels"}, {"redis-sentinel://s1", "the primary's name"},
                {"redis://h:notaport", "not a number"}, {"redis://h:6379/x", "database"},
                {"redis://:6379", "not host[:port]"}};
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(c[0]));
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
