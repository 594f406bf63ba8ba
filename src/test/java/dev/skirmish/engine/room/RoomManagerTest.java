package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.SettingsLoader;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Seats, tickets, memberships and room closing through the manager, ticking rooms by hand. */
class RoomManagerTest {
    private final AtomicLong clock = new AtomicLong();

    private RoomManager manager() {
        Properties p = new Properties();
        p.setProperty("skirmish.room.emptyCloseSeconds", "1");
        p.setProperty("skirmish.seat.holdSeconds", "2");
        GameSettings s = SettingsLoader.load(Map.of(), p);
        return new RoomManager(s, new InMemoryRoomDirectory(), clock::get);
    }

    private static void ticks(RoomManager m, int n) {
        for (int i = 0; i < n; i++) {
            for (TickLoop loop : m.loops()) {
                loop.tickRooms();
            }
        }
    }

    @Test
    void hostAndGuestLeaveAndTheEmptyRoomCloses() throws Exception {
        RoomManager m = manager();
        LocalRoom room = m.createRoom("Live room", 4);
        SeatTickets.Ticket host = m.reserve(room, "host", "host");
        FakeConnection hc = new FakeConnection();
        RoomManager.Placement hp = m.claim(room.id(), host.token(), hc);
        ticks(m, 1);
        assertEquals(1, room.seatsTaken());
        m.reserve(room, "guest", "guest");
        assertEquals(2, room.seatsTaken());
        assertEquals(room.id(), m.leave("guest"));
        assertEquals(1, room.seatsTaken());
        assertEquals(room.id(), m.leave("host"));
        ticks(m, 1);
        assertEquals(0, room.seatsTaken());
        m.disconnected(hp); // the stream closes after the leave
        ticks(m, 1);
        assertFalse(room.hasMember("host"));
        ticks(m, 60);
        assertTrue(room.isClosed(), "closed after room.emptyCloseSeconds");
        assertTrue(m.find(room.id()).isEmpty());
    }
}
