package dev.skirmish.engine.lobby;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lobby connections of this node: how many there are (bounded by {@code lobby.maxConnections}), which have
 * said hello, and which belong to each player (a player may briefly have two, for example while reconnecting).
 * Thread-safe.
 */
public final class LobbyClients {
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<LobbyClient> greeted = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<LobbyClient>> byPlayer = new ConcurrentHashMap<>();

    /** Counts a new connection; false when {@code max} are open already. */
    public boolean admit(int max) {
        while (true) {
            int n = connections.get();
            if (n >= max) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A connection admitted by {@link #admit} has ended. */
    public void release(LobbyClient client) {
        connections.decrementAndGet();
        greeted.remove(client);
        String id = client.playerId();
        if (id != null) {
            byPlayer.computeIfPresent(id, (k, set) -> {
                set.remove(client);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Marks a connection as the given player's. */
    void greet(LobbyClient client, String playerId, String nickname) {
        client.greet(playerId, nickname);
        byPlayer.computeIfAbsent(playerId, k -> ConcurrentHashMap.newKeySet()).add(client);
        greeted.add(client);
    }

    /** The connections that said hello (a live view). */
    Collection<LobbyClient> greeted() {
        return greeted;
    }

    /** Sends a message to every greeted connection. */
    void broadcast(String json) {
        for (LobbyClient c : greeted) {
            c.sink().send(json);
        }
    }

    /** Sends a message to every connection of the given players. */
    void sendToPlayers(Collection<String> playerIds, String json) {
        for (String id : playerIds) {
            for (LobbyClient c : byPlayer.getOrDefault(id, Set.of())) {
                c.sink().send(json);
            }
        }
    }
}
