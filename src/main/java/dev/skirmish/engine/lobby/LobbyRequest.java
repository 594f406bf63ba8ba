package dev.skirmish.engine.lobby;

/**
 * A lobby message from a client, decoded and validated by {@link LobbyRequests}: every field has its type,
 * every string its length and character checks, every number its range. See docs/protocol.md for each.
 */
public sealed interface LobbyRequest {

    /** The message's {@code type}. */
    String type();

    /** First message of a connection; {@code token} is null for a new player. */
    record Hello(String nickname, String token) implements LobbyRequest {
        public String type() {
            return "hello";
        }
    }

    record ListRooms() implements LobbyRequest {
        public String type() {
            return "listRooms";
        }

    }

    /** The replays this node keeps (docs/replays.md). */
    record ListReplays() implements LobbyRequest {
        public String type() {
            return "listReplays";
        }
    }

    /** {@code capacity} is null for the server's default. */
    record CreateRoom(String name, Integer capacity, boolean isPrivate, String game) implements LobbyRequest {
        public String type() {
            return "createRoom";
        }
    }

    record JoinRoom(String roomId) implements LobbyRequest {
        public String type() {
            return "joinRoom";
        }
    }

    record JoinByCode(String code) implements LobbyRequest {
        public String type() {
            return "joinByCode";
        }
    }

    record QuickPlay(String game) implements LobbyRequest {
        public String type() {
            return "quickPlay";
        }
    }

    record Leave() implements LobbyRequest {
        public String type() {
            return "leave";
        }
    }

    /** {@code room} is true for the room channel, false for the lobby's; the text is trimmed and valid. */
    record Chat(boolean room, String text) implements LobbyRequest {
        public String type() {
            return "chat";
        }
    }
}
