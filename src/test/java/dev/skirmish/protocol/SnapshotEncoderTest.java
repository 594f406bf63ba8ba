package dev.skirmish.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.room.RoomManager;
import dev.skirmish.sim.Buttons;
import dev.skirmish.sim.Player;
import dev.skirmish.sim.PlayerInput;
import dev.skirmish.sim.SimRules;
import dev.skirmish.sim.World;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production path (world to bytes) decodes back to the world's state within quantization. */
class SnapshotEncoderTest {
    @Test
    void encodedWorldDecodesToItsState() throws ProtocolException {
        World w = new World(RoomManager.loadMap("arena"), SimRules.defaults(60), 5);
        for (int i = 0; i < 16; i++) {
            w.addPlayer("player" + i);
        }
        for (int t = 1; t <= 30; t++) {
            Map<Integer, List<PlayerInput>> in = new HashMap<>();
            for (Player p : w.players()) {
                in.put(p.id(), List.of(new PlayerInput(t, Buttons.RIGHT | Buttons.FIRE, 1.0)));
            }
            w.step(in);
        }
        byte[] shared = SnapshotEncoder.encodeShared(w);
        byte[] roster = SnapshotEncoder.encodeRoster(3, w.players());
        Player self = w.player(1);
        ByteBuffer frame = SnapshotEncoder.assemble(w.tick(), self.lastInputSeq(), self.vx, self.vy, shared,
                List.of(SnapshotEncoder.encodeEvents(w.drainEvents())), roster);
        int size = frame.remaining();
        ServerFrame.Snapshot s = (ServerFrame.Snapshot) ServerFrames.decode(frame);
        assertEquals(w.tick(), s.tick());
        assertEquals(30, s.ackSeq());
        assertEquals(16 + w.projectiles().size(), s.entities().size());
        for (ServerFrame.Entity e : s.entities()) {
            if (e.kind() == Protocol.KIND_PLAYER) {
                Player p = w.player(e.id());
                assertEquals(p.x, e.x(), 1.0 / 32);
                assertEquals(p.y, e.y(), 1.0 / 32);
                assertEquals(p.health(), e.health());
                assertTrue(e.hasFlag(Protocol.FLAG_ALIVE));
            }
        }
        assertEquals(16, s.roster().players().size());
        assertEquals(self.vx, s.selfVx(), 1.0 / 32);
        assertEquals(16 + w.projectiles().size(), (shared.length - 5) / SnapshotEncoder.ENTITY_BYTES);
        System.out.println("snapshot with 16 players and " + w.projectiles().size() + " projectiles: " + size
                + " bytes (entities part " + shared.length + " bytes, roster " + roster.length + " bytes)");
    }
}
