package dev.skirmish.engine.spi.wire;

/** Protocol version, opcodes and size limits of the binary game stream. All multi-byte values are big-endian. */
public final class Protocol {
    /** Sent in the lobby hello and in the welcome frame; a client with another version is refused. */
    public static final int VERSION = 10;
    /**
     * The types of the lobby messages the server pushes on its own (docs/protocol.md, "pushes"): a client waiting
     * for the reply to its request sets these aside.
     */
    public static final java.util.Set<String> LOBBY_PUSHES = java.util.Set.of("roomList", "roomsChanged", "presence",
            "presenceChanged", "chatHistory", "cluster", "chat");

    /** Client to server: one tick of controls. */
    public static final int OP_INPUT = 0x01;
    /** Client to server: latency probe, answered with {@link #OP_PONG}. */
    public static final int OP_PING = 0x02;
    /** Client to server: the client lost its snapshot baseline; the next snapshot is sent in full. */
    public static final int OP_RESYNC = 0x03;
    /** Client to server: several consecutive ticks of controls in one frame (protocol 4). */
    public static final int OP_INPUTS = 0x04;
    /** Client to server, spectators only: watch the next (+1) or the previous (-1) player (protocol 6). */
    public static final int OP_FOLLOW = 0x05;
    /** Client to server: runs of ticks, each an input that stands for one or more consecutive ticks (protocol 9). */
    public static final int OP_RUNS = 0x06;
    /** Client to server, replay streams only: pause or play, the speed, and where to go (docs/replays.md). */
    public static final int OP_REPLAY_CONTROL = 0x07;
    /** Client to server: the shape of the client's window (landscape or portrait), for its area of interest. */
    public static final int OP_VIEW = 0x08;

    /** Server to client: first frame on a game connection (player id, rates, rules, map). */
    public static final int OP_WELCOME = 0x80;
    /** Server to client: world state at one tick. */
    public static final int OP_SNAPSHOT = 0x81;
    /** Server to client: answer to {@link #OP_PING}. */
    public static final int OP_PONG = 0x82;
    /**
     * Server to client: the room moved to another node (its node is stopping); open the game path it carries
     * (a ticket back to the same seat) instead of this stream.
     */
    public static final int OP_MOVED = 0x83;
    /** Server to client, spectators only: the player the snapshots now follow (0: nobody to watch yet). */
    public static final int OP_FOLLOWING = 0x84;
    /** Server to client, replay streams only: where the replay is, its length, speed and whether it is paused. */
    public static final int OP_REPLAY = 0x85;

    /** Size of an input frame in bytes. */
    public static final int INPUT_FRAME_BYTES = 13;
    /** Most inputs one {@link #OP_INPUTS} frame may carry. */
    public static final int MAX_INPUTS_PER_FRAME = 4;
    /** Size of an {@link #OP_INPUTS} frame: this header plus {@link #INPUTS_ENTRY_BYTES} per input. */
    public static final int INPUTS_HEADER_BYTES = 6;
    /** Bytes of one input in an {@link #OP_INPUTS} frame (buttons, aim, view tick and fraction). */
    public static final int INPUTS_ENTRY_BYTES = 8;
    /** Most runs one {@link #OP_RUNS} frame may carry. */
    public static final int MAX_RUNS_PER_FRAME = 16;
    /** Most ticks one {@link #OP_RUNS} frame may cover (the sum of its runs' ticks). */
    public static final int MAX_TICKS_PER_FRAME = 64;
    /** Bytes of an {@link #OP_RUNS} frame before its runs: opcode, first sequence number, run count. */
    public static final int RUNS_HEADER_BYTES = 6;
    /** Size of a ping frame in bytes. */
    public static final int PING_FRAME_BYTES = 5;
    /** Size of a resync frame in bytes. */
    public static final int RESYNC_FRAME_BYTES = 1;
    /** Size of a follow frame in bytes. */
    public static final int FOLLOW_FRAME_BYTES = 2;
    /** Size of a replay control frame in bytes. */
    public static final int REPLAY_CONTROL_FRAME_BYTES = 7;
    /** Size of a VIEW frame in bytes. */
    public static final int VIEW_FRAME_BYTES = 2;
    /** Size of a REPLAY frame in bytes. */
    public static final int REPLAY_FRAME_BYTES = 13;
    /** A replay's slowest and fastest speeds, in quarters (0.5x and 4x). */
    public static final int REPLAY_MIN_SPEED_QUARTERS = 2;
    public static final int REPLAY_MAX_SPEED_QUARTERS = 16;
    /** The seek position of a replay control that goes nowhere. */
    public static final long REPLAY_NO_SEEK = 0xFFFF_FFFFL;
    /** Largest binary frame a client may send (checked by the endpoint's maxMessageSize). */
    public static final int MAX_CLIENT_BINARY_BYTES = 256;
    /** Largest JSON text frame a client may send to the lobby. */
    public static final int MAX_CLIENT_TEXT_BYTES = 4096;

    private Protocol() {
    }
}
