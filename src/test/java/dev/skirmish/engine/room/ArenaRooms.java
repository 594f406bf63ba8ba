package dev.skirmish.engine.room;

import dev.skirmish.games.arena.ArenaWorld;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.World;

/** The room tests run the engine with the arena: its worlds, its simulation behind a room, its inputs. */
final class ArenaRooms {
    private ArenaRooms() {
    }

    /** {@code world} as a room's game world, with the room's interest area and snapshot rate. */
    static ArenaWorld wrap(World world, RoomConfig config) {
        return ArenaWorld.wrap(world, config.interest(), config.snapshotRateHz());
    }

    /** A public room of the arena around {@code world}. */
    static LocalRoom room(String id, String name, int capacity, World world, RoomConfig config) {
        return new LocalRoom(id, name, capacity, wrap(world, config), config);
    }

    /** A room's simulation (do not touch it while a tick loop runs the room). */
    static World sim(LocalRoom room) {
        return ((ArenaWorld) room.world()).world();
    }

    /** Offers an input to a seat's queue under its own sequence number. */
    @SuppressWarnings("unchecked")
    static InputQueue.Offer offer(Seat seat, PlayerInput in) {
        return ((InputQueue<PlayerInput>) seat.inputs()).offer(in.seq(), in);
    }
}
