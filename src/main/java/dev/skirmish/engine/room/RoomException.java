package dev.skirmish.engine.room;

import dev.skirmish.engine.protocol.ErrorCode;

/** A room request that cannot be met; the lobby turns it into a typed error message. */
public final class RoomException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RoomException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
