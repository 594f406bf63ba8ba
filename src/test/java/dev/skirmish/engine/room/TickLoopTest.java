package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's per-tick work, driven directly: failures stay in their room, empty rooms close. */
class TickLoopTest {
    private static final GameMap MAP = GameMap.parse("size 1000 1000\nspawn 300 500\n");

    private static LocalRoom room(String id, long emptyCloseTicks) {
        return ArenaRooms.room(id, id, 4, new World(MAP, SimRules.defaults(60), 1), new RoomConfig(60, 60, 3, emptyCloseTicks, 0));
    }

    @Test
    void aFailingRoomDoesNotStopTheOthersAndIsClosedAfterRepeatedFailures() {
        List<LocalRoom> closed = new ArrayList<>();
        TickLoop loop = new TickLoop("test", 60, 5, System::nanoTime, closed::add);
        LocalRoom good = room("good", 1_000_000);
        LocalRoom bad = room("bad", 1_000_000);
        FakeConnection victim = new FakeConnection();
        // a seat whose connection throws on every snapshot makes the bad room's tick fail
        assertTrue(bad.tryReserveSeat("x"));
        bad.enqueueJoin(new Seat("x", "x", new GameConnection() {
            @Override
            public boolean offerSnapshot(java.nio.ByteBuffer frame) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void sendControl(byte[] frame) {
            }

            @Override
            public void close(CloseCodes code, String reason) {
                victim.close(code, reason);
            }
        }, new InputQueue<>(8, 120, 60, 60, System::nanoTime)));
        loop.add(bad);
        loop.add(good);
        for (int i = 0; i < 2 * TickLoop.MAX_CONSECUTIVE_FAILURES + 10; i++) {
            loop.tickRooms();
        }
        assertEquals(2 * TickLoop.MAX_CONSECUTIVE_FAILURES + 10, good.currentTick(), "the good room never missed a tick");
        assertEquals(List.of(bad), closed);
        assertEquals(CloseCodes.INTERNAL_ERROR, victim.closed);
        assertEquals(1, loop.roomCount());
    }

    @Test
    void emptyRoomsCloseAfterTheirGracePeriod() {
        List<LocalRoom> closed = new ArrayList<>();
        TickLoop loop = new TickLoop("test", 60, 5, System::nanoTime, closed::add);
        LocalRoom r = room("r", 10);
        loop.add(r);
        for (int i = 0; i < 9; i++) {
            loop.tickRooms();
        }
        assertTrue(closed.isEmpty());
        loop.tickRooms();
        assertEquals(List.of(r), closed);
        assertTrue(r.isClosed());
        assertTrue(!r.tryReserveSeat("late"), "a closed room takes nobody");
    }

    @Test
    void aRoomWithAReservedSeatStaysOpen() {
        List<LocalRoom> closed = new ArrayList<>();
        TickLoop loop = new TickLoop("test", 60, 5, System::nanoTime, closed::add);
        LocalRoom r = room("r", 5);
        r.tryReserveSeat("creator");
        loop.add(r);
        for (int i = 0; i < 50; i++) {
            loop.tickRooms();
        }
        assertTrue(closed.isEmpty());
    }
}
