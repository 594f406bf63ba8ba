package dev.skirmish.lobby;

import java.util.function.LongSupplier;

/**
 * The lobby's view of one connection: where to send, who it is once it said hello, when it last spoke, and its
 * chat allowance. Greeting happens on the connection's WebSocket thread; the other fields are read by the
 * lobby's push and heartbeat tasks too.
 */
public final class LobbyClient {
    private final LobbySink sink;
    private final LongSupplier nanoClock;
    private volatile String playerId;
    private volatile String nickname;
    private volatile long lastMessageNanos;
    private double chatTokens;
    private long chatRefillNanos;

    public LobbyClient(LobbySink sink, LongSupplier nanoClock) {
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.lastMessageNanos = nanoClock.getAsLong();
        this.chatRefillNanos = lastMessageNanos;
        this.chatTokens = -1;
    }

    public LobbySink sink() {
        return sink;
    }

    public String playerId() {
        return playerId;
    }

    public String nickname() {
        return nickname;
    }

    public boolean greeted() {
        return playerId != null;
    }

    void greet(String playerId, String nickname) {
        this.nickname = nickname;
        this.playerId = playerId;
    }

    /** Records that the client sent something. */
    public void touched() {
        lastMessageNanos = nanoClock.getAsLong();
    }

    public long lastMessageNanos() {
        return lastMessageNanos;
    }

    /** Takes one chat token from a bucket of {@code burst} refilled at {@code ratePerSecond}; false if empty. */
    synchronized boolean tryChat(int ratePerSecond, int burst) {
        long now = nanoClock.getAsLong();
        if (chatTokens < 0) {
            chatTokens = burst;
        }
        chatTokens = Math.min(burst, chatTokens + (now - chatRefillNanos) * ratePerSecond / 1e9);
        chatRefillNanos = now;
        if (chatTokens < 1) {
            return false;
        }
        chatTokens -= 1;
        return true;
    }
}
