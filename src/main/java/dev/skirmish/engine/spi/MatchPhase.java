package dev.skirmish.engine.spi;

/**
 * Where a room's match is, in every game: the lobby lists it, the snapshots carry its code. A game decides when it
 * changes; the engine only reports it.
 */
public enum MatchPhase {
    /** Fewer than two players: free play, nothing counts. */
    WAITING(0),
    /** The match is on; kills count. */
    PLAYING(1),
    /** The match has ended; the scoreboard is shown and nobody moves. */
    RESULTS(2),
    /** Two or more players: the match starts when the countdown ends; no firing meanwhile. */
    COUNTDOWN(3);

    private final int code;

    MatchPhase(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MatchPhase ofCode(int code) {
        for (MatchPhase p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown match phase " + code);
    }
}
