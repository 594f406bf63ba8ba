package dev.skirmish.engine.protocol;

/** The {@code code} of a lobby {@code error} message. The connection stays open after every one of them. */
public enum ErrorCode {
    /** The text frame is not a JSON object. */
    BAD_JSON,
    /** The {@code type} field is missing or names no message. */
    UNKNOWN_TYPE,
    /** A field is missing or has the wrong JSON type. */
    BAD_MESSAGE,
    /** The message needs a hello first. */
    HELLO_REQUIRED,
    /** A second hello on the same connection. */
    ALREADY_GREETED,
    /** The client speaks another protocol version. */
    PROTOCOL_MISMATCH,
    /** Nickname empty, longer than 16 characters, or with control characters. */
    INVALID_NICKNAME,
    /** Room name empty, longer than 32 characters, or with control characters. */
    INVALID_ROOM_NAME,
    /** Capacity outside 2 and the server maximum. */
    INVALID_CAPACITY,
    /** No room with that id. */
    ROOM_NOT_FOUND,
    /** The room has no free seat. */
    ROOM_FULL,
    /** The server already runs its maximum number of rooms. */
    TOO_MANY_ROOMS,
    /** "leave", or chat on the room channel, while not in a room. */
    NOT_IN_ROOM,
    /** The session token is malformed or its signature does not match. */
    INVALID_TOKEN,
    /** The session token is past its expiry. */
    TOKEN_EXPIRED,
    /** Chat text empty, too long or with control characters, or an unknown channel. */
    INVALID_CHAT,
    /** More chat than the rate limit allows. */
    CHAT_RATE_LIMITED,
    /** More lobby messages than the connection's rate limit allows; the message was not handled. */
    RATE_LIMITED,
    /** The server is shutting down and takes no new players; reconnect later (to another node). */
    SHUTTING_DOWN,
    /** In a cluster: the room's server went down (its registration expired), so its match was lost. */
    ROOM_LOST,
    /** createRoom or quickPlay named a game this server does not offer (protocol 8). */
    UNKNOWN_GAME
}
