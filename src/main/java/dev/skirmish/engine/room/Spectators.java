package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.engine.spi.GameWorld;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A room's spectators: their places (at most {@code room.maxSpectators}, counted on any thread; they hold no
 * seat) and, on the tick thread, whom each one watches. A spectator's {@link Seat} has no entity: its
 * {@code entityId} is the watched player, the game's featured player at first (the arena's leader), and FOLLOW
 * moves it to the next or previous player (connected or held) in entity id order.
 */
final class Spectators {
    private final int max;
    private int places; // guarded by this
    private final List<Seat> watching = new ArrayList<>(); // tick thread
    private final Collection<Seat> watchingView = Collections.unmodifiableList(watching);

    Spectators(int max) {
        this.max = max;
    }

    /** The most spectators at once. */
    int max() {
        return max;
    }

    /** Takes a place if one is free (any thread). */
    synchronized boolean tryTake() {
        if (places >= max) {
            return false;
        }
        places++;
        return true;
    }

    /** Frees a place (any thread): a spectator's stream ended, or never got in. */
    synchronized void release() {
        if (places > 0) {
            places--;
        }
    }

    /** Places taken (any thread). */
    synchronized int count() {
        return places;
    }

    /** The spectators being sent snapshots (tick thread). */
    Collection<Seat> watching() {
        return watchingView;
    }

    /**
     * A spectator arrives (tick thread): it gets {@code welcome} (self id 0), then FOLLOWING with the game's
     * featured player, and a
     * full snapshot at the next snapshot interval {@code after} {@code snapshotSequence}.
     */
    void add(Seat spectator, GameWorld<?> world, byte[] welcome, long snapshotSequence) {
        watching.add(spectator);
        spectator.entityId = world.featured();
        spectator.inWorld = true;
        spectator.lastSnapshotSent = snapshotSequence;
        spectator.rosterVersionSent = -1;
        spectator.connection().sendControl(welcome);
        spectator.connection().sendControl(following(spectator.entityId));
        spectator.markWelcomed();
    }

    /** A spectator's stream ended (tick thread); its place was freed already. */
    void remove(Seat spectator) {
        watching.remove(spectator);
    }

    /**
     * Each spectator's switch (the next or previous of {@code playerIds} (ascending), wrapping round), and a new
     * player to watch for a spectator whose player left the world (the featured one, or nobody). Tick thread, after
     * the world's step.
     */
    void follow(GameWorld<?> world, java.util.function.Supplier<int[]> playerIds) {
        if (watching.isEmpty()) {
            return; // the common case: nothing to do on the tick
        }
        for (Seat w : watching) {
            int step = w.takeFollowStep();
            int target = w.entityId;
            if (step != 0) {
                target = neighbour(playerIds.get(), w.entityId, step);
            } else if (w.entityId == 0 || !world.has(w.entityId)) {
                target = world.featured();
            }
            if (target != w.entityId) {
                w.entityId = target;
                w.connection().sendControl(following(target));
            }
        }
    }

    /** Closes every spectator's stream (the room closes or moves). */
    void closeAll(CloseCodes code, String reason) {
        for (Seat w : watching) {
            w.connection().close(code, reason);
        }
        watching.clear();
    }

    private static byte[] following(int entityId) {
        return StreamFrames.following(entityId);
    }

    /** The player after (step +1) or before (-1) {@code id} in id order, wrapping round; 0 if there is none. */
    static int neighbour(int[] ids, int id, int step) {
        int first = 0;
        int last = 0;
        int after = 0;
        int before = 0;
        for (int pid : ids) { // ascending
            if (first == 0) {
                first = pid;
            }
            last = pid;
            if (pid > id && after == 0) {
                after = pid;
            }
            if (pid < id) {
                before = pid;
            }
        }
        if (first == 0) {
            return 0;
        }
        return step > 0 ? (after != 0 ? after : first) : (before != 0 ? before : last);
    }
}
