package dev.skirmish.engine.room;

import java.util.Collection;
import java.util.Optional;

/**
 * Where this node's rooms are found by id. In a cluster every node keeps its own directory of the rooms it runs;
 * the other nodes' rooms are not {@link Room}s here (a room elsewhere cannot reserve a seat synchronously) but
 * entries of the cluster's directory ({@code dev.skirmish.engine.cluster.RoomInfo}), joined with signed tickets.
 */
public interface RoomDirectory {

    /** Registers a room; false if the directory already holds {@code maxRooms} rooms. */
    boolean add(Room room, int maxRooms);

    Optional<Room> find(String roomId);

    Collection<Room> rooms();

    void remove(Room room);
}
