package dev.skirmish.bots;

import dev.skirmish.engine.cluster.ClusterMessages;
import dev.skirmish.engine.cluster.NodeState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Simulated nodes that speak the cluster protocol of cluster messages version 1 (every node broadcasts its whole
 * state on {@code events}, docs/scaling.md before the directory): the same messages as {@code ClusterService},
 * built by {@link ClusterMessages}, at the same rounds (a state when it changed, at most every 250 ms as the
 * lobby offers it, and at least every 500 ms), chat and leaves as the lobby sends them. One thread drives every
 * node; each node has its own command connection and a subscription in the {@link SimDrain}.
 */
final class SimNodesV1 implements ScaleSim.SimNodes {
    private static final long ROUND_NANOS = 100_000_000L;
    private static final long OFFER_NANOS = 250_000_000L;
    private static final long BEAT_NANOS = 500_000_000L;
    private final SimPopulation pop;
    private final int port;
    private final SimDrain drain;
    private final String[] ids;
    private final Jedis[] links;
    private final long[] lastPublish;
    private final long[] seq;
    private final long incarnation = System.currentTimeMillis();
    private final AtomicLong late = new AtomicLong();
    private final List<List<Runnable>> pending = new ArrayList<>();
    private volatile boolean closed;
    private Thread thread;
    private long chatIds;

    SimNodesV1(SimPopulation pop, int port, SimDrain drain) {
        this.pop = pop;
        this.port = port;
        this.drain = drain;
        ids = new String[pop.nodes];
        links = new Jedis[pop.nodes];
        lastPublish = new long[pop.nodes];
        seq = new long[pop.nodes];
        for (int n = 0; n < pop.nodes; n++) {
            ids[n] = "sim-" + pop.tag + "-" + n;
            pending.add(new ArrayList<>());
        }
    }

    static String prefix() {
        return "skirmish:";
    }

    @Override
    public void start() throws IOException {
        for (int n = 0; n < pop.nodes; n++) {
            links[n] = ScaleSim.jedis(port);
            links[n].clientSetname("skirmish-" + ids[n]);
            links[n].incr(prefix() + "chat:block");
            drain.subscribe(prefix() + "events", prefix() + "to:" + ids[n]);
            lastPublish[n] = System.nanoTime() - (long) (Math.random() * BEAT_NANOS);
        }
        thread = new Thread(this::run, "sim-nodes");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (now < next) {
                sleepNanos(next - now);
                continue;
            }
            if (now - next > ROUND_NANOS) {
                late.incrementAndGet();
                next = now;
            }
            next += ROUND_NANOS;
            try {
                for (SimPopulation.Event e : pop.step(ROUND_NANOS / 1e9)) {
                    queue(e);
                }
                for (int n = 0; n < pop.nodes && !closed; n++) {
                    round(n, System.nanoTime());
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    System.err.println("sim round failed: " + e);
                }
            }
        }
    }

    private void queue(SimPopulation.Event e) {
        if (e instanceof SimPopulation.ChatLine c) {
            int n = c.node();
            String roomId = c.room() < 0 ? null : pop.roomId[c.room()];
            List<String> members = new ArrayList<>();
            if (c.room() >= 0) {
                pop.members.get(c.room()).forEach(p -> members.add(pop.playerId[p]));
            }
            String text = ClusterMessages.encode(new ClusterMessages.Chat(ids[n], ++chatIds, roomId, members,
                    pop.playerId[c.player()], pop.nickname[c.player()], "gg, one more round? that was close",
                    System.currentTimeMillis()));
            String list = prefix() + (roomId == null ? "chat:lobby" : "chat:room:" + roomId);
            pending.get(n).add(() -> {
                Pipeline p = links[n].pipelined();
                p.publish(prefix() + "events", text);
                p.lpush(list, text);
                p.ltrim(list, 0, 49);
                if (roomId != null) {
                    p.pexpire(list, 3_600_000L);
                }
                p.sync();
            });
        } else if (e instanceof SimPopulation.Leave l) {
            String text = ClusterMessages.encode(new ClusterMessages.Leave(ids[l.fromNode()], pop.playerId[l.player()]));
            pending.get(l.fromNode()).add(() -> links[l.fromNode()].publish(prefix() + "to:" + ids[l.toNode()], text));
        }
    }

    private void round(int n, long now) {
        for (Runnable r : pending.get(n)) {
            r.run();
        }
        pending.get(n).clear();
        boolean beat = now - lastPublish[n] >= BEAT_NANOS;
        if (beat || (pop.dirty[n] && now - lastPublish[n] >= OFFER_NANOS)) {
            pop.dirty[n] = false;
            lastPublish[n] = now;
            String text = ClusterMessages.encode(new ClusterMessages.State(state(n)));
            Pipeline p = links[n].pipelined();
            p.set(prefix() + "nodes:" + ids[n], text, SetParams.setParams().px(2000));
            p.publish(prefix() + "events", text);
            p.sync();
        }
    }

    /** The node's state as its lobby would offer it. */
    private NodeState state(int n) {
        List<NodeState.RoomEntry> rooms = new ArrayList<>();
        for (int r : pop.nodeRooms.get(n)) {
            List<NodeState.Member> members = new ArrayList<>();
            for (int p : pop.members.get(r)) {
                members.add(new NodeState.Member(pop.playerId[p], pop.connected[p]));
            }
            rooms.add(new NodeState.RoomEntry(pop.roomId[r], "Arena " + pop.roomId[r], members.size(),
                    SimPopulation.CAPACITY, "arena", SimPopulation.PHASES[pop.phase[r]], pop.code[r], members, "arena"));
        }
        List<NodeState.PresenceEntry> presence = new ArrayList<>();
        for (int p : pop.nodeLobby.get(n)) {
            if (presence.size() == NodeState.MAX_PRESENCE) {
                break;
            }
            presence.add(new NodeState.PresenceEntry(pop.playerId[p], pop.nickname[p]));
        }
        return new NodeState(ids[n], "n/" + ids[n] + "/", incarnation, ++seq[n], false, rooms, presence,
                pop.nodeLobby.get(n).size());
    }

    @Override
    public long lateRounds() {
        return late.get();
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
        for (int n = 0; n < pop.nodes; n++) {
            if (links[n] != null) {
                try {
                    String gone = ClusterMessages.encode(new ClusterMessages.Gone(ids[n], incarnation));
                    Pipeline p = links[n].pipelined();
                    p.del(prefix() + "nodes:" + ids[n]);
                    p.publish(prefix() + "events", gone);
                    p.sync();
                    links[n].close();
                } catch (RuntimeException ignored) {
                    // Redis may be gone; the key expires by itself
                }
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
