package dev.skirmish.bots;

import dev.skirmish.engine.cluster.ClusterMessages;
import dev.skirmish.engine.cluster.ClusterNode;
import dev.skirmish.engine.cluster.LocalState;
import dev.skirmish.engine.cluster.NodeInfo;
import dev.skirmish.engine.cluster.RoomInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scale simulator's nodes: one real {@link ClusterNode} per simulated node (its own Redis connections and
 * threads, exactly the node's code), fed by a {@link SimPopulation} as a lobby would feed it: its state offered at
 * every lobby round (250 ms), chat posted, leaves sent, and the lookups a lobby makes for its players (a hello looks
 * for a seat to resume; sitting down in a room looks up the player's seat, the room and its node, and reads the
 * room's chat history). One thread drives them all; what the nodes receive is counted.
 */
final class SimNodes implements AutoCloseable {
    private static final long ROUND_NANOS = 250_000_000L;
    private final SimPopulation pop;
    private final ClusterNode[] nodes;
    private final String[] ids;
    /** Each room as last offered: unchanged rooms are offered as the same object (the node skips them). */
    private final LocalState.Room[] built;
    private final AtomicLong late = new AtomicLong();
    private final LongAdder chats = new LongAdder();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder lookupFailures = new LongAdder();
    private final LongAdder refusedChat = new LongAdder();
    private volatile boolean closed;
    private Thread thread;
    private long chatIds;

    SimNodes(SimPopulation pop, String redisUrl) {
        this.pop = pop;
        nodes = new ClusterNode[pop.nodes];
        ids = new String[pop.nodes];
        built = new LocalState.Room[pop.rooms()];
        for (int n = 0; n < pop.nodes; n++) {
            ids[n] = "sim-" + pop.tag + "-" + n;
            nodes[n] = new ClusterNode(new ClusterNode.Config(redisUrl, "", ids[n], "n/" + ids[n] + "/", "skirmish:", 500,
                    2000, 5000), new Host(), r -> {
                        Thread t = new Thread(r);
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /** What a simulated node does with what it hears: counts the chat, nothing else. */
    private final class Host implements ClusterNode.Host {
        @Override
        public void onChat(ClusterMessages.Chat chat) {
            chats.increment();
        }
    }

    void start() {
        for (int n = 0; n < pop.nodes; n++) {
            offer(n);
            nodes[n].start();
        }
        thread = new Thread(this::run, "sim-nodes");
        thread.setDaemon(true);
        thread.start();
    }

    long lateRounds() {
        return late.get();
    }

    long chatsReceived() {
        return chats.sum();
    }

    /** Bytes every simulated node received on its channels. */
    long bytesReceived() {
        long b = 0;
        for (ClusterNode c : nodes) {
            b += c.bytesReceived();
        }
        return b;
    }

    /** Lobby chat lines refused because the cluster's lobby chat was busy. */
    long refusedChat() {
        return refusedChat.sum();
    }

    long lookups() {
        return lookups.sum();
    }

    long lookupFailures() {
        return lookupFailures.sum();
    }

    /** Nodes that hold the leader's lease (one, normally; the real node may hold it instead). */
    int leaders() {
        int n = 0;
        for (ClusterNode c : nodes) {
            n += c.leader() ? 1 : 0;
        }
        return n;
    }

    private void run() {
        long next = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (now < next) {
                try {
                    Thread.sleep(Math.max(1, (next - now) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            if (now - next > ROUND_NANOS) {
                late.incrementAndGet();
                next = now;
            }
            next += ROUND_NANOS;
            try {
                for (SimPopulation.Event e : pop.step(ROUND_NANOS / 1e9)) {
                    act(e);
                }
                for (int n = 0; n < pop.nodes && !closed; n++) {
                    if (pop.dirty[n]) { // a lobby offers every round; the node writes only what changed
                        pop.dirty[n] = false;
                        offer(n);
                    }
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    System.err.println("sim round failed: " + e);
                }
            }
        }
    }

    /** What the lobby of the player's node does for one event. */
    private void act(SimPopulation.Event e) {
        try {
            if (e instanceof SimPopulation.Arrived a) {
                lookups.increment();
                nodes[pop.lobbyNode[a.player()]].seat(pop.playerId[a.player()]); // hello: a seat to resume?
            } else if (e instanceof SimPopulation.Moved m) {
                ClusterNode lobby = nodes[pop.lobbyNode[m.player()]];
                lookups.add(4);
                lobby.seat(pop.playerId[m.player()]);
                RoomInfo room = lobby.room(pop.roomId[m.to()]);
                lobby.liveness(room == null ? ids[pop.roomNode[m.to()]] : room.node());
                lobby.roomHistory(pop.roomId[m.to()]);
            } else if (e instanceof SimPopulation.Leave l) {
                nodes[l.fromNode()].sendLeave(ids[l.toNode()], pop.playerId[l.player()]);
            } else if (e instanceof SimPopulation.ChatLine c) {
                String roomId = c.room() < 0 ? null : pop.roomId[c.room()];
                if (roomId == null && !nodes[c.node()].mayPublishLobbyChat()) {
                    refusedChat.increment(); // the lobby answers CHAT_RATE_LIMITED: the cluster's lobby chat is busy
                    return;
                }
                nodes[c.node()].publishChat(new ClusterMessages.Chat(ids[c.node()], ++chatIds, roomId, List.of(),
                        pop.playerId[c.player()], pop.nickname[c.player()], "gg, one more round? that was close",
                        System.currentTimeMillis()));
            }
        } catch (ClusterNode.Unreachable ex) {
            lookupFailures.increment();
        }
    }

    /** The node's state as its lobby offers it, and the seats and rooms it watches. */
    private void offer(int n) {
        List<LocalState.Room> rooms = new ArrayList<>();
        for (int r : pop.nodeRooms.get(n)) {
            if (pop.roomDirty[r] || built[r] == null) {
                pop.roomDirty[r] = false;
                List<LocalState.Member> members = new ArrayList<>();
                for (int p : pop.members.get(r)) {
                    members.add(new LocalState.Member(pop.playerId[p], pop.connected[p]));
                }
                built[r] = new LocalState.Room(info(r), members);
            }
            rooms.add(built[r]);
        }
        List<NodeInfo.PlayerLine> names = new ArrayList<>();
        Set<String> watchedPlayers = new HashSet<>();
        Set<String> watchedRooms = new HashSet<>();
        int listed = 0;
        for (int p : pop.nodeLobby.get(n)) {
            int r = pop.roomOf[p];
            if (names.size() < NodeInfo.NAMES) {
                String status = r < 0 ? "lobby" : pop.connected[p] ? "playing" : "room";
                boolean pub = r >= 0 && pop.code[r] == null;
                names.add(new NodeInfo.PlayerLine(pop.playerId[p], pop.nickname[p], status,
                        pub ? pop.roomId[r] : null, pub ? "Arena " + pop.roomId[r] : null));
            }
            if (r >= 0 && pop.roomNode[r] != n) {
                watchedRooms.add(pop.roomId[r]);
                if (listed++ < 100) {
                    watchedPlayers.add(pop.playerId[p]);
                }
            }
        }
        nodes[n].offer(new LocalState(rooms, pop.nodeLobby.get(n).size(), names));
        nodes[n].watch(watchedPlayers, watchedRooms);
    }

    private RoomInfo info(int r) {
        int n = pop.roomNode[r];
        return new RoomInfo(pop.roomId[r], ids[n], "n/" + ids[n] + "/", "Arena " + pop.roomId[r],
                pop.members.get(r).size(), SimPopulation.CAPACITY, "arena", SimPopulation.PHASES[pop.phase[r]], "arena",
                pop.code[r], false);
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ClusterNode n : nodes) {
            n.close();
        }
    }
}
