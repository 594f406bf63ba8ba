package dev.skirmish.engine.cluster;

import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.RoomException;
import dev.skirmish.engine.room.RoomHandover;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.room.Seat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * The handover of rooms between nodes (cluster mode): a stopping node freezes each room in play, saves it to
 * Redis and asks another node to adopt it, then tells its players where their room went (MOVED); the adopting
 * node restores the room and answers. Both sides run here; {@link ClusterService} owns the threads and Redis.
 */
final class Handover {
    private static final Logger LOG = Logger.getLogger(Handover.class.getName());
    /** How long a handed-over room's state stays in Redis for the adopting node. */
    static final long HANDOVER_KEY_TTL_MILLIS = 60_000;
    /** How long a stopping node waits for the players of moved rooms to leave for their new node. */
    static final long MOVE_GRACE_MILLIS = 2_000;

    private final ClusterService owner;
    private final RedisLink link;
    private final RoomService rooms;
    /** Rooms handed over and waiting for their adoption, by room id. */
    private final Map<String, CompletableFuture<ClusterMessages.Adopted>> adoptions = new ConcurrentHashMap<>();

    Handover(ClusterService owner, RedisLink link, RoomService rooms) {
        this.owner = owner;
        this.link = link;
        this.rooms = rooms;
    }

    /** The answer to one of our adopt requests arrived (subscriber thread). */
    void answered(ClusterMessages.Adopted a) {
        CompletableFuture<ClusterMessages.Adopted> waiting = adoptions.remove(a.roomId());
        if (waiting != null) {
            waiting.complete(a);
        }
    }

    /**
     * Loads, before any stop, what the graceful stop uses. While the application is undeployed its class loader
     * loads no more classes (measured: the room freeze failed with NoClassDefFoundError for
     * {@code RoomHandover$Member}), so the handover must not be the first to use a class. Every engine class is
     * loaded from the list the build writes ({@code preload.txt} beside this class, by {@code tools.ClassList}: no
     * hand-kept list to forget a class in), and each game's save and restore runs once on a throwaway world, which
     * loads the game's own classes.
     */
    void preload() {
        int loaded = preloadEngineClasses();
        for (var offered : rooms.manager().games()) {
            preload(offered.game());
        }
        preloadMessages();
        // the Redis client's classes that only the handover uses (the rest it loads in normal operation)
        List<Class<?>> client = List.of(SetParams.class, Pipeline.class);
        LOG.fine(() -> "preloaded " + loaded + " engine classes and " + client.size()
                + " Redis client classes for the graceful stop");
    }

    /** Loads every class the build listed in {@code preload.txt}; returns how many. */
    static int preloadEngineClasses() {
        java.io.InputStream in = Handover.class.getResourceAsStream("preload.txt");
        if (in == null) {
            throw new IllegalStateException("dev/skirmish/engine/cluster/preload.txt is missing: the build writes it"
                    + " (process-classes); a graceful stop could not hand rooms over without it");
        }
        ClassLoader loader = Handover.class.getClassLoader();
        int n = 0;
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                StandardCharsets.UTF_8))) {
            for (String name = r.readLine(); name != null; name = r.readLine()) {
                if (!name.isBlank()) {
                    Class.forName(name.strip(), false, loader);
                    n++;
                }
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("could not preload the engine's classes: " + e, e);
        }
        return n;
    }

    /** One game's part of {@link #preload()}: a world made, saved, wrapped, unwrapped and restored. */
    private void preload(dev.skirmish.engine.spi.Game<?> game) {
        var w = game.newWorld(1);
        w.join("warm-up");
        w.takeEvents();
        byte[] saved = w.save();
        RoomHandover.State state = RoomHandover.decode(RoomHandover.encode(new RoomHandover.State("warm", "warm", "WARM",
                2, game.name(), List.of(new RoomHandover.Member("p", "warm-up", 1)), saved)));
        game.restore(state.world());
    }

    /** The cluster messages and frames of a handover, once. */
    private void preloadMessages() {
        StreamFrames.moved("warm");
        RoomInfo room = new RoomInfo("warm", owner.nodeId(), "n/warm/", "warm", 1, 2, "warm", "waiting", "warm", null,
                true);
        Digest digest = Digest.build(owner.nodeId(), 1, List.of(), List.of(room));
        for (ClusterMessages.Message m : List.of(new ClusterMessages.Room(room),
                new ClusterMessages.Node(new NodeInfo(owner.nodeId(), "n/warm/", 1, true, 0, 0, List.of())),
                new ClusterMessages.Full(digest), new ClusterMessages.Change(digest.since(Digest.EMPTY)),
                new ClusterMessages.Adopt(owner.nodeId(), "warm"), new ClusterMessages.Adopted(owner.nodeId(), "warm", true, "warm"),
                new ClusterMessages.Leave(owner.nodeId(), "warm"),
                new ClusterMessages.Chat(owner.nodeId(), 1, "warm", List.of("p"), "p", "warm", "warm", 1))) {
            try {
                ClusterMessages.decode(ClusterMessages.encode(m));
            } catch (ClusterMessages.BadMessage e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private String handoverKey(String roomId) {
        return owner.channel("handover:" + roomId);
    }

    /** Takes over a room another node hands over (cluster thread), and answers it. */
    void adopt(ClusterMessages.Adopt a) {
        boolean ok = false;
        String reason;
        try {
            if (rooms.stopping() || owner.draining()) {
                reason = "node " + owner.nodeId() + " is stopping too";
            } else {
                byte[] saved = link.call(1, j -> j.get(handoverKey(a.roomId()).getBytes(StandardCharsets.UTF_8)));
                if (saved == null) {
                    reason = "no saved state under " + handoverKey(a.roomId());
                } else {
                    long started = System.nanoTime();
                    LocalRoom room = rooms.manager().adopt(RoomHandover.decode(saved));
                    ok = true;
                    reason = "adopted in " + (System.nanoTime() - started) / 1000 + " us";
                    LOG.info(() -> "adopted room " + room.id() + " from node " + a.node());
                }
            }
        } catch (RedisLink.RedisDown e) {
            reason = "Redis does not answer";
        } catch (IllegalArgumentException | RoomException e) {
            reason = e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not adopt room " + a.roomId(), e);
            reason = "internal error: " + e;
        }
        String answer = ClusterMessages.encode(new ClusterMessages.Adopted(owner.nodeId(), a.roomId(), ok, reason));
        if (!ok) {
            String why = reason;
            LOG.warning(() -> "did not adopt room " + a.roomId() + " from node " + a.node() + ": " + why);
        }
        try {
            link.call(1, j -> j.publish(owner.channel("to:" + a.node()), answer));
        } catch (RedisLink.RedisDown e) {
            LOG.warning("could not answer node " + a.node() + " about room " + a.roomId());
        }
    }

    /** A room frozen and offered to {@code node}, waiting for its answer. */
    private record Pending(LocalRoom room, String node, String path, LocalRoom.Frozen frozen,
                           CompletableFuture<ClusterMessages.Adopted> answer) {
    }

    /**
     * The graceful stop's first step in cluster mode (SIGTERM, undeploy): says this node is draining, then
     * freezes each room in play, saves it to Redis and asks the least busy other node to adopt it; once adopted,
     * each connected player gets a MOVED frame with a ticket to its seat on the new node, and the room ends here
     * (4007 for streams still open after {@link #MOVE_GRACE_MILLIS}). Rooms that no node adopts within
     * {@code cluster.handoverTimeoutMillis} stay frozen and end with the shutdown's 1001. Blocks the caller.
     */
    ClusterService.HandoverReport handOverRooms() {
        try {
            return handOver();
        } catch (RuntimeException | LinkageError e) {
            // the stop goes on without a handover: its rooms end with 1001 as on a single node
            LOG.log(Level.SEVERE, "handover failed", e);
            return new ClusterService.HandoverReport(0, 0, 0, 0);
        }
    }

    private ClusterService.HandoverReport handOver() {
        long start = System.nanoTime();
        if (!owner.publishDraining()) {
            return new ClusterService.HandoverReport(0, 0, 0, 0);
        }
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(owner.settings().handoverTimeoutMillis());
        RoomManager m = rooms.manager();
        List<LocalRoom> inPlay = m.localRooms().stream().filter(r -> !r.isClosed() && r.playersInWorld() > 0).toList();
        Map<String, Integer> load = new LinkedHashMap<>();
        if (target(load).isEmpty()) {
            LOG.warning("no other node can take this node's " + inPlay.size() + " room(s) in play; they end with the"
                    + " shutdown");
            return new ClusterService.HandoverReport(inPlay.size(), 0, 0, 0);
        }
        // one room at a time, all the way to its players' MOVED: the other rooms play on meanwhile, so each room
        // pauses only for its own handover (freezing them all first made the later ones wait for the earlier ones)
        int moved = 0;
        List<Seat> leaving = new ArrayList<>();
        List<LocalRoom> movedRooms = new ArrayList<>();
        try {
            for (LocalRoom room : inPlay) {
                Optional<NodeInfo> target = target(load);
                if (target.isEmpty()) {
                    LOG.warning("the other nodes left during the handover; the remaining rooms end with the shutdown");
                    break;
                }
                Pending p = offer(room, target.get(), deadline);
                if (p == null) {
                    continue;
                }
                load.merge(p.node(), room.playersInWorld(), Integer::sum);
                if (adopted(p, deadline)) {
                    moved++;
                    movedRooms.add(room);
                    for (Seat s : p.frozen().connected()) {
                        String path = RoomManager.gamePath(p.path(), room.id(),
                                m.signedTicket(room.id(), s.playerId(), s.nickname()));
                        s.connection().sendControl(StreamFrames.moved(path));
                        leaving.add(s);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int told = leaving.size();
        // the players' clients close their old streams as they move; wait a little for them, then close the rest
        long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOVE_GRACE_MILLIS);
        while (System.nanoTime() < graceEnd && leaving.stream().anyMatch(s -> s.connection().isOpen())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        movedRooms.forEach(m::closeMoved);
        ClusterService.HandoverReport report = new ClusterService.HandoverReport(inPlay.size(), moved, told,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        LOG.info(() -> "handover: " + report.roomsMoved() + " of " + report.roomsInPlay() + " room(s) in play moved, "
                + report.playersTold() + " player(s) told where, in " + report.millis() + " ms");
        return report;
    }

    /** Freezes a room, saves it to Redis and asks {@code target} to adopt it; null when that failed. */
    private Pending offer(LocalRoom room, NodeInfo target, long deadline) throws InterruptedException {
        try {
            LocalRoom.Frozen frozen = room.freeze().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            byte[] saved = RoomHandover.encode(frozen.state());
            CompletableFuture<ClusterMessages.Adopted> answer = new CompletableFuture<>();
            adoptions.put(room.id(), answer);
            String ask = ClusterMessages.encode(new ClusterMessages.Adopt(owner.nodeId(), room.id()));
            link.call(2, j -> {
                Pipeline p = j.pipelined();
                p.set(handoverKey(room.id()).getBytes(StandardCharsets.UTF_8), saved,
                        SetParams.setParams().px(HANDOVER_KEY_TTL_MILLIS));
                p.publish(owner.channel("to:" + target.node()), ask);
                p.sync();
                return null;
            });
            owner.published(saved.length);
            return new Pending(room, target.node(), target.path(), frozen, answer);
        } catch (ExecutionException | TimeoutException | RedisLink.RedisDown e) {
            adoptions.remove(room.id());
            LOG.warning("could not hand room " + room.id() + " over: " + e);
            return null;
        }
    }

    /** Waits for the answer to an offer; true if the room was adopted. */
    private boolean adopted(Pending p, long deadline) throws InterruptedException {
        try {
            ClusterMessages.Adopted a = p.answer().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!a.ok()) {
                LOG.warning("node " + p.node() + " refused room " + p.room().id() + ": " + a.reason());
            }
            return a.ok();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning("node " + p.node() + " did not adopt room " + p.room().id() + " in time");
            return false;
        } finally {
            adoptions.remove(p.room().id());
        }
    }

    /** The live, not draining other node with the fewest players (counting what this handover already sent it). */
    private Optional<NodeInfo> target(Map<String, Integer> sent) {
        List<NodeInfo> nodes;
        try {
            nodes = owner.node().liveNodes();
        } catch (ClusterNode.Unreachable e) {
            return Optional.empty();
        }
        return nodes.stream().filter(n -> !n.draining() && !n.node().equals(owner.nodeId()))
                .min(Comparator.comparingInt((NodeInfo n) -> n.seated() + sent.getOrDefault(n.node(), 0))
                        .thenComparing(NodeInfo::node));
    }
}
