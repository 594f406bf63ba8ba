package dev.skirmish.engine.replay;

/** A replay that cannot be read (not a replay, another format, damaged) or that does not play as recorded. */
public final class ReplayException extends Exception {
    public ReplayException(String message) {
        super(message);
    }
}
