package dev.skirmish.engine.spi.wire;

/** WebSocket close codes the server uses, with the reason text it sends. */
public enum CloseCodes {
    /** The player left the room (lobby "leave") or the client closed normally. */
    NORMAL(1000, "bye"),
    /**
     * The server is shutting down (the reason then reads "server shutting down; reconnect in N ms") or the
     * room was closed.
     */
    GOING_AWAY(1001, "server going away"),
    /** A text frame on the binary game stream, or an unknown opcode. */
    UNSUPPORTED_DATA(1003, "unsupported data"),
    /** A truncated or malformed frame, or a field out of range. */
    INVALID_PAYLOAD(1007, "invalid payload"),
    /**
     * Sustained abuse of a rate limit (inputs, lobby messages, pings), or a refused option such as netsim; the
     * reason names which.
     */
    POLICY_VIOLATION(1008, "policy violation"),
    /** A frame larger than the endpoint's maximum message size. */
    TOO_BIG(1009, "message too big"),
    /** The server failed; the client may reconnect through the lobby. */
    INTERNAL_ERROR(1011, "internal error"),
    /** The server is at its connection limit; try again later. */
    TRY_AGAIN_LATER(1013, "server busy"),
    /** The join ticket is missing, unknown, used or expired. */
    BAD_TICKET(4000, "bad join ticket"),
    /** The room in the URL does not exist. */
    ROOM_NOT_FOUND(4001, "room not found"),
    /**
     * The client cannot keep up: too many control messages (or bytes of them) waiting to be sent, or a frame
     * not taken for {@code send.stallTimeoutSeconds}.
     */
    SLOW_CLIENT(4002, "client too slow"),
    /** No answer to pings for two heartbeat intervals. */
    HEARTBEAT_TIMEOUT(4003, "no heartbeat"),
    /** A lobby connection outside any room stayed silent too long. */
    IDLE(4004, "idle"),
    /** The remote address already holds {@code limits.connectionsPerAddress} open connections. */
    TOO_MANY_CONNECTIONS(4005, "too many connections from this address"),
    /**
     * In a cluster, a join ticket issued by another node found the room full when the game stream opened (the
     * issuing node saw a free seat a moment before).
     */
    ROOM_FULL(4006, "room full"),
    /**
     * The room moved to another node (this one is stopping); the MOVED frame sent before says where. A client
     * that missed it gets back in through the lobby, whose welcome carries the seat's new game path.
     */
    ROOM_MOVED(4007, "room moved to another server"),
    /** A replay stream asked for a replay this node does not keep (or a room that does not run here). */
    REPLAY_NOT_FOUND(4008, "replay not found");

    private final int code;
    private final String reason;

    CloseCodes(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** Default reason text (at most 123 bytes, as RFC 6455 allows). */
    public String reason() {
        return reason;
    }

    public static CloseCodes ofCode(int code) {
        for (CloseCodes c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
