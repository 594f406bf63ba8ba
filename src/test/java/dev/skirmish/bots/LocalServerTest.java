package dev.skirmish.bots;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A ready check takes Skirmish's own answer on the paths Payara Micro also serves, any 200 elsewhere. */
class LocalServerTest {
    @Test
    void payarasOwnMetricsAndHealthAreNotReadyButAPageIs() {
        assertFalse(LocalServer.ready("metrics", "# TYPE base_gc_total counter\nbase_gc_total 3\n"), "Payara's MP metrics");
        assertFalse(LocalServer.ready("health/ready", "{\"status\":\"DOWN\",\"checks\":[]}"), "Payara's MP health");
        assertFalse(LocalServer.ready("health/ready", "{\"status\":\"UP\",\"checks\":[]}"));
        assertFalse(LocalServer.ready("metrics", null));
        assertTrue(LocalServer.ready("metrics", "skirmish_rooms 0\n"));
        assertTrue(LocalServer.ready("health/ready", "{\"status\":\"ready\"}"));
        assertTrue(LocalServer.ready("", "<!doctype html><title>floor</title>"), "a bare WAR's page (ContainerFloor)");
        assertFalse(LocalServer.ready("", null));
    }
}
