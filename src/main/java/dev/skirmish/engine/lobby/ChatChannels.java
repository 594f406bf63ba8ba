package dev.skirmish.engine.lobby;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

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
    private final LongSupplier ids;

    /** @param ids the message ids (unique in the cluster, in cluster mode) */
    ChatChannels(LobbyClients clients, LongSupplier ids) {
        this.clients = clients;
        this.ids = ids;
    }

    /** A message as posted: what other nodes are sent (cluster mode). */
    record Posted(long id, String roomId, String fromId, String fromNickname, String text, long atMillis) {
    }

    /**
     * Posts a message and delivers it to this node's connections.
     *
     * @param roomId  null for the lobby channel
     * @param members the room's players (ignored for the lobby channel)
     */
    Posted post(LobbyClient from, String roomId, Collection<String> members, String text) {
        Posted p = new Posted(ids.getAsLong(), roomId, from.playerId(), from.nickname(), text, System.currentTimeMillis());
        deliver(p, members);
        return p;
    }

    /** Delivers a message posted here or on another node to this node's connections, and keeps it. */
    void deliver(Posted p, Collection<String> members) {
        JsonObject message = wire(p);
        String text = message.toString();
        if (p.roomId() == null) {
            lobby.add(message);
            clients.broadcast(text);
        } else {
            room(p.roomId()).add(message);
            clients.sendToPlayers(members, text);
        }
    }

    /** Replaces a channel's history (read from the cluster after this node connected); roomId null: the lobby. */
    void replaceHistory(String roomId, java.util.List<Posted> oldestFirst) {
        ChatLog<JsonObject> log = new ChatLog<>(HISTORY);
        for (Posted p : oldestFirst) {
            log.add(wire(p));
        }
        if (roomId == null) {
            lobby.replaceWith(log);
        } else {
            room(roomId).replaceWith(log);
        }
    }

    private static JsonObject wire(Posted p) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "chat").add("id", p.id())
                .add("channel", p.roomId() == null ? "lobby" : "room");
        if (p.roomId() != null) {
            b.add("roomId", p.roomId());
        }
        return b.add("from", JSON.createObjectBuilder().add("playerId", p.fromId()).add("nickname", p.fromNickname()))
                .add("text", p.text()).add("at", p.atMillis()).build();
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

    /** Whether this node keeps a history of the room (it heard its chat or read it). */
    boolean knows(String roomId) {
        return rooms.containsKey(roomId);
    }

    /** Drops the history of rooms that no longer exist. */
    void forgetRooms(Predicate<String> gone) {
        rooms.keySet().removeIf(gone);
    }

    private ChatLog<JsonObject> room(String roomId) {
        return rooms.computeIfAbsent(roomId, k -> new ChatLog<>(HISTORY));
    }
}
