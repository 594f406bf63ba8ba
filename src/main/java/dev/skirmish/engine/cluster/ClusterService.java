package dev.skirmish.engine.cluster;

import dev.skirmish.engine.config.ClusterSettings;
import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.config.RedisAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * This node's part in the cluster (cluster mode only; see docs/scaling.md): the container's side of a
 * {@link ClusterNode}, which does the work in plain Java. It starts the node on the container's threads, routes
 * what the cluster sends to the lobby ({@link ClusterNode.Host}) and to the handover of rooms on a graceful stop
 * ({@link Handover}), and says whether the node runs in a cluster at all. On a single node it does nothing and
 * answers empty.
 */
@ApplicationScoped
public class ClusterService {
    private static final Logger LOG = Logger.getLogger(ClusterService.class.getName());
    /** Chat messages kept per channel in Redis (and sent on join). */
    public static final int CHAT_HISTORY = ClusterNode.CHAT_HISTORY;

    /** What the lobby does with what comes from the cluster. Called on the subscriber or cluster thread. */
    public interface Listener {
        /** A chat message posted on another node. */
        void onChat(ClusterMessages.Chat chat);

        /** A channel's chat history, read from Redis after (re)connecting: the lobby's ({@code roomId} null). */
        void onHistory(String roomId, List<ClusterMessages.Chat> oldestFirst);

        /** Redis stopped answering (degraded) or answers again. */
        void onStatus(boolean degraded);
    }

    @Inject
    GameSettings settings;

    @Inject
    RoomService rooms;

    private volatile ClusterNode node;
    private volatile Listener listener;
    private Handover handover;
    private volatile boolean stopped;
    /** Chat ids on a single node. */
    private final java.util.concurrent.atomic.AtomicLong localChatIds = new java.util.concurrent.atomic.AtomicLong();

    /** What the handover needs of this service. */
    ClusterSettings settings() {
        return cluster();
    }

    boolean draining() {
        ClusterNode n = node;
        return n != null && n.draining();
    }

    void published(long bytes) {
        node.published(bytes);
    }

    /** The running node (cluster mode, after {@link #start()}), or null. */
    public ClusterNode node() {
        return node;
    }

    /**
     * Marks this node as draining and writes that at once (on the cluster thread); false if that failed, in which
     * case rooms stay here and end with the shutdown.
     */
    boolean publishDraining() {
        ClusterNode n = node;
        n.drain();
        try {
            n.onClusterThread(() -> {
                n.writeDraining();
                return null;
            }, cluster().redisTimeoutMillis() * 2L);
            return true;
        } catch (Exception e) {
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
        if (!enabled() || node == null || stopped || h == null) {
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

    /** The next chat id: unique in the cluster in cluster mode, a local count otherwise. */
    public long nextChatId() {
        ClusterNode n = node;
        return n == null ? localChatIds.incrementAndGet() : n.nextChatId();
    }


    /** The cluster's lobby in brief (empty for a single node or before the first digest). */
    public Digest digest() {
        ClusterNode n = node;
        return n == null ? Digest.EMPTY : n.digest();
    }

    /** Whether the node is in cluster mode and cannot reach Redis now. */
    public boolean degraded() {
        ClusterNode n = node;
        return enabled() && (n == null || n.degraded());
    }

    /** The lobby registers itself to receive chat, history and status changes. */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** Connects and starts the cluster threads (idempotent; nothing in single-node mode). The lobby starts it. */
    public synchronized void start() {
        if (!enabled() || node != null || stopped) {
            return;
        }
        ClusterSettings c = cluster();
        ManagedThreadFactory threads = rooms.threadFactory(); // the container's, looked up by RoomService
        ClusterNode n = new ClusterNode(new ClusterNode.Config(c.redisUrl(), c.redisCaFile(), c.nodeId(), c.nodePath(), c.keyPrefix(),
                c.heartbeatMillis(), c.nodeTtlMillis(), c.redisTimeoutMillis()), new ClusterNode.Host() {
            @Override
            public void onChat(ClusterMessages.Chat chat) {
                Listener l = listener;
                if (l != null) {
                    l.onChat(chat);
                }
            }

            @Override
            public void onHistory(String roomId, List<ClusterMessages.Chat> oldestFirst) {
                Listener l = listener;
                if (l != null) {
                    l.onHistory(roomId, oldestFirst);
                }
            }

            @Override
            public void onStatus(boolean degraded) {
                Listener l = listener;
                if (l != null) {
                    l.onStatus(degraded);
                }
            }

            @Override
            public void onLeave(String playerId) {
                rooms.manager().leave(playerId);
            }

            @Override
            public void onHandover(ClusterMessages.Message m) {
                if (m instanceof ClusterMessages.Adopt a) {
                    node.submit(() -> handover.adopt(a)); // bounded like any work for the cluster thread
                } else if (m instanceof ClusterMessages.Adopted a) {
                    handover.answered(a);
                }
            }
        }, threads);
        node = n;
        int keep = settings.replays().keep();
        rooms.manager().replays().share(new dev.skirmish.engine.replay.ReplayStore.Shared() {
            @Override
            public void publish(String id, long endedAtMillis, byte[] file) {
                n.publishReplay(id, endedAtMillis, file, keep);
            }

            @Override
            public List<String> newest(int count) throws Exception {
                return n.newestReplays(count);
            }

            @Override
            public byte[] file(String id) throws Exception {
                return n.replayFile(id);
            }
        });
        handover = new Handover(this, n.link(), rooms);
        handover.preload();
        n.start();
        LOG.info(() -> "cluster node " + c.nodeId() + " at /" + c.nodePath() + ", Redis " + RedisAddress.parse(c.redisUrl()));
    }

    String channel(String name) {
        return cluster().keyPrefix() + name;
    }

    /**
     * Leaves the cluster: deletes this node's registration, rooms and seats (the others' lobbies drop them within
     * about a second). Idempotent; also runs when the container destroys the bean.
     */
    @PreDestroy
    public void stop() {
        ClusterNode n;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            n = node;
        }
        if (n != null) {
            n.close();
            LOG.info("cluster node " + nodeId() + " left the cluster");
        }
    }
}
