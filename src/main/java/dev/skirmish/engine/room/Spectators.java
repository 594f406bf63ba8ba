package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.protocol.ServerFrames;
import dev.skirmish.games.arena.sim.Player;
import dev.skirmish.games.arena.sim.World;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A room's spectators: their places (at most {@code room.maxSpectators}, counted on any thread; they hold no
 * seat) and, on the tick thread, whom each one watches. A spectator's {@link Seat} has no entity: its
 * {@code entityId} is the watched player, the leader at first, and FOLLOW moves it to the next or previous
 * player in id order.
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
     * A spectator arrives (tick thread): it gets {@code welcome} (self id 0), then FOLLOWING with the leader, and a
     * full snapshot at the next snapshot interval {@code after} {@code snapshotSequence}.
     */
    void add(Seat spectator, World world, byte[] welcome, long snapshotSequence) {
        watching.add(spectator);
        spectator.entityId = leader(world);
        spectator.inWorld = true;
        spectator.lastSnapshotSent = snapshotSequence;
        spectator.rosterVersionSent = -1;
        spectator.connection().sendControl(welcome);
        spectator.connection().sendControl(following(spectator.entityId));
    }

    /** A spectator's stream ended (tick thread); its place was freed already. */
    void remove(Seat spectator) {
        watching.remove(spectator);
    }

    /**
     * Each spectator's switch (the next or previous player in id order, wrapping round), and a new player to watch
     * for a spectator whose player left the world (the leader, or nobody). Tick thread, after the world's step.
     */
    void follow(World world) {
        if (watching.isEmpty()) {
            return; // the common case: nothing to do on the tick
        }
        for (Seat w : watching) {
            int step = w.takeFollowStep();
            int target = w.entityId;
            if (step != 0) {
                target = neighbour(world, w.entityId, step);
            } else if (w.entityId == 0 || world.player(w.entityId) == null) {
                target = leader(world);
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
        return ServerFrames.encodeFollowing(new ServerFrame.Following(entityId));
    }

    /** The player with the most kills (the lowest id among equals), 0 if the world has none. */
    static int leader(World world) {
        int best = 0;
        int bestKills = -1;
        for (Player p : world.players()) {
            if (p.kills() > bestKills) {
                best = p.id();
                bestKills = p.kills();
            }
        }
        return best;
    }

    /** The player after (step +1) or before (-1) {@code id} in id order, wrapping round; 0 if there is none. */
    static int neighbour(World world, int id, int step) {
        int first = 0;
        int last = 0;
        int after = 0;
        int before = 0;
        for (Player p : world.players()) { // in id order
            int pid = p.id();
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
