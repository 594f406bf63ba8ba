package dev.skirmish.engine.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * One node's part in the cluster's directory (docs/scaling.md), in plain Java: the real node's
 * {@link ClusterService} and the scale simulator's nodes both run it. A thread of its own writes what the lobby
 * offers ({@link #offer}): the node's registration at every heartbeat, each of its rooms when it changed (and
 * every {@link #ROOM_REFRESH_MILLIS}), each seated player's seat, and deletes what closed. When it holds the
 * leader's lease it also builds the {@link Digest} about once a second and sends what changed. Another thread
 * follows the channels: the digest's changes, the lobby chat, the chat of the rooms where this node's players sit,
 * and the node's own commands. The lobby asks about anything else when a player needs it (a room by id or code,
 * a player's seat, whether a node is alive): one Redis lookup each, on a connection of their own. Nothing a node
 * receives or reads grows with the number of nodes times players.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
    /** The cluster thread's round: how soon a change is written. */
    static final long ROUND_MILLIS = 100;
    /** How often the leader builds the digest. */
    static final long DIGEST_MILLIS = 1000;
    /** The digest's names change at most this often (a named player's status changes often). */
    static final long NAMES_MILLIS = 10_000;
    /** Heartbeats without an answer to the subscription's PING after which it is opened again. */
    static final int SILENT_BEATS = 4;
    /** The leader reads every registration at most this often (the nodes alive, every second). */
    static final long REGISTRATIONS_MILLIS = 3000;
    /** The leader's lease; the leader renews it at every digest. */
    static final long LEASE_MILLIS = 2000;
    /** A room key lives this long unless its node writes it again. */
    static final long ROOM_TTL_MILLIS = 60_000;
    /** A node writes each of its rooms again at least this often. */
    static final long ROOM_REFRESH_MILLIS = 20_000;
    /** A seat key lives this long unless the room's node writes it again. */
    static final long SEAT_TTL_MILLIS = 1_800_000;
    /** A node writes the seats of each of its rooms again at least this often. */
    static final long SEAT_REFRESH_MILLIS = 600_000;
    /** How often the seats of the players the lobby lists by name are read. */
    static final long WATCH_MILLIS = 2000;
    /** Chat messages kept per channel in Redis (and sent on join). */
    public static final int CHAT_HISTORY = 50;
    /** A room's chat history outlives the room this long in Redis. */
    static final long ROOM_CHAT_TTL_MILLIS = 3_600_000;
    /** Work waiting for the cluster thread at most. */
    static final int MAX_PENDING = 1000;
    /** Rooms of lost nodes remembered, so that their players are told what happened. */
    static final int MAX_LOST_ROOMS = 10_000;

    /** Heartbeat: the registration with its TTL, and the beat's time by Redis's clock in the {@code nodes} set. */
    private static final String BEAT = "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
            + "local t = redis.call('TIME') "
            + "redis.call('ZADD', KEYS[2], t[1] * 1000 + math.floor(t[2] / 1000), ARGV[3]) return 1";
    /** Deletes each key whose value starts with the matching argument (a key another node took over stays). */
    private static final String DELETE_IF = "local n = 0 for i, k in ipairs(KEYS) do local v = redis.call('GET', k) "
            + "if v and string.sub(v, 1, #ARGV[i]) == ARGV[i] then redis.call('DEL', k) n = n + 1 end end return n";
    /** The leader's lease: renewed by its holder, taken when free. */
    private static final String LEAD = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
            + "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end return 0";
    /** A node's last beat (or empty), Redis's time now and its registration (or empty). */
    private static final String NODE = "local s = redis.call('ZSCORE', KEYS[1], ARGV[1]) local t = redis.call('TIME') "
            + "local v = redis.call('GET', KEYS[2]) "
            + "return {s or '', tostring(t[1] * 1000 + math.floor(t[2] / 1000)), v or ''}";
    /** Every registered node with its last beat, and Redis's time. */
    private static final String NODES = "local t = redis.call('TIME') "
            + "local r = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES') "
            + "table.insert(r, tostring(t[1] * 1000 + math.floor(t[2] / 1000))) return r";

    /**
     * How to reach Redis and who this node is.
     *
     * @param redisCaFile     PEM file of the authorities a TLS Redis's certificate chains to (empty: the JVM's)
     * @param keyPrefix       prefix of every key and channel
     * @param heartbeatMillis the registration is written at least this often
     * @param nodeTtlMillis   the registration's TTL
     */
    public record Config(String redisUrl, String redisCaFile, String nodeId, String nodePath, String keyPrefix,
                         int heartbeatMillis, int nodeTtlMillis, int redisTimeoutMillis) {
        /** A node whose last beat is older than this is gone for lookups and the digest (two heartbeats). */
        long aliveMillis() {
            return Math.min(nodeTtlMillis, 2L * heartbeatMillis);
        }
    }

    /**
     * What the node does with what comes from the cluster. Called on the subscriber or the cluster thread. Each
     * method does nothing unless overridden (a simulated node hears and drops).
     */
    public interface Host {
        /** A chat message posted on another node (lobby, or a room this node watches). */
        default void onChat(ClusterMessages.Chat chat) {
        }

        /** A channel's chat history read from Redis after (re)connecting: the lobby's ({@code roomId} null). */
        default void onHistory(String roomId, List<ClusterMessages.Chat> oldestFirst) {
        }

        /** Redis stopped answering (degraded) or answers again. */
        default void onStatus(boolean degraded) {
        }

        /** Another node says the player left (it sat down elsewhere): release its seat here. */
        default void onLeave(String playerId) {
        }

        /** A command for the handover. */
        default void onHandover(ClusterMessages.Message m) {
        }
    }

    /** A player's seat as its room's node wrote it: {@code seat:<player>} = {@code "<room> <node> <0|1>"}. */
    public record Seat(String roomId, String node, boolean connected) {
        String value() {
            return roomId + " " + node + " " + (connected ? 1 : 0);
        }

        static Seat parse(String v) {
            if (v == null) {
                return null;
            }
            String[] p = v.split(" ");
            return p.length == 3 ? new Seat(p[0], p[1], p[2].equals("1")) : null;
        }
    }

    /** Whether a node is alive (its last beat within two heartbeats), stopping, or gone. */
    public enum Liveness { ALIVE, DRAINING, GONE }

    /** Thrown by lookups when Redis does not answer: the lobby answers with what it knows. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(Throwable cause) {
            super("the shared lobby (Redis) does not answer", cause);
        }
    }

    private final Config config;
    private final Host host;
    private final ThreadFactory threads;
    private final RedisLink link;
    private final long incarnation = System.currentTimeMillis();
    private final AtomicReference<LocalState> offered = new AtomicReference<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder badMessages = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder bytesPublished = new LongAdder();
    private final LongAdder digestsBuilt = new LongAdder();
    private final AtomicLong lastBadLogNanos = new AtomicLong(System.nanoTime() - 2_000_000_000L);
    private final Map<String, String> lostRooms = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_LOST_ROOMS;
        }
    };
    private volatile Digest digest = Digest.EMPTY;
    private volatile Map<String, Seat> watchedSeats = Map.of();
    private volatile Set<String> watchedPlayers = Set.of();
    private volatile Set<String> watchedRooms = Set.of();
    private volatile boolean degraded = true;
    private volatile boolean draining;
    private volatile boolean leader;
    private volatile long chatBlock = -1;
    private final AtomicLong chatCounter = new AtomicLong();
    private ScheduledThreadPoolExecutor thread;
    // cluster thread only
    private final Map<String, Written> written = new HashMap<>();
    private NodeInfo beatWritten;
    private long lastBeatNanos;
    private long lastDigestNanos;
    private long lastWatchNanos;
    private long lastConnectTryNanos;
    private long lastPingNanos;
    private boolean needFullDigest;
    private long namesSentNanos;
    private String serverRunId = "";
    private Map<String, NodeInfo> registrations = Map.of();
    private long registrationsNanos;
    private Set<String> channelsFrom;
    private int channelsWritten;
    private Digest built;

    /** A room as last written, its members' seats as last written, and when. */
    private static final class Written {
        LocalState.Room offered;
        boolean offeredDraining;
        RoomInfo info;
        Map<String, Seat> seats = new HashMap<>();
        long roomNanos;
        long seatsNanos;
    }

    public ClusterNode(Config config, Host host, ThreadFactory threads) {
        this.config = config;
        this.host = host;
        this.threads = threads;
        this.link = new RedisLink(config.redisUrl(), config.redisCaFile(), config.redisTimeoutMillis(), "skirmish-" + config.nodeId());
    }

    /** Connects and starts the threads. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        link.subscribe(threads, "skirmish-cluster-sub", this::received, key("directory"), key("ch:lobby"),
                key("to:" + config.nodeId()));
        thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = threads.newThread(r);
            t.setName("skirmish-cluster");
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.scheduleWithFixedDelay(this::round, 0, ROUND_MILLIS, TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return config.nodeId();
    }

    RedisLink link() {
        return link;
    }

    String key(String name) {
        return config.keyPrefix() + name;
    }

    /** The lobby's latest view of this node; the cluster thread writes what changed. */
    public void offer(LocalState state) {
        offered.set(state);
    }

    /** From now on this node's registration and rooms say it is stopping (written at the next round). */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Whether Redis does not answer now. */
    public boolean degraded() {
        return degraded;
    }

    /** Whether this node holds the leader's lease (it builds the digest). */
    public boolean leader() {
        return leader;
    }

    /** The cluster's lobby in brief, as last received. */
    public Digest digest() {
        return digest;
    }

    /**
     * The players whose seats the lobby wants to know (those it lists by name and does not seat itself), and the
     * rooms whose chat this node must hear (where its players sit on other nodes).
     */
    public void watch(Set<String> players, Set<String> rooms) {
        watchedPlayers = Set.copyOf(players);
        watchedRooms = Set.copyOf(rooms);
    }

    /** The seats of the watched players, read at most {@link #WATCH_MILLIS} ago. */
    public Map<String, Seat> watchedSeats() {
        return watchedSeats;
    }

    // ---- lookups (any thread) ----

    /** A room by id, wherever it runs (null if none is registered). */
    public RoomInfo room(String roomId) throws Unreachable {
        String v = lookup(1, j -> j.get(key("room:" + roomId)));
        return v != null && decode(v) instanceof ClusterMessages.Room r && r.info().id().equals(roomId) ? r.info() : null;
    }

    /** A private room by its code, wherever it runs (null if none). */
    public RoomInfo roomByCode(String code) throws Unreachable {
        String v = lookup(1, j -> j.get(key("code:" + code.toUpperCase(Locale.ROOT))));
        if (v == null || v.indexOf(' ') < 0) {
            return null;
        }
        RoomInfo r = room(v.substring(0, v.indexOf(' ')));
        return r != null && code.equalsIgnoreCase(r.code()) ? r : null;
    }

    /** Where a player has a seat, as the room's node last wrote it (null if nowhere). */
    public Seat seat(String playerId) throws Unreachable {
        return Seat.parse(lookup(1, j -> j.get(key("seat:" + playerId))));
    }

    /** Whether a node is alive: its last beat (Redis's clock) is within two heartbeats. */
    public Liveness liveness(String node) throws Unreachable {
        @SuppressWarnings("unchecked")
        List<String> r = (List<String>) lookup(1, j -> j.eval(NODE, List.of(key("nodes"), key("node:" + node)),
                List.of(node)));
        if (r.get(0).isEmpty() || r.get(2).isEmpty()
                || Long.parseLong(r.get(1)) - (long) Double.parseDouble(r.get(0)) > config.aliveMillis()) {
            return Liveness.GONE;
        }
        return decode(r.get(2)) instanceof ClusterMessages.Node n && n.info().draining() ? Liveness.DRAINING
                : Liveness.ALIVE;
    }

    /** Every live node's registration (for the handover's choice of a node). */
    public List<NodeInfo> liveNodes() throws Unreachable {
        return lookup(2, j -> readLiveNodes(j, false));
    }

    /** A room's chat history from Redis, oldest first (when this node did not hear it). */
    public List<ClusterMessages.Chat> roomHistory(String roomId) throws Unreachable {
        List<String> newestFirst = lookup(1, j -> j.lrange(key("chat:room:" + roomId), 0, CHAT_HISTORY - 1));
        return chats(newestFirst);
    }

    /** Remembers that a room was lost with its node (a lookup found the node gone). */
    public void lost(RoomInfo room) {
        synchronized (lostRooms) {
            lostRooms.put(room.id(), room.node());
            if (room.code() != null) {
                lostRooms.put("code:" + room.code().toUpperCase(Locale.ROOT), room.node());
            }
        }
    }

    /** The node a room (id, or "code:" and a private room's code) was lost with, or null. */
    public String lostWith(String roomIdOrCode) {
        synchronized (lostRooms) {
            return roomIdOrCode == null ? null : lostRooms.get(roomIdOrCode);
        }
    }

    private <T> T lookup(int commands, java.util.function.Function<Jedis, T> work) throws Unreachable {
        if (degraded) {
            throw new Unreachable(null);
        }
        try {
            return link.lookup(commands, work);
        } catch (RedisLink.RedisDown e) {
            throw new Unreachable(e);
        }
    }

    // ---- replays (docs/replays.md, "Where replays are kept") ----

    /** How long the cluster keeps a replay file. */
    static final long REPLAY_TTL_MILLIS = 24 * 3600_000L;

    /**
     * Keeps a replay file in Redis for every node ({@code replay:ID}, a day) and lists it in {@code replays} (scored by
     * its end); beyond the newest {@code keep}, and past a day, the oldest go with their files. Sent by the cluster
     * thread; dropped (counted) while Redis is out of reach: the replay stays on this node only.
     */
    public void publishReplay(String id, long endedAtMillis, byte[] file, int keep) {
        submit(() -> link.call(5, j -> {
            j.set(key("replay:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8), file,
                    SetParams.setParams().px(REPLAY_TTL_MILLIS));
            j.zadd(key("replays"), endedAtMillis, id);
            List<String> old = new ArrayList<>(j.zrange(key("replays"), 0, -(keep + 1L)));
            old.addAll(j.zrangeByScore(key("replays"), 0, endedAtMillis - REPLAY_TTL_MILLIS));
            if (!old.isEmpty()) {
                j.zrem(key("replays"), old.toArray(String[]::new));
                j.del(old.stream().map(o -> key("replay:" + o)).toArray(String[]::new));
            }
            return null;
        }));
    }

    /** The ids of the cluster's newest replays, newest first (a lookup). */
    public List<String> newestReplays(int n) throws Unreachable {
        return lookup(1, j -> j.zrevrange(key("replays"), 0, n - 1L));
    }

    /** A replay file the cluster keeps, or null (a lookup). */
    public byte[] replayFile(String id) throws Unreachable {
        return lookup(1, j -> j.get(key("replay:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    // ---- chat and commands (any thread; sent by the cluster thread) ----

    /** The next chat id: unique in the cluster (each node draws a block of ids from Redis once). */
    public long nextChatId() {
        long block = chatBlock;
        long n = chatCounter.incrementAndGet();
        return block < 0 ? n : block * (1L << 32) + n;
    }

    /** Publishes a chat message posted on this node and adds it to the channel's history in Redis. */
    public void publishChat(ClusterMessages.Chat chat) {
        submit(() -> {
            String text = ClusterMessages.encode(chat);
            boolean lobby = chat.roomId() == null;
            String list = key(lobby ? "chat:lobby" : "chat:room:" + chat.roomId());
            link.call(lobby ? 3 : 4, j -> {
                Pipeline p = j.pipelined();
                p.publish(key(lobby ? "ch:lobby" : "ch:room:" + chat.roomId()), text);
                p.lpush(list, text);
                p.ltrim(list, 0, CHAT_HISTORY - 1);
                if (!lobby) {
                    p.pexpire(list, ROOM_CHAT_TTL_MILLIS);
                }
                p.sync();
                return null;
            });
            bytesPublished.add(text.length());
        });
    }

    /** Lobby chat lines the whole cluster publishes per second at most (each node its share). */
    public static final double LOBBY_CHAT_CLUSTER_RATE = 5;
    private double lobbyChatTokens;
    private long lobbyChatRefilled = System.nanoTime();

    /**
     * Whether this node may publish one more lobby chat line now. Every node receives every lobby line, so the
     * cluster as a whole publishes at most {@link #LOBBY_CHAT_CLUSTER_RATE} a second: each node refills its share
     * (that rate divided by the live nodes the digest counts) into a bucket of at most its share of a second and
     * never fewer than 1 or more than 3 lines, starting empty: however many nodes there are, the cluster's lobby
     * chat stays near that rate.
     */
    public synchronized boolean mayPublishLobbyChat() {
        long now = System.nanoTime();
        double share = LOBBY_CHAT_CLUSTER_RATE / Math.max(1, digest.nodes());
        lobbyChatTokens = Math.min(Math.min(3, Math.max(1, share)), lobbyChatTokens + (now - lobbyChatRefilled) / 1e9 * share);
        lobbyChatRefilled = now;
        if (lobbyChatTokens < 1) {
            return false;
        }
        lobbyChatTokens--;
        return true;
    }

    /** Tells another node that a player left whatever room it has there. */
    public void sendLeave(String node, String playerId) {
        String text = ClusterMessages.encode(new ClusterMessages.Leave(nodeId(), playerId));
        submit(() -> link.call(1, j -> j.publish(key("to:" + node), text)));
    }

    /** A Redis task for the cluster thread. */
    public interface RedisTask {
        void run() throws RedisLink.RedisDown;
    }

    /** Runs a task on the cluster thread, bounded ({@link #MAX_PENDING}); dropped and counted beyond or when down. */
    public void submit(RedisTask task) {
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

    /** Runs a task on the cluster thread and waits for it (the handover's steps). */
    public <T> T onClusterThread(java.util.concurrent.Callable<T> task, long timeoutMillis) throws Exception {
        return thread.submit(task).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    // ---- the cluster thread ----

    private void round() {
        try {
            long now = System.nanoTime();
            if (degraded || !link.up()) {
                if (!link.subscribed()) {
                    setDegraded(true); // the subscriber thread retries on its own
                    return;
                }
                if (now - lastConnectTryNanos < TimeUnit.MILLISECONDS.toNanos(250)) {
                    return;
                }
                lastConnectTryNanos = now;
                resync();
                lastPingNanos = 0;
                setDegraded(false);
                return;
            }
            writeLocal(now, false);
            if (now - lastDigestNanos >= TimeUnit.MILLISECONDS.toNanos(DIGEST_MILLIS)) {
                lastDigestNanos = now;
                lead();
            }
            if (needFullDigest) {
                readDigest();
            }
            if (now - lastWatchNanos >= TimeUnit.MILLISECONDS.toNanos(WATCH_MILLIS)) {
                lastWatchNanos = now;
                readWatchedSeats();
            }
            Set<String> rooms = watchedRooms;
            int own = written.keySet().hashCode();
            if (rooms != channelsFrom || own != channelsWritten) {
                // the rooms to hear changed (or this node's own rooms): follow their chat channels
                Set<String> channels = new HashSet<>();
                rooms.forEach(r -> channels.add(key("ch:room:" + r)));
                written.keySet().forEach(r -> channels.add(key("ch:room:" + r)));
                link.watch(channels);
                channelsFrom = rooms;
                channelsWritten = own;
            }
            // one PING at a time on the subscription; one unanswered for SILENT_BEATS heartbeats: it died silently
            if (now - lastPingNanos >= TimeUnit.MILLISECONDS.toNanos(config.heartbeatMillis())) {
                boolean answered = lastPingNanos == 0 || link.lastPongNanos() >= lastPingNanos;
                if (answered) {
                    link.ping();
                    lastPingNanos = now;
                } else if (now - lastPingNanos > TimeUnit.MILLISECONDS.toNanos(SILENT_BEATS * config.heartbeatMillis())) {
                    LOG.warning("the Redis subscription did not answer a PING for " + (SILENT_BEATS
                            * config.heartbeatMillis()) + " ms; subscribing again");
                    link.resubscribe();
                    lastPingNanos = 0;
                }
            }
        } catch (RedisLink.RedisDown e) {
            setDegraded(true);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cluster round failed", e);
        }
    }

    /**
     * Writes what changed in this node's part: its registration (every heartbeat), each room that changed or is
     * due (and deletes those that closed), and the seats of their players. {@code all}: write everything (after
     * reconnecting).
     */
    private void writeLocal(long now, boolean all) throws RedisLink.RedisDown {
        LocalState offeredNow = offered.get();
        LocalState s = offeredNow == null ? new LocalState(List.of(), 0, List.of()) : offeredNow;
        boolean stopping = draining;
        int seated = 0;
        for (LocalState.Room r : s.rooms()) {
            seated += r.members().size();
        }
        NodeInfo beat = new NodeInfo(nodeId(), config.nodePath(), incarnation, stopping, s.lobby(), seated, s.names());
        long heartbeat = TimeUnit.MILLISECONDS.toNanos(config.heartbeatMillis());
        boolean beatDue = all || now - lastBeatNanos >= heartbeat || !beat.equals(beatWritten)
                && now - lastBeatNanos >= heartbeat / 5;
        List<Runnable> after = new ArrayList<>();
        List<String> deleteKeys = new ArrayList<>();
        List<String> deletePrefixes = new ArrayList<>();
        int[] count = {0};
        String text = beatDue ? ClusterMessages.encode(new ClusterMessages.Node(beat)) : null;
        link.call(0, j -> {
            Pipeline p = j.pipelined();
            if (text != null) {
                p.eval(BEAT, List.of(key("node:" + nodeId()), key("nodes")),
                        List.of(text, Integer.toString(config.nodeTtlMillis()), nodeId()));
                count[0]++;
            }
            Set<String> open = new HashSet<>();
            for (LocalState.Room asOffered : s.rooms()) {
                RoomInfo o = asOffered.info();
                open.add(o.id());
                Written w = written.computeIfAbsent(o.id(), x -> new Written());
                if (!all && asOffered == w.offered && w.offeredDraining == stopping && w.info != null
                        && now - w.roomNanos < TimeUnit.MILLISECONDS.toNanos(ROOM_REFRESH_MILLIS)
                        && now - w.seatsNanos < TimeUnit.MILLISECONDS.toNanos(SEAT_REFRESH_MILLIS)) {
                    continue; // the very room offered and written last time: nothing can have changed
                }
                RoomInfo i = new RoomInfo(o.id(), nodeId(), config.nodePath(), o.name(), o.players(), o.capacity(),
                        o.map(), o.phase(), o.game(), o.code(), stopping);
                LocalState.Room r = new LocalState.Room(i, asOffered.members());
                after.add(() -> {
                    w.offered = asOffered;
                    w.offeredDraining = stopping;
                });
                if (all || !i.equals(w.info) || now - w.roomNanos >= TimeUnit.MILLISECONDS.toNanos(ROOM_REFRESH_MILLIS)) {
                    String room = ClusterMessages.encode(new ClusterMessages.Room(i));
                    p.set(key("room:" + i.id()), room, SetParams.setParams().px(ROOM_TTL_MILLIS));
                    count[0]++;
                    bytesPublished.add(room.length());
                    if (i.isPrivate()) {
                        p.set(key("code:" + i.code().toUpperCase(Locale.ROOT)), i.id() + " " + nodeId(),
                                SetParams.setParams().px(ROOM_TTL_MILLIS));
                        count[0]++;
                    } else {
                        p.zadd(key("rooms"), 0, i.id());
                        count[0]++;
                    }
                    if (w.info != null && w.info.code() != null && !w.info.code().equals(i.code())) {
                        deleteKeys.add(key("code:" + w.info.code().toUpperCase(Locale.ROOT)));
                        deletePrefixes.add(w.info.id() + " " + nodeId());
                    }
                    RoomInfo was = w.info;
                    after.add(() -> {
                        w.info = i;
                        w.roomNanos = now;
                    });
                    if (was == null) {
                        w.seatsNanos = now;
                    }
                }
                boolean refreshSeats = all || now - w.seatsNanos >= TimeUnit.MILLISECONDS.toNanos(SEAT_REFRESH_MILLIS);
                Map<String, Seat> seats = new HashMap<>();
                for (LocalState.Member m : r.members()) {
                    Seat seat = new Seat(i.id(), nodeId(), m.connected());
                    seats.put(m.playerId(), seat);
                    if (refreshSeats || !seat.equals(w.seats.get(m.playerId()))) {
                        p.set(key("seat:" + m.playerId()), seat.value(), SetParams.setParams().px(SEAT_TTL_MILLIS));
                        count[0]++;
                    }
                }
                for (String gone : w.seats.keySet()) {
                    if (!seats.containsKey(gone)) {
                        deleteKeys.add(key("seat:" + gone));
                        deletePrefixes.add(i.id() + " " + nodeId() + " ");
                    }
                }
                after.add(() -> {
                    w.seats = seats;
                    if (refreshSeats) {
                        w.seatsNanos = now;
                    }
                });
            }
            for (Map.Entry<String, Written> e : written.entrySet()) {
                if (!open.contains(e.getKey())) {
                    Written w = e.getValue();
                    deleteKeys.add(key("room:" + e.getKey()));
                    deletePrefixes.add("{\"v\":" + ClusterMessages.VERSION + ",\"type\":\"room\",\"node\":\"" + nodeId() + "\"");
                    if (w.info != null && w.info.code() != null) {
                        deleteKeys.add(key("code:" + w.info.code().toUpperCase(Locale.ROOT)));
                        deletePrefixes.add(e.getKey() + " " + nodeId());
                    }
                    // its id stays in the rooms set: the leader drops ids whose key is gone (a node that adopted
                    // the room in a handover has written it again)
                    for (String player : w.seats.keySet()) {
                        deleteKeys.add(key("seat:" + player));
                        deletePrefixes.add(e.getKey() + " " + nodeId() + " ");
                    }
                    after.add(() -> written.remove(e.getKey()));
                }
            }
            if (!deleteKeys.isEmpty()) {
                p.eval(DELETE_IF, deleteKeys, deletePrefixes);
                count[0]++;
            }
            if (count[0] > 0) {
                p.sync();
            }
            return null;
        });
        link.countCommands(count[0]);
        after.forEach(Runnable::run);
        if (text != null) {
            beatWritten = beat;
            lastBeatNanos = now;
            bytesPublished.add(text.length());
        }
    }

    /** Writes the registration and the rooms at once, saying that this node drains (cluster thread). */
    void writeDraining() throws RedisLink.RedisDown {
        writeLocal(System.nanoTime(), true);
    }

    /** Takes or renews the leader's lease; the leader builds the digest and sends what changed. */
    private void lead() throws RedisLink.RedisDown {
        Object held = link.call(1, j -> j.eval(LEAD, List.of(key("leader")),
                List.of(nodeId(), Long.toString(LEASE_MILLIS))));
        boolean now = Long.valueOf(1).equals(held);
        if (now && !leader) {
            LOG.info(() -> "this node builds the cluster's digest (leader)");
            built = null;
        }
        leader = now;
        if (!now) {
            return;
        }
        List<NodeInfo> nodes = link.call(2, j -> readLiveNodes(j, true));
        List<String> ids = link.call(1, j -> j.zrange(key("rooms"), 0, -1));
        List<RoomInfo> rooms = new ArrayList<>(ids.size());
        List<String> expired = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            List<String> values = link.call(1, j -> j.mget(chunk.stream().map(id -> key("room:" + id))
                    .toArray(String[]::new)));
            for (int i = 0; i < chunk.size(); i++) {
                String v = values.get(i);
                if (v == null) {
                    expired.add(chunk.get(i));
                } else if (decode(v) instanceof ClusterMessages.Room r) {
                    rooms.add(r.info());
                }
            }
        }
        if (!expired.isEmpty()) {
            link.call(1, j -> j.zrem(key("rooms"), expired.toArray(new String[0])));
        }
        Digest next = Digest.build(nodeId(), 0, nodes, rooms, built == null ? Digest.EMPTY : built);
        digestsBuilt.increment();
        long nowNanos = System.nanoTime();
        if (built != null && !next.names().equals(built.names())) {
            // the names' statuses change whenever a named player sits down or stands up: a change of status only
            // is sent at most every NAMES_MILLIS; players who came or went, at once
            boolean samePlayers = next.names().stream().map(NodeInfo.PlayerLine::playerId).toList()
                    .equals(built.names().stream().map(NodeInfo.PlayerLine::playerId).toList());
            if (samePlayers && nowNanos - namesSentNanos < TimeUnit.MILLISECONDS.toNanos(NAMES_MILLIS)) {
                next = next.withNames(built.names());
            } else {
                namesSentNanos = nowNanos;
            }
        }
        if (built != null && next.sameContent(built)) {
            return;
        }
        long seq = built == null ? Math.max(System.currentTimeMillis(), digest.seq() + 1) : built.seq() + 1;
        next = next.as(nodeId(), seq);
        String full = ClusterMessages.encode(new ClusterMessages.Full(next));
        String message = built == null || !built.leader().equals(nodeId()) ? full
                : ClusterMessages.encode(new ClusterMessages.Change(next.since(built)));
        link.call(2, j -> {
            Pipeline p = j.pipelined();
            p.set(key("directory"), full);
            p.publish(key("directory"), message);
            p.sync();
            return null;
        });
        bytesPublished.add(full.length() + message.length());
        built = next;
        digest = next;
    }

    /**
     * Every registered node alive by Redis's clock (drops from the set those whose registration expired), with
     * its registration. {@code cached}: the leader's call, which reads the registrations again only every
     * {@link #REGISTRATIONS_MILLIS} or when a node it does not know is alive (the digest's counts and names may lag
     * that much; which nodes are alive does not).
     */
    private List<NodeInfo> readLiveNodes(Jedis j, boolean cached) {
        @SuppressWarnings("unchecked")
        List<String> r = (List<String>) j.eval(NODES, List.of(key("nodes")), List.of());
        long now = Long.parseLong(r.get(r.size() - 1));
        List<String> live = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (int i = 0; i + 1 < r.size(); i += 2) {
            long age = now - (long) Double.parseDouble(r.get(i + 1));
            if (age <= config.aliveMillis()) {
                live.add(r.get(i));
            } else if (age > config.nodeTtlMillis()) {
                dead.add(r.get(i));
            }
        }
        if (!dead.isEmpty()) {
            j.zrem(key("nodes"), dead.toArray(new String[0]));
        }
        long nowNanos = System.nanoTime();
        if (cached && nowNanos - registrationsNanos < TimeUnit.MILLISECONDS.toNanos(REGISTRATIONS_MILLIS)
                && registrations.keySet().containsAll(live)) {
            List<NodeInfo> out = new ArrayList<>();
            live.forEach(id -> out.add(registrations.get(id)));
            return out;
        }
        List<NodeInfo> out = new ArrayList<>();
        Map<String, NodeInfo> read = new HashMap<>();
        if (!live.isEmpty()) {
            List<String> values = j.mget(live.stream().map(id -> key("node:" + id)).toArray(String[]::new));
            for (String v : values) {
                if (v != null && decode(v) instanceof ClusterMessages.Node n) {
                    out.add(n.info());
                    read.put(n.info().node(), n.info());
                }
            }
        }
        if (cached) {
            registrations = read;
            registrationsNanos = nowNanos;
        }
        return out;
    }

    /** Reads the whole digest (after reconnecting, or when a change did not apply). */
    private void readDigest() throws RedisLink.RedisDown {
        String v = link.call(1, j -> j.get(key("directory")));
        needFullDigest = false;
        if (v != null && decode(v) instanceof ClusterMessages.Full f) {
            acceptDigest(f.digest());
        }
    }

    private synchronized void acceptDigest(Digest d) {
        Digest held = digest;
        if (!d.leader().equals(held.leader()) || d.seq() > held.seq()) {
            digest = d;
        }
    }

    private void readWatchedSeats() throws RedisLink.RedisDown {
        Set<String> players = watchedPlayers;
        if (players.isEmpty()) {
            watchedSeats = Map.of();
            return;
        }
        List<String> ids = new ArrayList<>(players);
        List<String> values = link.call(1, j -> j.mget(ids.stream().map(p -> key("seat:" + p)).toArray(String[]::new)));
        Map<String, Seat> seats = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Seat s = Seat.parse(values.get(i));
            if (s != null) {
                seats.put(ids.get(i), s);
            }
        }
        watchedSeats = Collections.unmodifiableMap(seats);
    }

    /**
     * After (re)connecting: takes a chat id block, writes everything of this node again (unless the same Redis
     * server answers as before: a subscription opened again after a silence lost nothing), reads the digest and
     * the chat histories.
     */
    private void resync() throws RedisLink.RedisDown {
        if (chatBlock < 0) {
            chatBlock = link.call(1, j -> j.incr(key("chat:block")));
        }
        String info = link.call(1, j -> j.info("server"));
        String runId = info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElse("run_id:?").substring(7);
        if (!runId.equals(serverRunId)) {
            // a new server (first connection, a restart, a failover): it may have lost our keys
            written.values().forEach(w -> w.info = null);
            writeLocal(System.nanoTime(), true);
            serverRunId = runId;
        }
        readDigest();
        host.onHistory(null, chats(link.call(1, j -> j.lrange(key("chat:lobby"), 0, CHAT_HISTORY - 1))));
        for (String room : watchedRooms) {
            host.onHistory(room, chats(link.call(1, j -> j.lrange(key("chat:room:" + room), 0, CHAT_HISTORY - 1))));
        }
        LOG.info(() -> "cluster resynchronised: " + digest.nodes() + " node(s), " + digest.players() + " player(s)");
    }

    private List<ClusterMessages.Chat> chats(List<String> newestFirst) {
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
            host.onStatus(now);
        }
    }

    /** A message from a channel (subscriber thread). */
    private void received(String channel, String text) {
        ClusterMessages.Message m = decode(text);
        if (m == null || m.node().equals(nodeId())) {
            return;
        }
        if (m instanceof ClusterMessages.Full f) {
            acceptDigest(f.digest());
        } else if (m instanceof ClusterMessages.Change c) {
            synchronized (this) {
                Digest next = c.delta().applyTo(digest);
                if (next != null) {
                    digest = next;
                } else if (c.delta().seq() > digest.seq() || !c.delta().leader().equals(digest.leader())) {
                    needFullDigest = true; // read by the cluster thread at its next round
                }
            }
        } else if (m instanceof ClusterMessages.Chat c) {
            host.onChat(c);
        } else if (m instanceof ClusterMessages.Leave lv) {
            host.onLeave(lv.playerId());
        } else if (m instanceof ClusterMessages.Adopt || m instanceof ClusterMessages.Adopted) {
            host.onHandover(m);
        } else {
            badMessages.increment(); // a registration or a room entry has no business on a channel
        }
    }

    ClusterMessages.Message decode(String text) {
        try {
            return ClusterMessages.decode(text);
        } catch (ClusterMessages.BadMessage e) {
            badMessages.increment();
            long now = System.nanoTime();
            long last = lastBadLogNanos.get();
            if (now - last > 1_000_000_000L && lastBadLogNanos.compareAndSet(last, now)) {
                LOG.warning("dropped a bad cluster message (" + badMessages.sum() + " so far): " + e.getMessage());
            }
            return null;
        }
    }

    // ---- figures ----

    public long redisCommands() {
        return link.commands();
    }

    public long messagesReceived() {
        return link.received();
    }

    public long bytesReceived() {
        return link.receivedChars();
    }

    public long badMessages() {
        return badMessages.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long bytesPublished() {
        return bytesPublished.sum();
    }

    public long digestsBuilt() {
        return digestsBuilt.sum();
    }

    void published(long bytes) {
        bytesPublished.add(bytes);
    }

    /**
     * Leaves the cluster: stops the threads, deletes this node's registration, rooms and seats (the digest drops
     * them within a second) and gives up the lead. Idempotent.
     */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor t;
        synchronized (this) {
            t = thread;
            thread = null;
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
            offered.set(new LocalState(List.of(), 0, List.of()));
            writeLocal(System.nanoTime(), false);
            link.call(3, j -> {
                Pipeline p = j.pipelined();
                p.del(key("node:" + nodeId()));
                p.zrem(key("nodes"), nodeId());
                p.eval(DELETE_IF, List.of(key("leader")), List.of(nodeId()));
                p.sync();
                return null;
            });
        } catch (RedisLink.RedisDown | RuntimeException | LinkageError e) {
            LOG.info("could not tell the cluster that this node leaves (its registration expires by itself): " + e);
        }
        link.close();
    }
}
