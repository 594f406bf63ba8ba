package dev.skirmish.engine.web;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.metrics.Exposition;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.room.TickLoop;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.Function;

/**
 * The server's figures in the Prometheus text format (version 0.0.4) at {@code /metrics}: tick duration per tick
 * thread (histogram) and per room (p50, p99, max), overruns, rooms, players, connections, snapshots sent,
 * skipped, full and their bytes, input queue depth, send queue depth, server-added input latency and snapshot
 * encode time, and JVM heap, threads and garbage collection. Read-only; the bot swarm reads it. The text is written
 * by the Prometheus Java client (see {@link Exposition}); the names are part of the product and stay as they are.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Finer bounds around the 1 ms regularity goal, for the snapshot interval deviation. */
    private static final double[] DEVIATION_BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.002, 0.004,
        0.008, 0.0167, 0.033};
    /** Bucket bounds of the other exported histograms, in seconds. */
    private static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.0167, 0.033, 0.1};

    @Inject
    transient dev.skirmish.engine.cluster.ClusterService cluster;

    @Inject
    transient RoomService rooms;

    @Inject
    transient ConnectionRegistry registry;

    @Inject
    transient Warmup warmup;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Exposition m = new Exposition();
        List<TickLoop> loops = rooms.manager().loops();
        perLoop(m, "skirmish_tick_duration_seconds", "Wall time of one tick of a tick thread (all its rooms).",
                BOUNDS, loops, TickLoop::tickNanos);
        perLoop(m, "skirmish_tick_cpu_seconds", "CPU time of one tick of a tick thread.", BOUNDS, loops,
                TickLoop::tickCpuNanos);
        Exposition.Series overruns = m.counters("skirmish_tick_overruns_total",
                "Ticks that started late (the loop fell behind).");
        Exposition.Series resets = m.counters("skirmish_tick_schedule_resets_total",
                "Times a loop gave up catching up and restarted its schedule.");
        for (TickLoop loop : loops) {
            overruns.add(loop.overruns(), "loop", loop.name());
            resets.add(loop.scheduleResets(), "loop", loop.name());
        }
        overruns.done();
        resets.done();
        perLoop(m, "skirmish_input_latency_seconds",
                "Input arrival to the hand-over of the first snapshot acknowledging it.", BOUNDS, loops,
                TickLoop::inputLatency);
        perLoop(m, "skirmish_snapshot_encode_seconds", "Time to select and encode one player's snapshot.", BOUNDS,
                loops, TickLoop::snapshotEncodeNanos);
        perLoop(m, "skirmish_snapshot_interval_deviation_seconds", "For each room's snapshot round: how far the time "
                + "since its previous round is from the schedule (regularity of snapshots leaving the server).",
                DEVIATION_BOUNDS, loops, TickLoop::snapshotIntervalDeviation);
        Exposition.Summaries roomTicks = m.summaries("skirmish_room_tick_seconds",
                "Wall time of one room's tick since the room opened.");
        int roomCount = 0;
        long players = 0;
        long spectators = 0;
        long inputDepth = 0;
        for (TickLoop loop : loops) {
            for (LocalRoom r : loop.rooms()) {
                if (warmup.isWarmupRoom(r.id())) {
                    continue; // the warm-up's synthetic players are counted apart (below)
                }
                roomCount++;
                players += r.playersInWorld();
                spectators += r.spectators();
                inputDepth += r.inputQueueDepth();
                roomTicks.add(r.tickNanos().view(), "room", r.id());
            }
        }
        roomTicks.done();
        m.gauge("skirmish_rooms", "Open rooms.", roomCount);
        m.gauge("skirmish_players", "Players in a world (playing or holding a seat).", players);
        m.gauge("skirmish_spectators", "Spectators watching a room (no seat; at most room.maxSpectators a room).",
                spectators);
        m.gauge("skirmish_connections", "Open WebSocket connections (lobby and game).", registry.size());
        var replays = rooms.manager().replays();
        m.gauge("skirmish_replay_viewers", "Replay streams playing (at most replay.maxViewers).",
                rooms.manager().theatre().viewers());
        m.gauge("skirmish_replay_bytes", "Bytes of replay files this node holds (at most replay.storeMegabytes).",
                replays.bytes());
        m.counter("skirmish_replays_kept_total", "Finished matches this node recorded and kept as replays.",
                replays.added());
        m.counter("skirmish_replays_dropped_total", "Finished matches not kept: the compressing queue was full or"
                + " the file larger than the whole store.", replays.dropped());
        m.counter("skirmish_replays_evicted_total", "Replays removed to make room for newer ones.", replays.evicted());
        m.gauge("skirmish_warmup_state", "The warm-up before ready: 0 not started, 1 warming, 2 over (or off).",
                warmup.warm() ? 2 : warmup.state().ordinal());
        m.gauge("skirmish_warmup_players", "Synthetic players of the warm-up connected now (not in skirmish_players).",
                warmup.clients());
        m.gauge("skirmish_warmup_seconds", "How long the warm-up ran (so far).", warmup.seconds());
        m.counter("skirmish_warmup_frames_total", "Frames the warm-up's synthetic players received from the node.",
                warmup.framesIn());
        DurationHistogram.View push = registry.lobbyPushNanos().view();
        m.histograms("skirmish_lobby_push_seconds",
                "Time of one lobby push round (room-list and presence changes sent to every lobby connection).",
                BOUNDS).add(push).done();
        m.gauge("skirmish_lobby_push_max_seconds", "Longest lobby push round since the server started.",
                push.maxNanos() / 1e9);
        m.gauge("skirmish_input_queue_depth", "Inputs waiting in the players' queues at the last tick.", inputDepth);
        long[] send = registry.sendQueueDepth();
        m.gauge("skirmish_send_queue_depth", "Control frames waiting in the connections' send queues.", send[0]);
        m.gauge("skirmish_send_queue_depth_max", "The longest send queue of one connection.", send[1]);
        long[] held = registry.heldBytes();
        m.gauge("skirmish_send_held_bytes", "Bytes held for clients: waiting control frames and frames in flight.",
                held[0]);
        m.gauge("skirmish_send_held_bytes_max", "The most bytes held for one connection.", held[1]);
        long[] unacked = registry.unacknowledgedBytes();
        m.gauge("skirmish_send_unacknowledged_bytes", "Bytes sent that clients have not acknowledged (pong).",
                unacked[0]);
        m.gauge("skirmish_send_unacknowledged_bytes_max", "The most unacknowledged bytes of one connection.",
                unacked[1]);
        Exposition.Series closes = m.counters("skirmish_closes_total",
                "WebSocket closes this server initiated, by close code.");
        for (CloseCodes c : CloseCodes.values()) {
            closes.add(registry.closes(c), "code", Integer.toString(c.code()), "name", c.name());
        }
        closes.done();
        m.counter("skirmish_internal_errors_total", "Unexpected failures caught at the WebSocket edge (bugs).",
                registry.internalErrors());
        Transport transport = registry.transport();
        m.counter("skirmish_websocket_idle_timer_bypassed_total", "WebSocket sessions whose per-message idle-timer "
                + "task was bypassed (Tyrus; see IdleTimerBypass).", transport.bypassed());
        m.counter("skirmish_websocket_idle_timer_not_bypassed_total", "WebSocket sessions on which the idle-timer "
                + "bypass could not be installed (another container; the log says why once).", transport.notBypassed());
        m.gauge("skirmish_send_threads", "Threads that hand frames to the container (see Transport).",
                transport.threads());
        m.gauge("skirmish_send_queued", "Sends waiting for a sender thread now.", transport.queued());
        m.counter("skirmish_sends_total", "Snapshots and pings the sender threads handed to the container since start.",
                transport.sends());
        m.counter("skirmish_send_rejected_total", "Sends refused because a sender queue was full (their connections"
                + " were closed with 1013).", transport.rejected());
        if (cluster.enabled()) {
            cluster(m);
        }
        long[] t = rooms.manager().roomTotals();
        m.counter("skirmish_snapshots_sent_total", "Snapshots handed to sockets.", t[0]);
        m.counter("skirmish_snapshots_skipped_total",
                "Snapshots skipped because the previous one was still in flight.", t[1]);
        m.counter("skirmish_snapshot_bytes_total",
                "Bytes of snapshot frames handed to sockets (WebSocket headers not included).", t[2]);
        m.counter("skirmish_snapshots_full_total", "Full snapshots (joins, resumes, resyncs).", t[3]);
        m.counter("skirmish_input_held_ticks_total", "Player ticks applied with a held input (the client had sent "
                + "nothing for them yet; docs/protocol.md \"Holding\").", t[4]);
        m.counter("skirmish_input_late_runs_total", "Input runs that arrived after all their ticks had been "
                + "applied with a held input (network jitter beyond input.jitterMillis); the newest is applied late.", t[5]);
        jvm(m);
        resp.setContentType(Exposition.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        m.write(resp.getOutputStream());
    }

    private static void perLoop(Exposition m, String name, String help, double[] bounds, List<TickLoop> loops,
                                Function<TickLoop, DurationHistogram> histogram) {
        Exposition.Histograms family = m.histograms(name, help, bounds);
        for (TickLoop loop : loops) {
            family.add(histogram.apply(loop).view(), "loop", loop.name());
        }
        family.done();
    }

    private void cluster(Exposition m) {
        m.gauge("skirmish_cluster_degraded", "1 while this node cannot reach Redis (the lobby shows its own rooms"
                + " and players only), else 0.", cluster.degraded() ? 1 : 0);
        var d = cluster.digest();
        m.gauge("skirmish_cluster_nodes", "Live nodes, this one included, as the latest digest counts them.", d.nodes());
        m.gauge("skirmish_cluster_players", "Players greeted in every live node's lobby, as the latest digest counts"
                + " them.", d.players());
        var n = cluster.node();
        if (n == null) {
            return;
        }
        m.gauge("skirmish_cluster_leader", "1 while this node builds the cluster's digest, else 0.", n.leader() ? 1 : 0);
        m.counter("skirmish_cluster_redis_commands_total", "Redis commands this node sent (a pipeline of n counts n).",
                n.redisCommands());
        m.counter("skirmish_cluster_messages_received_total", "Messages this node received on its Redis channels.",
                n.messagesReceived());
        m.counter("skirmish_cluster_received_bytes_total", "Bytes of the messages this node received on its Redis"
                + " channels.", n.bytesReceived());
        m.counter("skirmish_cluster_bad_messages_total", "Messages on the Redis channels or in its keys that were not"
                + " ours (dropped).", n.badMessages());
        m.counter("skirmish_cluster_dropped_total",
                "Chat messages and commands not sent (Redis down or too many waiting).", n.dropped());
        m.counter("skirmish_cluster_digests_built_total", "Digests this node built while it was the leader.",
                n.digestsBuilt());
        m.counter("skirmish_cluster_published_bytes_total", "Bytes of registrations, room entries, digests, chat and"
                + " handed-over rooms this node wrote or published.", n.bytesPublished());
    }

    private void jvm(Exposition m) {
        DurationHistogram.View pauses = rooms.gcPauses().pauses().view();
        m.histograms("skirmish_jvm_gc_pause_seconds", "Duration of each garbage collection as the JVM reports it.",
                BOUNDS).add(pauses).done();
        m.gauge("skirmish_jvm_gc_pause_max_seconds", "Longest collection since the server started.",
                pauses.maxNanos() / 1e9);
        Exposition.Series collections = m.counters("skirmish_jvm_gc_collections_total", "Collections per collector.");
        Exposition.Series collecting = m.counters("skirmish_jvm_gc_collection_seconds_total",
                "Time spent collecting, per collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections.add(gc.getCollectionCount(), "gc", gc.getName());
            collecting.add(gc.getCollectionTime() / 1000.0, "gc", gc.getName());
        }
        collections.done();
        collecting.done();
        m.gauge("skirmish_jvm_heap_used_bytes", "Heap in use.",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            afterGc += u == null ? 0 : u.getUsed();
        }
        m.gauge("skirmish_jvm_heap_after_gc_bytes",
                "Heap in use after the last collection of each heap pool (after a full GC: the live heap).", afterGc);
        m.gauge("skirmish_jvm_threads", "Live threads.", ManagementFactory.getThreadMXBean().getThreadCount());
        m.gauge("skirmish_jvm_classes_loaded", "Classes loaded now.",
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.counter("process_cpu_seconds_total", "CPU time of the whole server process (all threads).",
                    Math.max(0, os.getProcessCpuTime()) / 1e9);
        }
    }
}
