package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.SettingsLoader;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.WorldCodec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A room frozen on one node and adopted by another, ticking both managers by hand. */
class HandoverTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong wallMillis = new AtomicLong(1_800_000_000_000L);

    private RoomManager node() {
        Properties p = new Properties();
        p.setProperty("skirmish.seat.holdSeconds", "2");
        p.setProperty("skirmish.match.countdownSeconds", "1");
        // one seed for every room: with a random one, a light-cycle round could end (a rider crashed where the
        // track put it) before the test froze it mid-round (CI saw RESULTS once)
        p.setProperty("skirmish.sim.seed", "20261206");
        GameSettings s = SettingsLoader.load(Map.of(), p);
        return new RoomManager(s, new InMemoryRoomDirectory(), clock::get,
                new SignedTickets("shared", 10_000, 1000, wallMillis::get));
    }

    private static void ticks(RoomManager m, int n) {
        for (int i = 0; i < n; i++) {
            for (TickLoop loop : m.loops()) {
                loop.tickRooms();
            }
        }
    }

    @Test
    void aFrozenRoomIsAdoptedWithItsWorldAndItsPlayersComeBackToTheirEntities() throws Exception {
        RoomManager a = node();
        LocalRoom room = a.createRoom("Moving", 4);
        FakeConnection c1 = new FakeConnection();
        FakeConnection c2 = new FakeConnection();
        RoomManager.Placement p1 = a.claim(room.id(), a.reserve(room, "p1", "Ann").token(), c1);
        RoomManager.Placement p2 = a.claim(room.id(), a.reserve(room, "p2", "Bob").token(), c2);
        ticks(a, 2);
        // the match starts and player 1 runs right and fires for a while
        for (int t = 0; t < 200; t++) {
            ArenaRooms.offer(p1.seat(), new PlayerInput(t + 1, Buttons.RIGHT | Buttons.FIRE, 0.0));
            ticks(a, 1);
        }
        var frozen = room.freeze();
        ticks(a, 1);
        LocalRoom.Frozen f = frozen.get(1, TimeUnit.SECONDS);
        assertEquals(2, f.connected().size());
        assertEquals(List.of("p1", "p2"), f.state().members().stream().map(RoomHandover.Member::playerId).toList());
        long frozenTick = room.currentTick();
        ticks(a, 30);
        assertEquals(frozenTick, room.currentTick(), "a frozen room does not tick");
        assertArrayEquals(f.state().world(), WorldCodec.save(ArenaRooms.sim(room)), "nor does its world change");

        // the state crosses as bytes and another node adopts it
        RoomHandover.State crossed = RoomHandover.decode(RoomHandover.encode(f.state()));
        RoomManager b = node();
        LocalRoom adopted = b.adopt(crossed);
        assertEquals(room.id(), adopted.id());
        assertEquals(2, adopted.seatsTaken());
        assertTrue(adopted.hasMember("p1") && adopted.hasMember("p2"));
        assertEquals(Boolean.FALSE, adopted.memberConnected("p1"), "held until its stream arrives");
        assertArrayEquals(f.state().world(), WorldCodec.save(ArenaRooms.sim(adopted)));
        assertTrue(b.membership("p1").isPresent(), "a lobby hello on the new node finds the seat");

        // the old node ends the room; its remaining streams hear 4007
        a.closeMoved(room);
        assertEquals(CloseCodes.ROOM_MOVED, c1.closed);
        assertTrue(a.find(room.id()).isEmpty());

        // player 1 follows with a ticket signed by the old node: the same entity, resumed, not a new seat
        FakeConnection moved = new FakeConnection();
        String ticket = a.signedTicket(room.id(), "p1", "Ann");
        RoomManager.Placement back = b.claim(room.id(), ticket, moved);
        ticks(b, 1);
        ServerFrame.Welcome w = (ServerFrame.Welcome) moved.received.get(0);
        assertEquals(p1.seat().entityId, w.selfId());
        assertEquals(2, adopted.seatsTaken(), "a resume takes no new seat");
        assertEquals(1, adopted.resumes());
        ticks(b, 2);
        ServerFrame.Snapshot s = moved.snapshots().get(0);
        assertTrue(s.full());
        assertTrue(s.tick() > frozenTick && s.tick() <= frozenTick + 3, "the clock goes on from where it stopped: "
                + frozenTick + " then " + s.tick());
        // a ticket is taken once
        assertEquals(CloseCodes.BAD_TICKET, assertThrows(ProtocolException.class,
                () -> b.claim(room.id(), ticket, new FakeConnection())).closeCode());
        // player 2 never comes: its seat is released after the hold
        ticks(b, 60 * 11);
        assertFalse(adopted.hasMember("p2"));
        assertEquals(1, adopted.seatsTaken());
        assertNotNull(back);
    }

    /**
     * The second game moves too: a light-cycle room in a round, frozen, adopted by another node through the same
     * bytes, its riders resumed on the same cycles, and the ride going on from the same tick.
     */
    @Test
    void aLightCycleRoomMovesMidRoundAndItsRidersComeBack() throws Exception {
        RoomManager a = node();
        LocalRoom room = a.createRoom("Grid", 4, false, "cycles");
        assertEquals("cycles", room.game());
        CyclesRoomTest.Client c1 = new CyclesRoomTest.Client();
        CyclesRoomTest.Client c2 = new CyclesRoomTest.Client();
        RoomManager.Placement p1 = a.claim(room.id(), a.reserve(room, "p1", "Ann").token(), c1);
        a.claim(room.id(), a.reserve(room, "p2", "Bob").token(), c2);
        // the loops run at 60 Hz, light cycles at 20: three loop ticks a cycle tick; ride into the round
        ticks(a, 3 * 80);
        CyclesRoomTest.steer(p1.seat(), 1, dev.skirmish.games.cycles.sim.Steer.LEFT);
        ticks(a, 3 * 5);
        var track = ((dev.skirmish.games.cycles.CyclesWorld) room.world()).track();
        assertEquals(dev.skirmish.engine.spi.MatchPhase.PLAYING, track.phase(), "the round is on");
        var frozen = room.freeze();
        ticks(a, 1);
        LocalRoom.Frozen f = frozen.get(1, TimeUnit.SECONDS);
        RoomHandover.State crossed = RoomHandover.decode(RoomHandover.encode(f.state()));
        assertEquals("cycles", crossed.game());
        RoomManager b = node();
        LocalRoom adopted = b.adopt(crossed);
        assertEquals("cycles", adopted.game());
        var moved = ((dev.skirmish.games.cycles.CyclesWorld) adopted.world()).track();
        assertArrayEquals(f.state().world(), crossed.world());
        assertEquals(track.tick(), moved.tick(), "the same tick");
        assertEquals(track.round(), moved.round());
        for (var c : track.cycles()) {
            var m = moved.cycle(c.id());
            assertEquals(List.of(c.x(), c.y(), c.dir(), c.cornerCount(), c.wins()),
                    List.of(m.x(), m.y(), m.dir(), m.cornerCount(), m.wins()), "cycle " + c.id() + " as it was");
            assertTrue(m.held(), "held until its rider's stream arrives");
        }
        CyclesRoomTest.Client back = new CyclesRoomTest.Client();
        b.claim(room.id(), a.signedTicket(room.id(), "p1", "Ann"), back);
        ticks(b, 3 * 3);
        assertTrue(back.frames.get(0) instanceof dev.skirmish.games.cycles.protocol.CyclesDecoder.Welcome w
                && w.info().selfId() == p1.seat().entityId, "WELCOME to the same cycle");
        assertTrue(back.decoder.hasBaseline(), "and snapshots of the moved track");
        assertTrue(moved.tick() > track.tick(), "the ride goes on from where it stopped");
        CyclesRoomTest.assertSame(moved, back.decoder.cycles());
    }

    @Test
    void damagedOrForeignStatesAreRefusedWithAReason() {
        assertEquals("not a handed-over room",
                assertThrows(IllegalArgumentException.class, () -> RoomHandover.decode(new byte[]{1, 2, 3, 4, 5, 6}))
                        .getMessage());
        byte[] valid = RoomHandover.encode(new RoomHandover.State("r1", "Room", null, 4, "arena", List.of(), new byte[]{9}));
        assertThrows(IllegalArgumentException.class,
                () -> RoomHandover.decode(java.util.Arrays.copyOf(valid, valid.length - 1)));
        RoomManager b = node();
        // a state whose world is not a saved world
        assertThrows(IllegalArgumentException.class, () -> b.adopt(RoomHandover.decode(valid)));
        assertTrue(b.find("r1").isEmpty());
    }

    @Test
    void signedTicketsFromOtherNodesSeatNewPlayersUntilTheRoomIsFull() throws Exception {
        RoomManager m = node();
        LocalRoom room = m.createRoom("Small", 2);
        m.claim(room.id(), m.reserve(room, "host", "Host").token(), new FakeConnection());
        String guest = m.signedTicket(room.id(), "guest", "Guest");
        m.claim(room.id(), guest, new FakeConnection());
        assertEquals(2, room.seatsTaken());
        ProtocolException full = assertThrows(ProtocolException.class,
                () -> m.claim(room.id(), m.signedTicket(room.id(), "third", "Third"), new FakeConnection()));
        assertEquals(CloseCodes.ROOM_FULL, full.closeCode());
        // another room's ticket, a forged one and an expired one are bad tickets
        String other = m.signedTicket("zzzzzzzz", "x", "X");
        assertEquals(CloseCodes.BAD_TICKET, assertThrows(ProtocolException.class,
                () -> m.claim(room.id(), other, new FakeConnection())).closeCode());
        String forged = guest.substring(0, guest.length() - 2) + (guest.endsWith("AA") ? "BB" : "AA");
        assertEquals(CloseCodes.BAD_TICKET, assertThrows(ProtocolException.class,
                () -> m.claim(room.id(), forged, new FakeConnection())).closeCode());
        String late = m.signedTicket(room.id(), "late", "Late");
        wallMillis.addAndGet(10_001);
        assertEquals(CloseCodes.BAD_TICKET, assertThrows(ProtocolException.class,
                () -> m.claim(room.id(), late, new FakeConnection())).closeCode());
    }
}
