package dev.skirmish.engine.room;

/**
 * A player's place in a room: identity, game connection and input queue. Created when a game stream claims
 * its ticket; the tick thread puts it into the world and owns the fields below the line. A spectator's place
 * ({@link #spectator}) has no entity and no inputs: its {@code entityId} is the player it watches.
 */
public final class Seat {
    private final String playerId;
    private final String nickname;
    private final GameConnection connection;
    private final InputQueue<?> inputs;
    private final boolean spectator;

    // tick thread only
    /** The seat's own entity; for a spectator, the player it watches (0: nobody). */
    int entityId;
    boolean inWorld;
    /** Nothing came on the stream for {@link Occupants#SILENT_NANOS}: the world holds the entity meanwhile. */
    boolean silent;
    long lastSnapshotSent;
    int rosterVersionSent = -1;
    /** The last input sequence number handed to the world for this seat (the snapshots acknowledge it). */
    long ackSeq;
    /** The game's view state of the last snapshot handed to the socket: the baseline of the next delta. */
    Object baseline;
    /** The view state being written (becomes the baseline once handed over). */
    Object next;
    /** Whether {@link #baseline} holds what the client has, and the tick it was taken at. */
    boolean baselineValid;
    long baselineTick;
    /** The ack and match phase of that snapshot (the header's delta is against them). */
    long sentAck;
    int sentPhase;
    long sentPhaseEnd;
    /** Arrival times of inputs applied since the last snapshot sent (for the input latency histogram). */
    final long[] unacknowledged = new long[64];
    int unacknowledgedCount;

    /** Set by the tick thread once the WELCOME (and a spectator's first FOLLOWING) is queued for the client. */
    private volatile boolean welcomed;

    /** Set by the stream's thread when the client asks for a full snapshot. */
    private volatile boolean resyncRequested;
    /** The client's window is taller than wide (VIEW; any thread): its area of interest stands upright. */
    private volatile boolean portrait;
    /** Set by a spectator's stream thread: +1 or -1 to watch the next or previous player, 0 for none. */
    private final java.util.concurrent.atomic.AtomicInteger followStep = new java.util.concurrent.atomic.AtomicInteger();

    /** A player's seat (the room counts seats by player id: a resume takes back the same one). */
    public Seat(String playerId, String nickname, GameConnection connection, InputQueue<?> inputs) {
        this(playerId, nickname, connection, inputs, false);
    }

    private Seat(String playerId, String nickname, GameConnection connection, InputQueue<?> inputs, boolean spectator) {
        this.playerId = playerId;
        this.nickname = nickname;
        this.connection = connection;
        this.inputs = inputs;
        this.spectator = spectator;
    }

    /** A spectator's place: no seat, no entity, no inputs ({@link #inputs()} is null). */
    public static Seat spectator(String id, GameConnection connection) {
        return new Seat(id, "spectator", connection, null, true);
    }

    /** Whether this is a spectator's place rather than a player's seat. */
    public boolean spectator() {
        return spectator;
    }

    /** A spectator asks to watch the next (+1) or previous (-1) player (any thread; the last asked wins). */
    public void requestFollow(int step) {
        followStep.set(step);
    }

    /** The follow step asked for since the last call, or 0 (tick thread). */
    int takeFollowStep() {
        return followStep.getAndSet(0);
    }

    public String playerId() {
        return playerId;
    }

    public String nickname() {
        return nickname;
    }

    public GameConnection connection() {
        return connection;
    }

    /** The player's input queue (of the room's game's input type); null for a spectator. */
    public InputQueue<?> inputs() {
        return inputs;
    }

    /**
     * Whether the stream's WELCOME has been queued (any thread): the endpoint answers pings only from then on, so
     * that WELCOME is always the stream's first frame.
     */
    public boolean welcomed() {
        return welcomed;
    }

    void markWelcomed() {
        welcomed = true;
    }

    /** The client's window shape (VIEW; any thread). */
    public void setPortrait(boolean portrait) {
        this.portrait = portrait;
    }

    /** Whether the client's window is taller than wide. */
    public boolean portrait() {
        return portrait;
    }

    /** The client lost its baseline (any thread): its next snapshot is sent in full. */
    public void requestResync() {
        resyncRequested = true;
    }

    /** Whether a resync was asked for since the last call (tick thread). */
    boolean takeResyncRequest() {
        if (!resyncRequested) {
            return false;
        }
        resyncRequested = false;
        return true;
    }
}
