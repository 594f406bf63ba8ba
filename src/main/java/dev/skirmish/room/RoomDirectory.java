package dev.skirmish.room;

import java.util.Collection;
import java.util.Optional;

/** Where rooms are found by id. The in-memory one serves a single node; a shared one comes with scale-out. */
public interface RoomDirectory {

    /** Registers a room; false if the directory already holds {@code maxRooms} rooms. */
    boolean add(Room room, int maxRooms);

    Optional<Room> find(String roomId);

    Collection<Room> rooms();

    void remove(Room room);
}
