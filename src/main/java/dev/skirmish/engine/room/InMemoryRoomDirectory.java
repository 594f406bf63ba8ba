package dev.skirmish.engine.room;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RoomDirectory} for one node: a concurrent map bounded by the caller's room limit. */
public final class InMemoryRoomDirectory implements RoomDirectory {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean add(Room room, int maxRooms) {
        if (rooms.size() >= maxRooms || rooms.containsKey(room.id())) {
            return false;
        }
        rooms.put(room.id(), room);
        return true;
    }

    @Override
    public Optional<Room> find(String roomId) {
        return roomId == null ? Optional.empty() : Optional.ofNullable(rooms.get(roomId));
    }

    @Override
    public Collection<Room> rooms() {
        return List.copyOf(rooms.values());
    }

    @Override
    public void remove(Room room) {
        rooms.remove(room.id(), room);
    }
}
