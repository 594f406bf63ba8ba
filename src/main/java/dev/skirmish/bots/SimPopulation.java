package dev.skirmish.bots;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The synthetic players and rooms of the scale simulator ({@link ScaleSim}): a fixed number of players online, each
 * greeted in the lobby of one node, most of them seated in rooms of 16 spread over the nodes, and the churn of a
 * live cluster driven one step at a time with a seeded random generator: sessions that end (the player is
 * replaced by a new one, greeted on a random node), players who move to another room (on any node), game streams
 * that drop and come back, match phases that advance, and chat. Plain Java, one thread.
 */
final class SimPopulation {
    /** Seats in a simulated room (the default {@code room.capacity}). */
    static final int CAPACITY = 16;
    /** Players seated per room at the start (rooms three quarters full). */
    static final int START_FILL = 12;
    static final String[] PHASES = {"waiting", "countdown", "playing", "results"};

    /** The rates of the churn, per player and second. */
    record Churn(double sessionsEnding, double roomMoves, double streamFlips, double chat, double phasePerRoom) {
        /** A 10-minute session, a room change every 5 minutes, a drop every 10, a chat line every 5 minutes, a phase every 75 s. */
        static Churn typical() {
            return new Churn(1 / 600.0, 1 / 300.0, 1 / 600.0, 1 / 300.0, 1 / 75.0);
        }
    }

    /** Something a node must tell the cluster besides its state: a chat line or a leave for another node. */
    sealed interface Event permits ChatLine, Leave, Moved, Arrived {
    }

    /** A player greeted in the lobby of its node (a new session). */
    record Arrived(int player) implements Event {
    }

    /** A player sat down in room {@code to} through the lobby of its node (from room {@code from}, or -1). */
    record Moved(int player, int from, int to) implements Event {
    }

    /** A chat line posted in the lobby of {@code node}, to the lobby ({@code room} < 0) or to a room. */
    record ChatLine(int node, int player, int room) implements Event {
    }

    /** The lobby of {@code fromNode} tells {@code toNode} that a player left its room there (it sat down elsewhere). */
    record Leave(int fromNode, int toNode, int player) implements Event {
    }

    final int nodes;
    final String tag;
    private final Random random;
    private final Churn churn;
    // players
    final String[] playerId;
    final String[] nickname;
    final int[] lobbyNode;
    final int[] roomOf;
    final boolean[] connected;
    // rooms
    final String[] roomId;
    final int[] roomNode;
    final int[] phase;
    final String[] code;
    final List<Set<Integer>> members;
    // nodes
    final List<List<Integer>> nodeRooms;
    final List<Set<Integer>> nodeLobby;
    final boolean[] dirty;
    /** Rooms whose members, their streams or phase changed since the simulator last looked. */
    final boolean[] roomDirty;
    private final List<Event> events = new ArrayList<>();
    private double sessionDebt;
    private double moveDebt;
    private double flipDebt;
    private double chatDebt;
    private double phaseDebt;
    private long serial;

    /**
     * @param tag a short prefix for ids, different for every population run against the same Redis
     * @param privateShare the share of rooms that are private (they have a join code)
     */
    SimPopulation(int nodes, int players, String tag, long seed, Churn churn, double privateShare) {
        this.nodes = nodes;
        this.tag = tag;
        this.random = new Random(seed);
        this.churn = churn;
        int rooms = Math.max(nodes, (int) Math.ceil(players * 0.75 / START_FILL));
        playerId = new String[players];
        nickname = new String[players];
        lobbyNode = new int[players];
        roomOf = new int[players];
        connected = new boolean[players];
        roomId = new String[rooms];
        roomNode = new int[rooms];
        phase = new int[rooms];
        code = new String[rooms];
        members = new ArrayList<>(rooms);
        nodeRooms = new ArrayList<>(nodes);
        nodeLobby = new ArrayList<>(nodes);
        dirty = new boolean[nodes];
        roomDirty = new boolean[rooms];
        java.util.Arrays.fill(roomDirty, true);
        for (int n = 0; n < nodes; n++) {
            nodeRooms.add(new ArrayList<>());
            nodeLobby.add(new LinkedHashSet<>());
        }
        for (int r = 0; r < rooms; r++) {
            roomId[r] = tag + "r" + Integer.toString(r, 36);
            roomNode[r] = r % nodes;
            phase[r] = random.nextInt(PHASES.length);
            code[r] = random.nextDouble() < privateShare ? String.format("%6s", Integer.toString(r, 36)).replace(' ', 'Z')
                    .toUpperCase(java.util.Locale.ROOT) : null;
            members.add(new LinkedHashSet<>());
            nodeRooms.get(roomNode[r]).add(r);
        }
        for (int p = 0; p < players; p++) {
            arrive(p);
            int r = p / START_FILL;
            if (r < rooms) {
                seat(p, r);
            }
        }
        java.util.Arrays.fill(dirty, true);
    }

    int players() {
        return playerId.length;
    }

    int rooms() {
        return roomId.length;
    }

    /** Public rooms (those without a code). */
    int publicRooms() {
        int n = 0;
        for (String c : code) {
            n += c == null ? 1 : 0;
        }
        return n;
    }

    /** Advances the churn by {@code seconds}; returns the chat lines and leaves it caused, oldest first. */
    List<Event> step(double seconds) {
        events.clear();
        int players = players();
        sessionDebt += players * churn.sessionsEnding() * seconds;
        moveDebt += players * churn.roomMoves() * seconds;
        flipDebt += players * churn.streamFlips() * seconds;
        chatDebt += players * churn.chat() * seconds;
        phaseDebt += rooms() * churn.phasePerRoom() * seconds;
        for (; sessionDebt >= 1; sessionDebt--) {
            int p = random.nextInt(players);
            leaveRoom(p);
            nodeLobby.get(lobbyNode[p]).remove(p);
            dirty[lobbyNode[p]] = true;
            arrive(p);
            events.add(new Arrived(p));
        }
        for (; moveDebt >= 1; moveDebt--) {
            int p = random.nextInt(players);
            int to = roomWithASeat();
            if (to < 0 || to == roomOf[p]) {
                continue;
            }
            int from = roomOf[p];
            if (from >= 0 && roomNode[from] != roomNode[to]) {
                events.add(new Leave(lobbyNode[p], roomNode[from], p));
            }
            leaveRoom(p);
            seat(p, to);
            events.add(new Moved(p, from, to));
        }
        for (; flipDebt >= 1; flipDebt--) {
            int p = random.nextInt(players);
            if (roomOf[p] >= 0) {
                connected[p] = !connected[p];
                dirty[roomNode[roomOf[p]]] = true;
                roomDirty[roomOf[p]] = true;
            }
        }
        for (; chatDebt >= 1; chatDebt--) {
            int p = random.nextInt(players);
            events.add(new ChatLine(lobbyNode[p], p, roomOf[p] >= 0 && random.nextBoolean() ? roomOf[p] : -1));
        }
        for (; phaseDebt >= 1; phaseDebt--) {
            int r = random.nextInt(rooms());
            phase[r] = (phase[r] + 1) % PHASES.length;
            dirty[roomNode[r]] = true;
            roomDirty[r] = true;
        }
        return events;
    }

    private void arrive(int p) {
        playerId[p] = "p" + tag + Long.toString(serial, 36) + "x".repeat(Math.max(0, 9 - tag.length()
                - Long.toString(serial, 36).length()));
        nickname[p] = "player" + serial;
        serial++;
        lobbyNode[p] = random.nextInt(nodes);
        roomOf[p] = -1;
        connected[p] = false;
        nodeLobby.get(lobbyNode[p]).add(p);
        dirty[lobbyNode[p]] = true;
    }

    private void seat(int p, int r) {
        roomOf[p] = r;
        connected[p] = true;
        members.get(r).add(p);
        dirty[roomNode[r]] = true;
        roomDirty[r] = true;
    }

    private void leaveRoom(int p) {
        int r = roomOf[p];
        if (r >= 0) {
            members.get(r).remove(p);
            dirty[roomNode[r]] = true;
            roomDirty[r] = true;
            roomOf[p] = -1;
        }
    }

    private int roomWithASeat() {
        for (int tries = 0; tries < 20; tries++) {
            int r = random.nextInt(rooms());
            if (members.get(r).size() < CAPACITY) {
                return r;
            }
        }
        return -1;
    }
}
