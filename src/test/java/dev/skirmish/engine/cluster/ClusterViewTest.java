package dev.skirmish.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The other nodes as this node sees them: ordering, expiry, a node's departure and a handover's overlap. */
class ClusterViewTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void statesAreOrderedByIncarnationAndSequenceAndOwnOnesIgnored() {
        ClusterView v = new ClusterView("a");
        assertFalse(v.accept(ClusterMessagesTest.state("a", 1, false), 0), "this node's own state");
        assertTrue(v.accept(ClusterMessagesTest.state("b", 5, false), 0));
        assertFalse(v.accept(ClusterMessagesTest.state("b", 4, false), 0), "an older state");
        assertFalse(v.accept(ClusterMessagesTest.state("b", 6, false), 0), "same content: no change");
        assertEquals(1, v.snapshot().nodes().size());
        var s = v.snapshot();
        assertEquals("b", s.room("rb1").orElseThrow().node());
        assertEquals("n/b/", s.room("rb1").orElseThrow().path());
        assertTrue(s.byCode("abc234").isPresent(), "codes in any case");
        assertTrue(s.seat("pb").isPresent() && !s.seat("pb").get().connected());
        assertEquals(2, s.players().size());
        assertEquals(2, s.playersTotal());
    }

    @Test
    void aSilentNodeExpiresWithItsRoomsAndAGoneNodeAtOnce() {
        ClusterView v = new ClusterView("a");
        v.accept(ClusterMessagesTest.state("b", 1, false), 0);
        v.accept(ClusterMessagesTest.state("c", 1, false), 2 * SECOND);
        assertEquals(List.of("b"), v.expire(3 * SECOND + 1, 3 * SECOND).stream().map(NodeState::node).toList());
        assertTrue(v.snapshot().room("rb1").isEmpty());
        assertTrue(v.gone("c", 1_700_000_000_000L));
        assertTrue(v.snapshot().nodes().isEmpty());
    }

    @Test
    void duringAHandoverTheLiveNodesRoomWins() {
        ClusterView v = new ClusterView("x");
        NodeState draining = ClusterMessagesTest.state("a", 1, true);
        NodeState live = new NodeState("b", "n/b/", 1, 1, false, draining.rooms(), List.of(), 0);
        v.accept(draining, 0);
        v.accept(live, 0);
        assertEquals("b", v.snapshot().room("ra1").orElseThrow().node());
        assertEquals("b", v.snapshot().seat("pa").orElseThrow().room().node());
    }

    @Test
    void aResyncReplacesEverything() {
        ClusterView v = new ClusterView("a");
        v.accept(ClusterMessagesTest.state("b", 1, false), 0);
        v.replaceAll(List.of(ClusterMessagesTest.state("c", 9, false), ClusterMessagesTest.state("a", 3, false)), 0);
        assertEquals(List.of("c"), List.copyOf(v.snapshot().nodes().keySet()));
    }
}
