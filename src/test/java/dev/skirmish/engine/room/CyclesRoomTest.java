package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.cycles.CyclesWorld;
import dev.skirmish.games.cycles.protocol.CycleTable;
import dev.skirmish.games.cycles.protocol.CyclesDecoder;
import dev.skirmish.games.cycles.sim.Cycle;
import dev.skirmish.games.cycles.sim.Steer;
import dev.skirmish.games.cycles.sim.Track;
import dev.skirmish.games.cycles.sim.TrackRules;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine running the second game: a light-cycle room with clients that decode every frame as the browser would
 * (the Java decoder), so that what each client holds after every snapshot, skipped ones included, is the track.
 */
class CyclesRoomTest {
    static final TrackRules RULES = new TrackRules(40, 30, 20, 10, 600, 6, 5);

    /** A client: decodes what it is sent; {@code busy} refuses snapshots as if one were in flight. */
    static class Client implements GameConnection {
        final CyclesDecoder decoder = new CyclesDecoder();
        final List<CyclesDecoder.Frame> frames = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        boolean busy;
        CloseCodes closed;

        @Override
        public boolean offerSnapshot(ByteBuffer frame) {
            if (busy) {
                return false;
            }
            sizes.add(frame.remaining());
            frames.add(decode(frame));
            return true;
        }

        @Override
        public boolean readyForSnapshot() {
            return !busy;
        }

        @Override
        public void sendControl(byte[] frame) {
            frames.add(decode(ByteBuffer.wrap(frame)));
        }

        @Override
        public void close(CloseCodes code, String reason) {
            closed = code;
        }

        private CyclesDecoder.Frame decode(ByteBuffer b) {
            try {
                return decoder.decode(b);
            } catch (ProtocolException e) {
                throw new AssertionError(e);
            }
        }
    }

    static LocalRoom room(long seed, int tickEvery) {
        RoomConfig config = new RoomConfig(20, 20, 3, 600, 100, InterestArea.WHOLE_MAP, 4, tickEvery);
        return new LocalRoom("c1", "Cycles", null, 8, "cycles", CyclesWorld.wrap(new Track(RULES, seed)), config);
    }

    static Seat seat(LocalRoom room, String id, Client c) {
        assertTrue(room.tryReserveSeat(id));
        Seat s = new Seat(id, id, c, new InputQueue<Steer>(32, 1000, 1000, 1000, System::nanoTime));
        room.enqueueJoin(s);
        return s;
    }

    @SuppressWarnings("unchecked")
    static void steer(Seat s, long seq, Steer turn) {
        ((InputQueue<Steer>) s.inputs()).offer(seq, turn);
    }

    static Track track(LocalRoom room) {
        return ((CyclesWorld) room.world()).track();
    }

    /** What the client holds is the track: heads, directions, flags and whole trails. */
    static void assertSame(Track t, CycleTable held) {
        assertEquals(t.cycles().size(), held.size());
        int i = 0;
        for (Cycle c : t.cycles()) {
            assertEquals(c.id(), held.id(i));
            assertEquals(c.x(), held.x(i), "x of " + c.id() + " at " + t.tick());
            assertEquals(c.y(), held.y(i), "y of " + c.id() + " at " + t.tick());
            assertEquals(c.dir(), held.dir(i));
            assertEquals((c.alive() ? CycleTable.ALIVE : 0) | (c.held() ? CycleTable.HELD : 0)
                    | (c.riding() ? CycleTable.RIDING : 0), held.flags(i));
            assertEquals(c.startX(), held.startX(i));
            assertEquals(c.startY(), held.startY(i));
            assertEquals(c.cornerCount(), held.cornerCount(i), "turns of " + c.id() + " at " + t.tick());
            for (int k = 0; k < c.cornerCount(); k++) {
                assertEquals(c.corner(k), held.corner(i, k));
            }
            i++;
        }
    }

    @Test
    void everyClientHoldsTheTrackAfterEverySnapshotSkippedOnesIncluded() {
        LocalRoom room = room(3, 1);
        Client a = new Client();
        Client b = new Client();
        Client c = new Client();
        Seat sa = seat(room, "a", a);
        Seat sb = seat(room, "b", b);
        Seat sc = seat(room, "c", c);
        dev.skirmish.engine.spi.SeededRandom r = new dev.skirmish.engine.spi.SeededRandom(8);
        long seq = 0;
        int checked = 0;
        for (int tick = 0; tick < 1500; tick++) {
            b.busy = r.nextInt(4) == 0; // b's socket is often busy: its deltas reach back further
            for (Seat s : List.of(sa, sb, sc)) {
                int k = r.nextInt(10);
                if (k < 2) {
                    steer(s, ++seq, k == 0 ? Steer.LEFT : Steer.RIGHT);
                }
            }
            room.tick();
            for (Client cl : List.of(a, b, c)) {
                if (!cl.busy && cl.decoder.hasBaseline()) {
                    assertSame(track(room), cl.decoder.cycles());
                    checked++;
                }
            }
        }
        assertTrue(checked > 3000, "checked " + checked);
        assertTrue(track(room).round() >= 3, "rounds were ridden: " + track(room).round());
        assertTrue(a.frames.get(0) instanceof CyclesDecoder.Welcome w && w.rules().equals(RULES));
        double mean = a.sizes.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertTrue(mean < 40, "a snapshot of three riders is small: " + mean + " bytes");
        assertNotNull(a.decoder.roster().get(1));
    }

    @Test
    void aRoomSlowerThanItsLoopTicksEveryNthTime() {
        LocalRoom room = room(3, 3);
        Client a = new Client();
        seat(room, "a", a);
        for (int i = 0; i < 30; i++) {
            room.tick();
        }
        assertEquals(10, track(room).tick(), "30 loop ticks at 60 Hz are 10 ticks of a 20 Hz game");
        assertEquals(10, room.currentTick());
    }

    /** A rider whose stream drops is held (its cycle rides on straight), and a new stream takes the cycle back. */
    @Test
    void aDroppedRiderIsHeldAndTakesItsCycleBack() {
        LocalRoom room = room(5, 1);
        Client a = new Client();
        Client b = new Client();
        Seat sa = seat(room, "a", a);
        seat(room, "b", b);
        for (int i = 0; i < 5; i++) {
            room.tick();
        }
        int cycle = sa.entityId;
        room.enqueueDrop(sa);
        room.tick();
        assertEquals(Boolean.FALSE, room.memberConnected("a"), "held");
        assertTrue(track(room).cycle(cycle).held());
        Client again = new Client();
        Seat back = new Seat("a", "a", again, new InputQueue<Steer>(32, 1000, 1000, 1000, System::nanoTime));
        room.enqueueJoin(back);
        room.tick();
        room.tick();
        assertEquals(cycle, back.entityId, "the same cycle");
        assertTrue(again.frames.get(0) instanceof CyclesDecoder.Welcome w && w.info().selfId() == cycle);
        assertEquals(Boolean.TRUE, room.memberConnected("a"));
        assertTrue(!track(room).cycle(cycle).held(), "riding again");
        assertEquals(1, room.resumes());
        assertSame(track(room), again.decoder.cycles());
    }
}
