package dev.skirmish.lobby;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static dev.skirmish.lobby.Jsonp.JSON;

/**
 * Chat: the lobby channel and one channel per room, each keeping its last {@link #HISTORY} messages. Posting
 * delivers to the channel's listeners (every greeted connection for the lobby, the room's players for a room).
 * Validation and rate limits happen before, in {@link LobbyService}. Thread-safe.
 */
final class ChatChannels {
    /** Messages kept per channel and sent on join. */
    static final int HISTORY = 50;

    private final LobbyClients clients;
    private final ChatLog<JsonObject> lobby = new ChatLog<>(HISTORY);
    private final Map<String, ChatLog<JsonObject>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    ChatChannels(LobbyClients clients) {
        this.clients = clients;
    }

    /**
     * Posts a message and delivers it.
     *
     * @param roomId  null for the lobby channel
     * @param members the room's players (ignored for the lobby channel)
     * @return the message id
     */
    long post(LobbyClient from, String roomId, Collection<String> members, String text) {
        long id = ids.incrementAndGet();
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "chat").add("id", id)
                .add("channel", roomId == null ? "lobby" : "room");
        if (roomId != null) {
            b.add("roomId", roomId);
        }
        JsonObject message = b.add("from", JSON.createObjectBuilder().add("playerId", from.playerId())
                        .add("nickname", from.nickname()))
                .add("text", text).add("at", System.currentTimeMillis()).build();
        String wire = message.toString();
        if (roomId == null) {
            lobby.add(message);
            clients.broadcast(wire);
        } else {
            room(roomId).add(message);
            clients.sendToPlayers(members, wire);
        }
        return id;
    }

    /** The {@code chatHistory} message of a channel (roomId null: the lobby). */
    JsonObject history(String roomId) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        (roomId == null ? lobby : room(roomId)).snapshot().forEach(list::add);
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "chatHistory")
                .add("channel", roomId == null ? "lobby" : "room");
        if (roomId != null) {
            b.add("roomId", roomId);
        }
        return b.add("messages", list).build();
    }

    /** Drops the history of rooms that no longer exist. */
    void forgetRooms(Predicate<String> gone) {
        rooms.keySet().removeIf(gone);
    }

    private ChatLog<JsonObject> room(String roomId) {
        return rooms.computeIfAbsent(roomId, k -> new ChatLog<>(HISTORY));
    }
}
