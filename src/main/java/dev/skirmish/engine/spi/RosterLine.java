package dev.skirmish.engine.spi;

import java.util.Arrays;

/**
 * One line of a room's scoreboard: the player's entity, its name and the game's scores (each 0 to 65535; the
 * arena's are kills and deaths). The engine sends a client only the lines that changed since the roster it has.
 */
public record RosterLine(int entityId, String name, int[] scores) {
    public RosterLine {
        scores = scores.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RosterLine r && r.entityId == entityId && r.name.equals(name) && Arrays.equals(r.scores, scores);
    }

    @Override
    public int hashCode() {
        return entityId * 31 + Arrays.hashCode(scores);
    }

    @Override
    public int[] scores() {
        return scores.clone();
    }

    /** Score {@code i} without a copy. */
    public int score(int i) {
        return scores[i];
    }

    /** How many scores each line has. */
    public int scoreCount() {
        return scores.length;
    }
}
