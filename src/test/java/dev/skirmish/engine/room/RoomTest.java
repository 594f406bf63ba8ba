package dev.skirmish.engine.room;
import dev.skirmish.engine.spi.InterestArea;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.World;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room driven tick by tick with fake connections. */
class RoomTest {
    private static final long HOLD_TICKS = 900;
    private static final GameMap MAP = GameMap.parse("size 1000 1000\nspawn 300 500\nspawn 700 500\n");

    private LocalRoom room(int snapshotRateHz) {
        return ArenaRooms.room("r1", "Test", 4, new World(MAP, SimRules.defaults(60), 3),
                new RoomConfig(60, snapshotRateHz, 3, 600, HOLD_TICKS));
    }

    private Seat seat(LocalRoom room, String id, FakeConnection c) {
        assertTrue(room.tryReserveSeat(id));
        Seat s = new Seat(id, id, c, new InputQueue<>(32, 120, 60, 60, System::nanoTime));
        room.enqueueJoin(s);
        return s;
    }

    /** A reconnecting stream of a player who already has a seat (no new reservation). */
    private Seat resume(LocalRoom room, String id, FakeConnection c) {
        Seat s = new Seat(id, id, c, new InputQueue<>(32, 120, 60, 60, System::nanoTime));
        room.enqueueJoin(s);
        return s;
    }

    @Test
    void aNewRoomSaysWaitingBeforeItsFirstTick() {
        // an independent client saw "playing" in the lobby's summary of a room whose snapshots said waiting
        assertEquals(dev.skirmish.engine.spi.MatchPhase.WAITING, room(30).phase());
    }

    @Test
    void welcomeFirstThenSnapshotsAtTheSnapshotRate() {
        LocalRoom r = room(30);
        FakeConnection c = new FakeConnection();
        seat(r, "a", c);
        for (int i = 0; i < 60; i++) {
            r.tick();
        }
        assertInstanceOf(ServerFrame.Welcome.class, c.received.get(0));
        assertEquals(30, c.snapshots().size());
        assertNotNull(c.snapshots().get(0).roster(), "a new player gets the roster in its first snapshot");
        assertNull(c.snapshots().get(1).roster(), "and not again while it does not change");

        LocalRoom r45 = room(45);
        FakeConnection c45 = new FakeConnection();
        seat(r45, "b", c45);
        for (int i = 0; i < 600; i++) {
            r45.tick();
        }
        assertEquals(450, c45.snapshots().size(), "45 Hz from 60 Hz ticks, no drift over 10 s");
    }

    @Test
    void inputsAreAppliedAtMostAFewPerTickAndAcknowledged() {
        LocalRoom r = room(60);
        FakeConnection c = new FakeConnection();
        Seat s = seat(r, "a", c);
        r.tick();
        for (int q = 1; q <= 10; q++) {
            ArenaRooms.offer(s, new PlayerInput(q, Buttons.RIGHT, 0));
        }
        r.tick();
        assertEquals(3, last(c).ackSeq());
        r.tick();
        r.tick();
        assertEquals(9, last(c).ackSeq());
        r.tick();
        assertEquals(10, last(c).ackSeq());
        assertTrue(last(c).selfVx() > 0);
    }

    @Test
    void aBusyConnectionIsSkippedAndCountedWhileOthersGetEverySnapshot() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        seat(r, "a", a);
        seat(r, "b", b);
        r.tick();
        b.busy = true;
        int aBefore = a.snapshots().size();
        int bBefore = b.received.size();
        for (int i = 0; i < 60; i++) {
            r.tick();
        }
        assertEquals(aBefore + 60, a.snapshots().size());
        assertEquals(bBefore, b.received.size());
        assertEquals(60, b.skipped);
        assertEquals(60, r.snapshotsSkipped());
        b.busy = false;
        r.tick();
        assertEquals(bBefore + 1, b.received.size());
    }

    @Test
    void snapshotsAreDeltasAfterAFullOneAndASkippedSnapshotIsNoBaseline() {
        LocalRoom r = room(30);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        seat(r, "a", a);
        seat(r, "b", b);
        for (int i = 0; i < 10; i++) {
            r.tick();
        }
        List<ServerFrame.Snapshot> got = a.snapshots();
        assertTrue(got.get(0).full(), "the first snapshot is full");
        assertTrue(got.stream().skip(1).noneMatch(ServerFrame.Snapshot::full), "then deltas");
        assertTrue(a.sizes.get(a.sizes.size() - 1) < a.sizes.get(0));
        b.busy = true;
        for (int i = 0; i < 20; i++) {
            r.tick();
        }
        b.busy = false;
        for (int i = 0; i < 4; i++) {
            r.tick();
        }
        // the decoder applied the delta to the last snapshot it had, across the skipped ones, without an error
        ServerFrame.Snapshot after = last(b);
        assertEquals(r.currentTick() - (r.currentTick() % 2), after.tick());
        assertEquals(2, after.entities().size());
        assertEquals(0, r.fullSnapshots() - 2, "no full snapshot but the two first ones");
    }

    @Test
    void aResyncRequestGetsAFullSnapshot() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        Seat s = seat(r, "a", a);
        r.tick();
        r.tick();
        assertFalse(last(a).full());
        s.requestResync();
        r.tick();
        assertTrue(last(a).full());
        r.tick();
        assertFalse(last(a).full());
    }

    @Test
    void inputLatencyIsMeasuredFromArrivalToTheAcknowledgingSnapshot() {
        LocalRoom r = room(30);
        FakeConnection a = new FakeConnection();
        Seat s = seat(r, "a", a);
        r.tick();
        for (int q = 1; q <= 6; q++) {
            ArenaRooms.offer(s, new PlayerInput(q, Buttons.RIGHT, 0));
            r.tick();
        }
        r.tick();
        assertEquals(6, r.inputLatency().count());
        assertTrue(r.inputLatency().maxNanos() < 1_000_000_000L);
        assertEquals(6, last(a).ackSeq());
    }

    @Test
    void theRadarSaysOnceASecondWhereThePlayersOutOfViewAre() {
        // 3,400 units apart on a long map, with the browser's view: each is out of the other's interest area
        GameMap wide = GameMap.parse("size 4000 1000\nspawn 300 500\nspawn 3700 500\n");
        LocalRoom r = ArenaRooms.room("r2", "Wide", 4, new World(wide, SimRules.defaults(60), 3),
                new RoomConfig(60, 30, 3, 600, HOLD_TICKS, new InterestArea(1280, 800, 160)));
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        seat(r, "a", a);
        Seat sb = seat(r, "b", b);
        for (int i = 0; i < 120; i++) {
            r.tick();
        }
        List<ServerFrame.Snapshot> got = a.snapshots();
        assertEquals(60, got.size());
        List<ServerFrame.Snapshot> withRadar = got.stream().filter(s -> s.radar() != null).toList();
        assertTrue(withRadar.get(0).full(), "the first (full) snapshot has the radar");
        assertTrue(withRadar.size() >= 2 && withRadar.size() <= 3, withRadar.size() + " radars in 2 s");
        ServerFrame.Snapshot last = withRadar.get(withRadar.size() - 1);
        assertEquals(1, last.entities().size(), "b is out of view");
        assertEquals(1, last.radar().size(), "so the radar has it");
        ServerFrame.Blip blip = last.radar().get(0);
        var pb = ArenaRooms.sim(r).player(2);
        assertEquals((int) (pb.x * 256 / 4000), blip.qx());
        assertEquals((int) (pb.y * 256 / 1000), blip.qy());
        // b's stream drops: its seat is held, and a held player is not on the radar (docs/protocol.md)
        r.enqueueDrop(sb);
        for (int i = 0; i < 60; i++) {
            r.tick();
        }
        ServerFrame.Snapshot afterDrop = a.snapshots().stream().filter(s -> s.radar() != null)
                .reduce((x, y) -> y).orElseThrow();
        assertTrue(afterDrop.tick() > last.tick() + 30 && afterDrop.radar().isEmpty(),
                "the held player left the radar: " + afterDrop.radar());
        // in the same room on a small map both are in view: the radar is empty
        LocalRoom near = room(30);
        FakeConnection c = new FakeConnection();
        seat(near, "c", c);
        seat(near, "d", new FakeConnection());
        for (int i = 0; i < 60; i++) {
            near.tick();
        }
        assertTrue(c.snapshots().stream().filter(s -> s.radar() != null).allMatch(s -> s.radar().isEmpty()));
    }

    @Test
    void aPlayerWhoseStreamWentSilentShowsHeldToTheOthersUntilItSpeaksAgain() {
        LocalRoom r = room(30);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        seat(r, "a", a);
        Seat sb = seat(r, "b", b);
        ticks(r, 30);
        int bId = sb.entityId;
        assertEquals(0, heldFlagOf(a, bId), "b plays");
        // nothing from b for 1.6 s (a network lost without a close): the others see it held, its seat stays
        b.lastHeard = System.nanoTime() - 1_600_000_000L;
        ticks(r, 4);
        assertEquals(ArenaProtocol.FLAG_HELD, heldFlagOf(a, bId), "b shows held to a");
        assertTrue(r.holdsSeat("b") && b.closed == null, "its seat and stream stay");
        assertEquals(Boolean.TRUE, r.memberConnected("b"), "the lobby still sees its stream connected");
        // b speaks again: back in play
        b.lastHeard = 0;
        ticks(r, 4);
        assertEquals(0, heldFlagOf(a, bId), "b plays again");
        // silent again, then its stream is replaced by a new one (the page reconnected): the entity is back
        b.lastHeard = System.nanoTime() - 1_600_000_000L;
        ticks(r, 4);
        assertEquals(ArenaProtocol.FLAG_HELD, heldFlagOf(a, bId));
        FakeConnection b2 = new FakeConnection();
        Seat again = resume(r, "b", b2);
        ticks(r, 4);
        assertEquals(bId, again.entityId, "the same entity");
        assertEquals(0, heldFlagOf(a, bId), "back in play on its new stream");
    }

    private static void ticks(LocalRoom r, int n) {
        for (int i = 0; i < n; i++) {
            r.tick();
        }
    }

    /** The held flag of entity id in the last snapshot a connection got. */
    private static int heldFlagOf(FakeConnection c, int id) {
        ServerFrame.Snapshot s = c.snapshots().get(c.snapshots().size() - 1);
        return s.entities().stream().filter(e -> e.id() == id).findFirst().orElseThrow().flags()
                & ArenaProtocol.FLAG_HELD;
    }

    @Test
    void aSpectatorWatchesOnePlayerAtATimeSwitchesAndHoldsNoSeat() {
        GameMap wide = GameMap.parse("size 4000 1000\nspawn 300 500\nspawn 3700 500\n");
        LocalRoom r = ArenaRooms.room("r3", "Watched", 2, new World(wide, SimRules.defaults(60), 3),
                new RoomConfig(60, 30, 3, 600, HOLD_TICKS, new InterestArea(1280, 800, 160), 1));
        FakeConnection w = new FakeConnection();
        assertTrue(r.tryAddSpectator());
        assertFalse(r.tryAddSpectator(), "one spectator place: the second is refused");
        Seat spectator = Seat.spectator("watch-1", w);
        r.enqueueWatch(spectator);
        r.tick();
        var welcome = assertInstanceOf(ServerFrame.Welcome.class, w.received.get(0));
        assertEquals(0, welcome.selfId(), "a spectator has no entity");
        assertEquals(new ServerFrame.Following(0), w.received.get(1), "nobody to watch yet");
        assertTrue(w.snapshots().isEmpty(), "and no snapshots while nobody is there");

        seat(r, "a", new FakeConnection());
        seat(r, "b", new FakeConnection());
        assertEquals(2, r.seatsTaken(), "the spectator takes no seat: both players fit a room of two");
        r.tick();
        r.tick();
        assertEquals(new ServerFrame.Following(1), w.received.get(2), "the leader (lowest id of equals) is watched");
        ServerFrame.Snapshot first = w.snapshots().get(0);
        assertTrue(first.full());
        assertEquals(0, first.ackSeq());
        assertEquals(List.of(1), first.entities().stream().map(e -> e.id()).toList(), "a's view: b is far away");
        assertNotNull(first.roster());
        assertEquals(2, first.roster().players().size());

        spectator.requestFollow(1);
        for (int i = 0; i < 4; i++) {
            r.tick();
        }
        assertTrue(w.received.contains(new ServerFrame.Following(2)), "next: b");
        assertEquals(List.of(2), last(w).entities().stream().map(e -> e.id()).toList(), "b's view now");
        spectator.requestFollow(1);
        r.tick();
        assertEquals(new ServerFrame.Following(1), lastFollowing(w), "after the last comes the first");
        spectator.requestFollow(-1);
        r.tick();
        assertEquals(new ServerFrame.Following(2), lastFollowing(w), "before the first comes the last");

        r.enqueueLeave("b");
        r.tick();
        assertEquals(new ServerFrame.Following(1), lastFollowing(w), "the watched player left: back to the leader");

        r.enqueueUnwatch(spectator);
        r.tick();
        assertEquals(0, r.spectators());
        assertTrue(r.tryAddSpectator(), "the place is free again");
    }

    private static ServerFrame.Following lastFollowing(FakeConnection c) {
        ServerFrame.Following f = null;
        for (ServerFrame x : c.received) {
            if (x instanceof ServerFrame.Following g) {
                f = g;
            }
        }
        return f;
    }

    @Test
    void eventsOfSkippedSnapshotsArriveWithTheNextOne() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        Seat sa = seat(r, "a", a);
        seat(r, "b", b);
        for (int i = 0; i < 420; i++) { // countdown and spawn protection
            r.tick();
        }
        boolean aOnLeft = ArenaRooms.sim(r).player(1).x < ArenaRooms.sim(r).player(2).x;
        double aim = aOnLeft ? 0 : Math.PI;
        b.busy = true;
        long seq = 1;
        for (int i = 0; i < 12; i++) { // under 16 snapshot intervals
            ArenaRooms.offer(sa, new PlayerInput(seq++, Buttons.FIRE, aim));
            r.tick();
        }
        for (int i = 0; i < 40 && a.snapshots().stream().noneMatch(s -> s.events().stream()
                .anyMatch(e -> e instanceof GameEvent.Hit)); i++) {
            r.tick();
        }
        long hitsSeenByA = a.snapshots().stream().flatMap(s -> s.events().stream())
                .filter(e -> e instanceof GameEvent.Hit).count();
        assertTrue(hitsSeenByA >= 1, "the shot hits");
        b.busy = false;
        r.tick();
        r.tick();
        long hitsSeenByB = b.snapshots().stream().flatMap(s -> s.events().stream())
                .filter(e -> e instanceof GameEvent.Hit).count();
        assertFalse(b.snapshots().isEmpty());
        assertTrue(hitsSeenByB >= 1, "b gets the hit although its snapshots were skipped until now");
    }

    @Test
    void anEmptiedRoomClosesWithinSecondsButANewOneWaitsForItsCreator() {
        // room(..) has a grace of 600 ticks (10 s) for an empty room
        LocalRoom fresh = room(30);
        assertTrue(fresh.tryReserveSeat("creator"));
        fresh.releaseTicket("creator"); // the creator's ticket expired unused
        for (int i = 0; i < 599; i++) {
            fresh.tick();
        }
        assertFalse(fresh.idleLongEnough(), "nobody came yet: the full grace period");
        fresh.tick();
        assertTrue(fresh.idleLongEnough());

        LocalRoom played = room(30);
        Seat s = seat(played, "a", new FakeConnection());
        played.tick();
        played.enqueueLeave(s.playerId());
        int ticks = 0;
        while (!played.idleLongEnough() && ticks < 600) {
            played.tick();
            ticks++;
        }
        assertEquals(LocalRoom.LEFT_EMPTY_CLOSE_SECONDS * 60, ticks, "its players left: closes after 3 s");
    }

    @Test
    void leavingReleasesTheSeatAndUpdatesTheRoster() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        seat(r, "a", a);
        Seat sb = seat(r, "b", b);
        r.tick();
        assertEquals(2, r.seatsTaken());
        assertEquals(2, last(a).roster().players().size());
        r.enqueueLeave(sb.playerId());
        r.tick();
        assertEquals(1, r.seatsTaken());
        assertEquals(1, r.playersInWorld());
        assertEquals(1, last(a).roster().players().size());
        assertEquals(1, last(a).entities().size());
    }

    @Test
    void capacityIsNeverExceededAndSeatsAreCountedByPlayer() {
        LocalRoom r = room(30);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.tryReserveSeat("p" + i));
        }
        assertFalse(r.tryReserveSeat("p4"));
        assertTrue(r.tryReserveSeat("p2"), "a player who holds a seat here keeps it");
        assertEquals(4, r.seatsTaken(), "and does not take a second one");
        r.releaseTicket("p0");
        assertEquals(3, r.seatsTaken());
        assertTrue(r.tryReserveSeat("p4"));
        assertFalse(r.tryReserveSeat("p5"));
    }

    @Test
    void oneRecordSaysWhoHoldsASeatAndHow() {
        LocalRoom r = room(30);
        assertTrue(r.tryReserveSeat("ticket"));
        assertFalse(r.hasMember("ticket"), "a ticket holder is on its way, not a member");
        assertEquals(null, r.memberConnected("ticket"));
        FakeConnection c = new FakeConnection();
        Seat s = seat(r, "a", c);
        r.tick();
        assertTrue(r.hasMember("a"));
        assertEquals(Boolean.TRUE, r.memberConnected("a"));
        assertEquals(java.util.Set.of("a"), r.memberIds());
        r.enqueueDrop(s);
        r.tick();
        assertEquals(Boolean.FALSE, r.memberConnected("a"), "held after the drop");
        assertEquals(2, r.seatsTaken(), "the held seat and the ticket's");
        r.enqueueLeave("a");
        r.tick();
        assertFalse(r.hasMember("a"));
        assertEquals(1, r.seatsTaken());
    }

    @Test
    void aLapsedTicketDoesNotFreeTheSeatOfAPlayerWhoCameIn() {
        LocalRoom r = room(30);
        FakeConnection c = new FakeConnection();
        seat(r, "a", c);
        r.tick();
        assertEquals(1, r.seatsTaken());
        r.releaseTicket("a"); // its ticket's sweep, late: the player is in the room
        assertEquals(1, r.seatsTaken(), "the seat stays taken");
        r.enqueueLeave("a");
        r.tick();
        assertEquals(0, r.seatsTaken(), "leaving frees it");
    }

    private static ServerFrame.Snapshot last(FakeConnection c) {
        var s = c.snapshots();
        return s.get(s.size() - 1);
    }

    @Test
    void aDroppedPlayerKeepsSeatEntityAndScoreAndResumesOnTheSameEntity() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        Seat sa = seat(r, "a", a);
        seat(r, "b", b);
        r.tick();
        int entity = sa.entityId;
        ArenaRooms.sim(r).player(entity).x = 123; // somewhere recognisable
        r.enqueueDrop(sa);
        r.tick();
        assertEquals(2, r.seatsTaken(), "the seat is held");
        assertEquals(Boolean.FALSE, r.memberConnected("a"));
        assertNotNull(ArenaRooms.sim(r).player(entity), "the player stays in the world");
        int framesBefore = a.received.size();
        for (int i = 0; i < 60; i++) {
            r.tick();
        }
        assertEquals(framesBefore, a.received.size(), "nothing is sent to a dropped stream");
        assertEquals(ArenaProtocol.FLAG_HELD, last(b).entity(entity).flags() & ArenaProtocol.FLAG_HELD,
                "the others see it held (reconnecting)");

        FakeConnection again = new FakeConnection();
        Seat back = resume(r, "a", again);
        r.tick();
        assertEquals(entity, back.entityId, "same entity");
        assertEquals(123, ArenaRooms.sim(r).player(entity).x, 1e-9, "same place");
        assertInstanceOf(ServerFrame.Welcome.class, again.received.get(0));
        assertEquals(entity, ((ServerFrame.Welcome) again.received.get(0)).selfId());
        assertNotNull(again.snapshots().get(0).roster(), "a resumed stream gets the full roster");
        assertEquals(0, again.snapshots().get(0).ackSeq(), "input numbering starts afresh");
        assertEquals(2, r.seatsTaken());
        assertEquals(1, r.resumes());
        assertEquals(Boolean.TRUE, r.memberConnected("a"));
        assertEquals(0, last(b).entity(entity).flags() & ArenaProtocol.FLAG_HELD, "and back");
        List<GameEvent> told = b.snapshots().stream().flatMap(x -> x.events().stream())
                .filter(e -> e instanceof GameEvent.Connection).toList();
        assertEquals(List.of(new GameEvent.Connection(entity, false), new GameEvent.Connection(entity, true)), told,
                "the others hear that it dropped and that it came back");
    }

    @Test
    void aHeldSeatIsReleasedWhenTheHoldRunsOut() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        Seat sa = seat(r, "a", a);
        seat(r, "b", b);
        r.tick();
        r.enqueueDrop(sa);
        r.tick();
        for (int i = 0; i < HOLD_TICKS - 2; i++) {
            r.tick();
        }
        assertEquals(2, r.seatsTaken());
        assertEquals(2, r.playersInWorld(), "a held player is still in the world");
        r.tick();
        r.tick();
        assertEquals(1, r.seatsTaken(), "released after the hold");
        assertEquals(1, r.playersInWorld(), "and out of the world");
        assertNull(ArenaRooms.sim(r).player(sa.entityId));
        assertFalse(r.hasMember("a"));
        assertEquals(1, last(b).roster().players().size(), "the others see the player gone");
    }

    @Test
    void leavingWhileHeldReleasesAtOnceAndAReservedResumeIsNotCountedTwice() {
        LocalRoom r = room(60);
        FakeConnection a = new FakeConnection();
        Seat sa = seat(r, "a", a);
        r.tick();
        r.enqueueDrop(sa);
        r.tick();
        r.enqueueLeave("a");
        r.tick();
        assertEquals(0, r.seatsTaken());
        assertFalse(r.hasMember("a"));

        Seat first = seat(r, "b", new FakeConnection());
        r.tick();
        seat(r, "b", new FakeConnection()); // a second fresh ticket for the same player: one seat in the end
        r.tick();
        assertEquals(1, r.seatsTaken());
        assertEquals(1, r.playersInWorld());
        assertFalse(first.inWorld);
    }
}
