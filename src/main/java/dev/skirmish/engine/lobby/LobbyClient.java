package dev.skirmish.engine.lobby;

import dev.skirmish.engine.limits.RateLimit;
import java.util.function.LongSupplier;

/**
 * The lobby's view of one connection: where to send, who it is once it said hello, when it last spoke, and its
 * message and chat allowances. Greeting happens on the connection's WebSocket thread; the other fields are read by the
 * lobby's push and heartbeat tasks too.
 */
public final class LobbyClient {
    private final LobbySink sink;
    private final LongSupplier nanoClock;
    private volatile String playerId;
    private volatile String nickname;
    private volatile long lastMessageNanos;
    private final RateLimit messages;
    private final RateLimit chat;

    /**
     * @param messages the allowance for lobby messages of any type
     * @param chat the allowance for chat messages (rejections never close the connection)
     */
    public LobbyClient(LobbySink sink, LongSupplier nanoClock, RateLimit messages, RateLimit chat) {
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.lastMessageNanos = nanoClock.getAsLong();
        this.messages = messages;
        this.chat = chat;
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

    /** Takes one message token: whether this message may be handled, or the connection is flooding. */
    RateLimit.Verdict tryMessage() {
        return messages.tryAcquire();
    }

    /** Takes one chat token; false if the chat allowance is spent. */
    boolean tryChat() {
        return chat.tryAcquire() == RateLimit.Verdict.ALLOWED;
    }
}
