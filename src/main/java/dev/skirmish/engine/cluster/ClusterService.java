package dev.skirmish.engine.cluster;

import dev.skirmish.engine.config.ClusterSettings;
import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.room.RoomService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * This node's part in the cluster (cluster mode only; see docs/scaling.md). One thread of its own,
 * {@code skirmish-cluster}, does all the Redis writes: it publishes the node's state when it changed (at most
 * every {@link #ROUND_MILLIS} ms) and at every heartbeat, which also refreshes the node's registration key and
 * its TTL; it sends chat and node-to-node commands; it notices when Redis stops answering (the lobby is then
 * degraded) and, when it answers again, reads every registration back and republishes. Another thread follows
 * the channels and feeds the {@link ClusterView} and the {@link Listener}. The handover of rooms on a graceful
 * stop is {@link Handover}'s. Work handed to the cluster thread is
 * bounded ({@link #MAX_PENDING}); beyond, it is dropped and counted.
 *
 * <p>Redis keys and channels (prefix {@code cluster.keyPrefix}): {@code nodes:<id>} (the node's state, TTL
 * {@code cluster.nodeTtlMillis}), {@code chat:lobby} and {@code chat:room:<id>} (the last 50 messages),
 * {@code chat:block} (a counter that gives each node a range of chat ids), channel {@code events} (states,
 * chat, node gone) and channel {@code to:<id>} (commands for one node).
 */
@ApplicationScoped
public class ClusterService {
    private static final Logger LOG = Logger.getLogger(ClusterService.class.getName());
    /** The cluster thread's round: how soon a changed state is published. */
    static final long ROUND_MILLIS = 100;
    /** Chat messages and commands waiting for the cluster thread at most. */
    static final int MAX_PENDING = 1000;
    /** Chat messages kept per channel in Redis (and sent on join). */
    public static final int CHAT_HISTORY = 50;
    /** A room's chat history outlives the room this long in Redis. */
    static final long ROOM_CHAT_TTL_MILLIS = 3_600_000;
    /** Chat ids of one node: its block number times this, plus a local count. */
    static final long CHAT_BLOCK = 1L << 32;

    /** What the lobby does with what comes from the cluster. Called on the subscriber or cluster thread. */
    public interface Listener {
        /** A chat message posted on another node. */
        void onChat(ClusterMessages.Chat chat);

        /** The cluster's chat history, read from Redis after (re)connecting: the lobby's, then each room's. */
        void onHistory(String roomId, List<ClusterMessages.Chat> oldestFirst);

        /** Redis stopped answering (degraded) or answers again. */
        void onStatus(boolean degraded);
    }

    @Inject
    GameSettings settings;

    @Inject
    RoomService rooms;


    private static final ClusterView EMPTY = new ClusterView("");
    private volatile ClusterView view;
    private volatile Listener listener;
    private RedisLink link;
    private ScheduledThreadPoolExecutor thread;
    private final long incarnation = System.currentTimeMillis();
    private final AtomicReference<NodeState> offered = new AtomicReference<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong chatCounter = new AtomicLong();
    private final LongAdder badMessages = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder statesPublished = new LongAdder();
    private final LongAdder bytesPublished = new LongAdder();
    // cluster thread only
    private NodeState published;
    private long seq;
    private long lastPublishNanos;
    private long lastConnectTryNanos;
    private volatile long chatBlock = -1; // written by the cluster thread, read by the lobby
    private volatile boolean degraded;
    private volatile long lastEchoNanos;
    private volatile boolean stopped;
    /** Rooms (and private codes) of nodes that went down without a word, most recent last; bounded. */
    private final Map<String, String> lostRooms = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_LOST_ROOMS;
        }
    };
    /** Lost rooms remembered, so that their players are told what happened. */
    static final int MAX_LOST_ROOMS = 10_000;

    /** Set when the node stops: its states say draining from then on. */
    private volatile boolean draining;
    private Handover handover;

    /** What the handover needs of this service. */
    ClusterSettings settings() {
        return cluster();
    }

    GameSettings gameSettings() {
        return settings;
    }

    boolean draining() {
        return draining;
    }

    void published(long bytes) {
        bytesPublished.add(bytes);
    }

    /**
     * Marks this node as draining and publishes that at once (on the cluster thread); false if that failed, in
     * which case rooms stay here and end with the shutdown.
     */
    boolean publishDraining() {
        ScheduledThreadPoolExecutor t = thread;
        draining = true;
        try {
            t.submit(() -> {
                publish(System.nanoTime(), true);
                return null;
            }).get(cluster().redisTimeoutMillis() * 2L, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warning("could not publish that this node drains; rooms stay here: " + e);
            return false;
        }
    }

    /** What a handover did, for the log and the tests. */
    public record HandoverReport(int roomsInPlay, int roomsMoved, int playersTold, long millis) {
    }

    /**
     * The graceful stop's first step in cluster mode (SIGTERM, undeploy): see {@link Handover}. Blocks the caller
     * for at most {@code cluster.handoverTimeoutMillis} plus a two-second grace for the players to move.
     */
    public HandoverReport handOverRooms() {
        Handover h = handover;
        if (!enabled() || thread == null || stopped || h == null) {
            return new HandoverReport(0, 0, 0, 0);
        }
        return h.handOverRooms();
    }

    private ClusterSettings cluster() {
        return settings.cluster();
    }

    /** Whether this node runs in cluster mode. */
    public boolean enabled() {
        return cluster().enabled();
    }

    /** This node's id (empty for a single node). */
    public String nodeId() {
        return cluster().nodeId();
    }

    /** The path prefix of this node behind the load balancer ({@code n/a/}), empty for a single node. */
    public String nodePath() {
        return enabled() ? cluster().nodePath() : "";
    }

    /** When this node started, as its states say. */
    public long incarnation() {
        return incarnation;
    }

    /** The other nodes as last heard of (empty for a single node). */
    public ClusterView.Snapshot view() {
        ClusterView v = view;
        return v == null ? EMPTY.snapshot() : v.snapshot();
    }

    /**
     * The node that ran this room (id, or "code:" and a private room's code) if it went down without handing it
     * over (its registration expired); null otherwise.
     */
    public String lostWith(String roomIdOrCode) {
        synchronized (lostRooms) {
            return roomIdOrCode == null ? null : lostRooms.get(roomIdOrCode);
        }
    }

    /** Whether the node is in cluster mode and cannot reach Redis now. */
    public boolean degraded() {
        return enabled() && degraded;
    }

    /** The lobby registers itself to receive chat, history and status changes. */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** Connects and starts the cluster threads (idempotent; nothing in single-node mode). The lobby starts it. */
    public synchronized void start() {
        if (!enabled() || thread != null || stopped) {
            return;
        }
        ClusterSettings c = cluster();
        view = new ClusterView(c.nodeId());
        degraded = true;
        link = new RedisLink(c.redisUrl(), c.redisTimeoutMillis(), "skirmish-" + c.nodeId());
        ManagedThreadFactory threadFactory = rooms.threadFactory(); // the container's, looked up by RoomService
        link.subscribe(threadFactory, "skirmish-cluster-sub", this::received, channel("events"),
                channel("to:" + c.nodeId()));
        thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = threadFactory.newThread(r);
            t.setName("skirmish-cluster");
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        handover = new Handover(this, link, rooms);
        handover.preload();
        thread.scheduleWithFixedDelay(this::round, 0, ROUND_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(() -> "cluster node " + c.nodeId() + " at /" + c.nodePath() + ", Redis " + redactedUrl(c.redisUrl()));
    }

    private static String redactedUrl(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    String channel(String name) {
        return cluster().keyPrefix() + name;
    }

    /** The lobby's latest view of this node; published by the cluster thread if it changed. */
    public void offerLocalState(NodeState state) {
        offered.set(state);
    }

    /** The next chat id: unique in the cluster (each node draws a block of ids from Redis once). */
    public long nextChatId() {
        long block = chatBlock;
        long n = chatCounter.incrementAndGet();
        return block < 0 ? n : block * CHAT_BLOCK + n;
    }

    /** Publishes a chat message posted on this node and adds it to the channel's history in Redis. */
    public void publishChat(ClusterMessages.Chat chat) {
        submit(() -> {
            String text = ClusterMessages.encode(chat);
            String list = chat.roomId() == null ? channel("chat:lobby") : channel("chat:room:" + chat.roomId());
            link.call(chat.roomId() == null ? 3 : 4, j -> {
                Pipeline p = j.pipelined();
                p.publish(channel("events"), text);
                p.lpush(list, text);
                p.ltrim(list, 0, CHAT_HISTORY - 1);
                if (chat.roomId() != null) {
                    p.pexpire(list, ROOM_CHAT_TTL_MILLIS);
                }
                p.sync();
                return null;
            });
            bytesPublished.add(text.length());
        });
    }

    /** Tells another node that a player left whatever room it has there. */
    public void sendLeave(String node, String playerId) {
        String text = ClusterMessages.encode(new ClusterMessages.Leave(nodeId(), playerId));
        submit(() -> link.call(1, j -> j.publish(channel("to:" + node), text)));
    }

    /** A Redis task for the cluster thread. */
    private interface RedisTask {
        void run() throws RedisLink.RedisDown;
    }

    private void submit(RedisTask task) {
        ScheduledThreadPoolExecutor t = thread;
        if (t == null || degraded) {
            dropped.increment();
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        try {
            t.execute(() -> {
                pending.decrementAndGet();
                try {
                    task.run();
                } catch (RedisLink.RedisDown e) {
                    dropped.increment();
                    setDegraded(true);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
            dropped.increment();
        }
    }

    /** One round of the cluster thread. */
    private void round() {
        try {
            long now = System.nanoTime();
            ClusterSettings c = cluster();
            if (degraded || !link.up()) {
                if (!link.subscribed()) {
                    setDegraded(true); // the subscriber thread retries on its own
                    return;
                }
                if (now - lastConnectTryNanos < TimeUnit.MILLISECONDS.toNanos(500)) {
                    return;
                }
                lastConnectTryNanos = now;
                resync();
                lastEchoNanos = now;
                setDegraded(false);
                publish(now, true);
                return;
            }
            NodeState latest = offered.get();
            boolean beat = now - lastPublishNanos >= TimeUnit.MILLISECONDS.toNanos(c.heartbeatMillis());
            if (beat || (latest != null && !latest.sameContent(published))) {
                publish(now, beat);
            }
            for (NodeState gone : view.expire(now, TimeUnit.MILLISECONDS.toNanos(c.nodeTtlMillis()))) {
                LOG.warning(() -> "node " + gone.node() + " stopped refreshing its registration: gone, with "
                        + gone.rooms().size() + " room(s)");
                synchronized (lostRooms) {
                    for (NodeState.RoomEntry r : gone.rooms()) {
                        lostRooms.put(r.id(), gone.node());
                        if (r.code() != null) {
                            lostRooms.put("code:" + r.code().toUpperCase(java.util.Locale.ROOT), gone.node());
                        }
                    }
                }
            }
            // our own states come back on the subscription; if they stopped, the subscription died silently
            if (lastEchoNanos != 0 && now - lastEchoNanos > TimeUnit.MILLISECONDS.toNanos(3L * c.heartbeatMillis())) {
                LOG.warning("no message on the Redis subscription for " + (3 * c.heartbeatMillis()) + " ms; resubscribing");
                lastEchoNanos = now;
                link.resubscribe();
            }
        } catch (RedisLink.RedisDown e) {
            setDegraded(true);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cluster round failed", e);
        }
    }

    /** Registers this node's state with its TTL and broadcasts it. */
    private void publish(long now, boolean beat) throws RedisLink.RedisDown {
        NodeState latest = offered.get();
        if (latest == null) {
            latest = new NodeState(nodeId(), nodePath(), incarnation, 0, rooms.stopping(), List.of(), List.of(), 0);
        }
        NodeState s = latest.withSeq(++seq);
        if (draining && !s.draining()) {
            s = new NodeState(s.node(), s.path(), s.incarnation(), s.seq(), true, s.rooms(), s.presence(),
                    s.presenceTotal());
        }
        String text = ClusterMessages.encode(new ClusterMessages.State(s));
        int ttl = cluster().nodeTtlMillis();
        link.call(2, j -> {
            Pipeline p = j.pipelined();
            p.set(channel("nodes:" + nodeId()), text, SetParams.setParams().px(ttl));
            p.publish(channel("events"), text);
            p.sync();
            return null;
        });
        published = s;
        lastPublishNanos = now;
        statesPublished.increment();
        bytesPublished.add(text.length());
    }

    /** After (re)connecting: reads every registration and the chat histories back, takes a chat id block. */
    private void resync() throws RedisLink.RedisDown {
        if (chatBlock < 0) {
            chatBlock = link.call(1, j -> j.incr(channel("chat:block")));
        }
        List<String> keys = new ArrayList<>();
        link.call(1, j -> {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(channel("nodes:*")).count(1000);
            do {
                ScanResult<String> r = j.scan(cursor, params);
                keys.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && keys.size() < 100_000);
            return null;
        });
        List<NodeState> states = new ArrayList<>();
        if (!keys.isEmpty()) {
            List<String> values = link.call(1, j -> j.mget(keys.toArray(new String[0])));
            for (String v : values) {
                if (v != null && decode(v) instanceof ClusterMessages.State st) {
                    states.add(st.state());
                }
            }
        }
        view.replaceAll(states, System.nanoTime());
        Listener l = listener;
        if (l != null) {
            l.onHistory(null, history(channel("chat:lobby")));
            for (ClusterView.RemoteRoom r : view.snapshot().rooms()) {
                l.onHistory(r.room().id(), history(channel("chat:room:" + r.room().id())));
            }
        }
        LOG.info(() -> "cluster resynchronised: " + view.snapshot().nodes().size() + " other node(s)");
    }

    private List<ClusterMessages.Chat> history(String key) throws RedisLink.RedisDown {
        List<String> newestFirst = link.call(1, j -> j.lrange(key, 0, CHAT_HISTORY - 1));
        List<ClusterMessages.Chat> out = new ArrayList<>();
        for (String s : newestFirst) {
            if (decode(s) instanceof ClusterMessages.Chat c) {
                out.add(c);
            }
        }
        Collections.reverse(out);
        return out;
    }

    private void setDegraded(boolean now) {
        boolean before = degraded;
        degraded = now;
        if (before != now) {
            LOG.log(now ? Level.WARNING : Level.INFO, now ? "cluster degraded: Redis does not answer; this node serves"
                    + " its own rooms and lobby until it does" : "cluster connected: Redis answers");
            Listener l = listener;
            if (l != null) {
                l.onStatus(now);
            }
        }
    }

    /** A message from a channel (subscriber thread). */
    private void received(String channel, String text) {
        ClusterMessages.Message m = decode(text);
        if (m == null) {
            return;
        }
        if (m.node().equals(nodeId())) {
            if (m instanceof ClusterMessages.State) {
                lastEchoNanos = System.nanoTime();
            }
            return;
        }
        if (m instanceof ClusterMessages.State s) {
            view.accept(s.state(), System.nanoTime());
        } else if (m instanceof ClusterMessages.Gone g) {
            if (view.gone(g.node(), g.incarnation())) {
                LOG.info(() -> "node " + g.node() + " left the cluster");
            }
        } else if (m instanceof ClusterMessages.Chat c) {
            Listener l = listener;
            if (l != null) {
                l.onChat(c);
            }
        } else if (m instanceof ClusterMessages.Leave lv) {
            rooms.manager().leave(lv.playerId());
        } else if (m instanceof ClusterMessages.Adopt a) {
            submit(() -> handover.adopt(a)); // bounded like any work for the cluster thread
        } else if (m instanceof ClusterMessages.Adopted a) {
            handover.answered(a);
        }
    }

    private ClusterMessages.Message decode(String text) {
        try {
            return ClusterMessages.decode(text);
        } catch (ClusterMessages.BadMessage e) {
            badMessages.increment();
            // a bad message is logged (at most once a second) and dropped
            long now = System.nanoTime();
            long last = lastBadLogNanos.get();
            if (now - last > 1_000_000_000L && lastBadLogNanos.compareAndSet(last, now)) {
                LOG.warning("dropped a bad cluster message (" + badMessages.sum() + " so far): " + e.getMessage());
            }
            return null;
        }
    }

    private final AtomicLong lastBadLogNanos = new AtomicLong(System.nanoTime() - 2_000_000_000L);

    /** Redis commands sent since start. */
    public long redisCommands() {
        return link == null ? 0 : link.commands();
    }

    /** Messages received from the channels since start. */
    public long messagesReceived() {
        return link == null ? 0 : link.received();
    }

    /** Characters (bytes of ASCII JSON) of the messages received from the channels since start. */
    public long bytesReceived() {
        return link == null ? 0 : link.receivedChars();
    }

    /** Messages from the channels that were not ours and were dropped. */
    public long badMessages() {
        return badMessages.sum();
    }

    /** Chat messages and commands dropped (Redis down or too many waiting). */
    public long dropped() {
        return dropped.sum();
    }

    /** States this node published, and their bytes together with chat. */
    public long statesPublished() {
        return statesPublished.sum();
    }

    public long bytesPublished() {
        return bytesPublished.sum();
    }

    /**
     * Leaves the cluster: says it is gone (so the others forget it at once) and removes its registration.
     * Idempotent; also runs when the container destroys the bean.
     */
    @PreDestroy
    public void stop() {
        ScheduledThreadPoolExecutor t;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.shutdownNow();
        try {
            t.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            String gone = ClusterMessages.encode(new ClusterMessages.Gone(nodeId(), incarnation));
            link.call(2, j -> {
                Pipeline p = j.pipelined();
                p.del(channel("nodes:" + nodeId()));
                p.publish(channel("events"), gone);
                p.sync();
                return null;
            });
        } catch (RedisLink.RedisDown | RuntimeException | LinkageError e) {
            LOG.info("could not tell the cluster that this node leaves (its registration expires by itself): " + e);
        }
        link.close();
        LOG.info("cluster node " + nodeId() + " left the cluster");
    }
}
