package dev.skirmish.bots;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** With {@code --rooms spread:K}: the first bot of each group creates its room, the others join it. */
final class RoomPlan {
    private final Map<Integer, CompletableFuture<String>> rooms = new ConcurrentHashMap<>();
    private final Set<Integer> claimed = ConcurrentHashMap.newKeySet();

    /** The id of the group's room, once created. */
    CompletableFuture<String> room(int group) {
        return rooms.computeIfAbsent(group, g -> new CompletableFuture<>());
    }

    /** True for exactly one caller per group: that bot creates the room. */
    boolean claim(int group) {
        return claimed.add(group);
    }
}
