package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.GameWorld;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is in a room, and the rules of coming and going: the seats whose game stream is connected, the seats held
 * for dropped players; each change of a seat is recorded in the room's seat holders ({@link LocalRoom}), the one
 * record of who holds a seat there that other threads read. A join takes back a held or active seat with
 * its entity and score (a resume) or adds a player to the world; a drop holds the seat for the seat hold; a leave
 * or an expired hold releases it. Tick thread only, except where a method says "any thread".
 *
 * <p>Its {@link #version()} changes whenever the list of players or their scores may have changed: the snapshots
 * send the roster again then.
 */
final class Occupants {
    private final LocalRoom room;
    private final GameWorld<?> world;
    private final RoomConfig config;
    private final Map<String, Seat> seats = new LinkedHashMap<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    /** The members' nicknames (any thread; for the operator's console). */
    private final Map<String, String> memberNames = new ConcurrentHashMap<>();
    private final AtomicLong resumes = new AtomicLong();
    private volatile int playersInWorld;
    private int version;
    /** Someone has been in the room. */
    private boolean occupied;

    /** A dropped player's place: its entity stays in the world until {@code expiresTick}. */
    private record Held(int entityId, long expiresTick) {
    }

    Occupants(LocalRoom room, GameWorld<?> world, RoomConfig config) {
        this.room = room;
        this.world = world;
        this.config = config;
    }

    /** A stream is on its way to a seat (any thread): the player counts as a connected member from now on. */
    void expect(Seat seat) {
        room.seat(seat.playerId(), LocalRoom.SeatState.CONNECTED);
        memberNames.put(seat.playerId(), seat.nickname());
    }

    /**
     * A stream claimed a seat. A player already here (held after a drop, or still connected on an older stream)
     * takes its entity back with its score: that is a resume, and its seat was not reserved again.
     */
    void join(Seat seat) {
        occupied = true;
        String id = seat.playerId();
        Seat previous = seats.remove(id);
        Held hold = held.remove(id);
        int entityId;
        if (previous != null && previous.inWorld) {
            previous.inWorld = false;
            if (previous.silent) {
                world.rejoin(previous.entityId); // its silent stream is replaced: the entity is back
            }
            previous.connection().close(CloseCodes.NORMAL, "replaced by a newer connection");
            entityId = previous.entityId;
        } else if (hold != null && world.has(hold.entityId())) {
            entityId = hold.entityId();
            world.rejoin(entityId);
        } else {
            entityId = -1;
        }
        if (entityId > 0) {
            resumes.incrementAndGet(); // its seat is the one it had: seats are counted by player
        } else {
            entityId = world.join(seat.nickname());
        }
        seat.entityId = entityId;
        seat.inWorld = true;
        seats.put(id, seat);
        room.seat(id, LocalRoom.SeatState.CONNECTED);
        changed();
    }

    /** The seat's stream ended: hold the seat for its player, or release it when holds are off. */
    void drop(Seat seat) {
        String id = seat.playerId();
        if (seats.get(id) != seat) {
            return; // replaced or left already
        }
        seats.remove(id);
        if (config.seatHoldTicks() > 0 && seat.inWorld) {
            held.put(id, new Held(seat.entityId, world.tick() + config.seatHoldTicks()));
            world.hold(seat.entityId);
            seat.inWorld = false;
            room.forgetInputs(seat.entityId);
            room.seat(id, LocalRoom.SeatState.HELD);
            countPlayers();
        } else {
            removeFromWorld(seat);
            release(id);
        }
    }

    /** The player leaves for good: its seat, active or held, is released; its stream closes with this code. */
    void leave(String playerId, CloseCodes code, String reason) {
        Seat seat = seats.remove(playerId);
        Held hold = held.remove(playerId);
        if (seat != null) {
            removeFromWorld(seat);
            seat.connection().close(code, reason);
        } else if (hold != null) {
            world.leave(hold.entityId());
        } else {
            return;
        }
        release(playerId);
    }

    /** Releases the holds that ran out: their players leave the world. */
    void expireHolds() {
        if (held.isEmpty()) {
            return;
        }
        long now = world.tick();
        var it = held.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (now >= e.getValue().expiresTick()) {
                it.remove();
                world.leave(e.getValue().entityId());
                room.forgetInputs(e.getValue().entityId());
                release(e.getKey());
            }
        }
    }

    /**
     * Seats the members of a handed-over room, before it ticks: each holds its seat and entity until
     * {@code expiresTick}, as after a drop, until its game stream arrives here.
     */
    void restore(List<RoomHandover.Member> saved, long expiresTick) {
        for (RoomHandover.Member m : saved) {
            held.put(m.playerId(), new Held(m.entityId(), expiresTick));
            room.seat(m.playerId(), LocalRoom.SeatState.HELD);
            world.hold(m.entityId());
            memberNames.put(m.playerId(), m.nickname());
        }
        changed();
    }

    /** The players to hand over: those in the world and those holding a seat. */
    List<RoomHandover.Member> save() {
        List<RoomHandover.Member> saved = new ArrayList<>();
        for (Seat s : seats.values()) {
            if (s.inWorld) {
                saved.add(new RoomHandover.Member(s.playerId(), s.nickname(), s.entityId));
            }
        }
        for (Map.Entry<String, Held> h : held.entrySet()) {
            if (world.has(h.getValue().entityId())) {
                saved.add(new RoomHandover.Member(h.getKey(), memberNames.getOrDefault(h.getKey(), "player"),
                        h.getValue().entityId()));
            }
        }
        return saved;
    }

    /** Closes every connected stream and forgets everyone (room closing or server stopping). */
    void closeAll(CloseCodes code, String reason) {
        for (Seat seat : seats.values()) {
            seat.connection().close(code, reason);
        }
        seats.clear();
        held.clear();
        room.vacateAll();
        memberNames.clear();
        playersInWorld = 0;
    }

    /**
     * A playing client from which nothing came for this long (no input, no ping: a network lost without a close;
     * only a client that pings counts, see {@link GameConnection#silentFor}) shows as held to the others, until its
     * stream speaks again, is replaced, or closes (the heartbeat closes a silent one later; the seat hold starts
     * then).
     */
    static final long SILENT_NANOS = 1_500_000_000L;

    /** Holds the entities of the seats whose stream went silent, and takes back those that spoke again. */
    void markSilent(long nowNanos) {
        for (Seat seat : seats.values()) {
            if (!seat.inWorld) {
                continue;
            }
            boolean silentNow = seat.connection().silentFor(nowNanos, SILENT_NANOS);
            if (silentNow != seat.silent) {
                seat.silent = silentNow;
                if (silentNow) {
                    world.hold(seat.entityId);
                } else {
                    world.rejoin(seat.entityId);
                }
            }
        }
    }

    /** The seats whose stream is connected. */
    Collection<Seat> connected() {
        return seats.values();
    }

    /** The entities of the players in the world, connected or held, in ascending order (for spectators). */
    int[] entityIds() {
        int[] ids = new int[seats.size() + held.size()];
        int n = 0;
        for (Seat s : seats.values()) {
            if (s.inWorld) {
                ids[n++] = s.entityId;
            }
        }
        for (Held h : held.values()) {
            ids[n++] = h.entityId();
        }
        ids = java.util.Arrays.copyOf(ids, n);
        java.util.Arrays.sort(ids);
        return ids;
    }

    /** Nobody is in the room, connected or held. */
    boolean isEmpty() {
        return seats.isEmpty() && held.isEmpty();
    }

    /** Someone has been in the room since it opened. */
    boolean occupied() {
        return occupied;
    }

    /** Changes whenever the players or their scores may have changed. */
    int version() {
        return version;
    }

    /** The players or their scores changed (a kill, a new match). */
    void changed() {
        version++;
        countPlayers();
    }

    /** Players in the world, connected or held, as of the last tick (any thread). */
    int playersInWorld() {
        return playersInWorld;
    }

    /** Seats taken back by a reconnecting player since the room opened (any thread). */
    long resumes() {
        return resumes.get();
    }

    /** A member's nickname, or null (any thread). */
    String memberName(String playerId) {
        return memberNames.get(playerId);
    }

    private void release(String playerId) {
        memberNames.remove(playerId);
        changed();
        room.vacate(playerId);
    }

    private void removeFromWorld(Seat seat) {
        if (seat.inWorld) {
            world.leave(seat.entityId);
            room.forgetInputs(seat.entityId);
            seat.inWorld = false;
        }
    }

    private void countPlayers() {
        playersInWorld = seats.size() + held.size();
    }
}
