package dev.skirmish.engine.room;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Single-use join tickets: each holds a reserved seat in a room until the game stream claims it or it
 * expires. Bounded by the seats that exist; expired tickets release their seat when swept.
 */
public final class SeatTickets {
    /**
     * A ticket. {@code reserved} tickets hold a seat they took; the others lead back to a seat the player
     * already has (a resume) and release nothing when they lapse.
     */
    public record Ticket(String token, Room room, String playerId, String nickname, long expiresAtNanos,
                         boolean reserved) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> tickets = new LinkedHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final int maxTickets;

    public SeatTickets(long ttlMillis, int maxTickets, LongSupplier nanoClock) {
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.maxTickets = maxTickets;
        this.nanoClock = nanoClock;
    }

    /** Issues a ticket into {@code room}; null when too many tickets are open. */
    public synchronized Ticket issue(Room room, String playerId, String nickname, boolean reserved) {
        sweep();
        if (tickets.size() >= maxTickets) {
            return null;
        }
        byte[] b = new byte[18];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Ticket t = new Ticket(token, room, playerId, nickname, nanoClock.getAsLong() + ttlNanos, reserved);
        tickets.put(token, t);
        return t;
    }

    /** Takes a valid ticket for {@code roomId}; null if unknown, used, expired or for another room. */
    public synchronized Ticket claim(String roomId, String token) {
        sweep();
        if (token == null) {
            return null;
        }
        Ticket t = tickets.get(token);
        if (t == null || !t.room().id().equals(roomId)) {
            return null;
        }
        tickets.remove(token);
        return t;
    }

    /**
     * Cancels the open tickets of a player (it left or joined elsewhere) and releases their seats.
     *
     * @return the room id of the last cancelled ticket, or null if the player held none
     */
    public synchronized String cancelFor(String playerId) {
        String roomId = null;
        Iterator<Ticket> it = tickets.values().iterator();
        while (it.hasNext()) {
            Ticket t = it.next();
            if (t.playerId().equals(playerId)) {
                it.remove();
                release(t);
                roomId = t.room().id();
            }
        }
        return roomId;
    }

    /** Releases the seats of expired tickets. */
    public synchronized void sweep() {
        long now = nanoClock.getAsLong();
        Iterator<Ticket> it = tickets.values().iterator();
        while (it.hasNext()) {
            Ticket t = it.next();
            if (now - t.expiresAtNanos() >= 0) {
                it.remove();
                release(t);
            }
        }
    }

    private static void release(Ticket t) {
        if (t.reserved()) {
            t.room().releaseTicket(t.playerId());
        }
    }

    public synchronized int open() {
        return tickets.size();
    }
}
