package dev.skirmish.web;

import dev.skirmish.metrics.DurationHistogram;
import dev.skirmish.room.LocalRoom;
import dev.skirmish.room.RoomService;
import dev.skirmish.room.TickLoop;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The server's figures in the Prometheus text format (version 0.0.4) at {@code /metrics}: tick duration per tick
 * thread (histogram) and per room (p50, p99, max), overruns, rooms, players, connections, snapshots sent,
 * skipped, full and their bytes, input queue depth, send queue depth, server-added input latency and snapshot
 * encode time, and JVM heap, threads and garbage collection. Read-only; the bot swarm reads it.
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
    transient dev.skirmish.cluster.ClusterService cluster;

    @Inject
    transient RoomService rooms;

    @Inject
    transient ConnectionRegistry registry;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder b = new StringBuilder(8192);
        List<TickLoop> loops = rooms.manager().loops();
        type(b, "skirmish_tick_duration_seconds", "histogram", "Wall time of one tick of a tick thread (all its rooms).");
        for (TickLoop loop : loops) {
            histogram(b, "skirmish_tick_duration_seconds", "loop=\"" + loop.name() + "\"", loop.tickNanos().view());
        }
        type(b, "skirmish_tick_cpu_seconds", "histogram", "CPU time of one tick of a tick thread.");
        for (TickLoop loop : loops) {
            histogram(b, "skirmish_tick_cpu_seconds", "loop=\"" + loop.name() + "\"", loop.tickCpuNanos().view());
        }
        type(b, "skirmish_tick_overruns_total", "counter", "Ticks that started late (the loop fell behind).");
        for (TickLoop loop : loops) {
            line(b, "skirmish_tick_overruns_total", "loop=\"" + loop.name() + "\"", loop.overruns());
        }
        type(b, "skirmish_tick_schedule_resets_total", "counter", "Times a loop gave up catching up and restarted its schedule.");
        for (TickLoop loop : loops) {
            line(b, "skirmish_tick_schedule_resets_total", "loop=\"" + loop.name() + "\"", loop.scheduleResets());
        }
        type(b, "skirmish_input_latency_seconds", "histogram", "Input arrival to the hand-over of the first snapshot acknowledging it.");
        for (TickLoop loop : loops) {
            histogram(b, "skirmish_input_latency_seconds", "loop=\"" + loop.name() + "\"", loop.inputLatency().view());
        }
        type(b, "skirmish_snapshot_encode_seconds", "histogram", "Time to select and encode one player's snapshot.");
        for (TickLoop loop : loops) {
            histogram(b, "skirmish_snapshot_encode_seconds", "loop=\"" + loop.name() + "\"", loop.snapshotEncodeNanos().view());
        }
        type(b, "skirmish_snapshot_interval_deviation_seconds", "histogram", "For each room's snapshot round: how far "
                + "the time since its previous round is from the schedule (regularity of snapshots leaving the server).");
        for (TickLoop loop : loops) {
            histogram(b, "skirmish_snapshot_interval_deviation_seconds", "loop=\"" + loop.name() + "\"",
                    loop.snapshotIntervalDeviation().view(), DEVIATION_BOUNDS);
        }
        type(b, "skirmish_room_tick_seconds", "summary", "Wall time of one room's tick since the room opened.");
        int roomCount = 0;
        long players = 0;
        long spectators = 0;
        long inputDepth = 0;
        for (TickLoop loop : loops) {
            for (LocalRoom r : loop.rooms()) {
                roomCount++;
                players += r.playersInWorld();
                spectators += r.spectators();
                inputDepth += r.inputQueueDepth();
                DurationHistogram.View v = r.tickNanos().view();
                String room = "room=\"" + r.id() + "\"";
                line(b, "skirmish_room_tick_seconds", room + ",quantile=\"0.5\"", v.percentileNanos(0.5) / 1e9);
                line(b, "skirmish_room_tick_seconds", room + ",quantile=\"0.99\"", v.percentileNanos(0.99) / 1e9);
                line(b, "skirmish_room_tick_seconds", room + ",quantile=\"1\"", v.maxNanos() / 1e9);
                line(b, "skirmish_room_tick_seconds_sum", room, v.totalNanos() / 1e9);
                line(b, "skirmish_room_tick_seconds_count", room, v.count());
            }
        }
        gauge(b, "skirmish_rooms", "Open rooms.", roomCount);
        gauge(b, "skirmish_players", "Players in a world (playing or holding a seat).", players);
        gauge(b, "skirmish_spectators", "Spectators watching a room (no seat; at most room.maxSpectators a room).",
                spectators);
        gauge(b, "skirmish_connections", "Open WebSocket connections (lobby and game).", registry.size());
        type(b, "skirmish_lobby_push_seconds", "histogram",
                "Time of one lobby push round (room-list and presence changes sent to every lobby connection).");
        DurationHistogram.View push = registry.lobbyPushNanos().view();
        histogram(b, "skirmish_lobby_push_seconds", "", push);
        gauge(b, "skirmish_lobby_push_max_seconds", "Longest lobby push round since the server started.",
                push.maxNanos() / 1e9);
        gauge(b, "skirmish_input_queue_depth", "Inputs waiting in the players' queues at the last tick.", inputDepth);
        long[] send = registry.sendQueueDepth();
        gauge(b, "skirmish_send_queue_depth", "Control frames waiting in the connections' send queues.", send[0]);
        gauge(b, "skirmish_send_queue_depth_max", "The longest send queue of one connection.", send[1]);
        long[] held = registry.heldBytes();
        gauge(b, "skirmish_send_held_bytes", "Bytes held for clients: waiting control frames and frames in flight.",
                held[0]);
        gauge(b, "skirmish_send_held_bytes_max", "The most bytes held for one connection.", held[1]);
        long[] unacked = registry.unacknowledgedBytes();
        gauge(b, "skirmish_send_unacknowledged_bytes", "Bytes sent that clients have not acknowledged (pong).",
                unacked[0]);
        gauge(b, "skirmish_send_unacknowledged_bytes_max", "The most unacknowledged bytes of one connection.",
                unacked[1]);
        b.append("# HELP skirmish_closes_total WebSocket closes this server initiated, by close code.\n")
                .append("# TYPE skirmish_closes_total counter\n");
        for (dev.skirmish.protocol.CloseCodes c : dev.skirmish.protocol.CloseCodes.values()) {
            b.append("skirmish_closes_total{code=\"").append(c.code()).append("\",name=\"").append(c.name())
                    .append("\"} ").append(registry.closes(c)).append('\n');
        }
        counter(b, "skirmish_internal_errors_total", "Unexpected failures caught at the WebSocket edge (bugs).",
                registry.internalErrors());
        long[] t = rooms.manager().snapshotTotals();
        Transport transport = registry.transport();
        counter(b, "skirmish_websocket_idle_timer_bypassed_total", "WebSocket sessions whose per-message idle-timer "
                + "task was bypassed (Tyrus; see IdleTimerBypass).", transport.bypassed());
        counter(b, "skirmish_websocket_idle_timer_not_bypassed_total", "WebSocket sessions on which the idle-timer "
                + "bypass could not be installed (another container; the log says why once).", transport.notBypassed());
        gauge(b, "skirmish_send_threads", "Threads that hand frames to the container (see Transport).",
                transport.threads());
        gauge(b, "skirmish_send_queued", "Sends waiting for a sender thread now.", transport.queued());
        counter(b, "skirmish_sends_total", "Snapshots and pings the sender threads handed to the container since start.",
                transport.sends());
        counter(b, "skirmish_send_rejected_total", "Sends refused because a sender queue was full (their connections"
                + " were closed with 1013).", transport.rejected());
        if (cluster.enabled()) {
            gauge(b, "skirmish_cluster_degraded", "1 while this node cannot reach Redis (the lobby shows its own rooms"
                    + " and players only), else 0.", cluster.degraded() ? 1 : 0);
            gauge(b, "skirmish_cluster_nodes", "Other nodes this node knows (their registration is alive).",
                    cluster.view().nodes().size());
            counter(b, "skirmish_cluster_redis_commands_total", "Redis commands this node sent (a pipeline of n counts n).",
                    cluster.redisCommands());
            counter(b, "skirmish_cluster_messages_received_total", "Messages this node received on its Redis channels.",
                    cluster.messagesReceived());
            counter(b, "skirmish_cluster_bad_messages_total", "Messages on the Redis channels that were not ours (dropped).",
                    cluster.badMessages());
            counter(b, "skirmish_cluster_dropped_total", "Chat messages and commands not sent (Redis down or too many waiting).",
                    cluster.dropped());
            counter(b, "skirmish_cluster_states_published_total", "Node states this node published.",
                    cluster.statesPublished());
            counter(b, "skirmish_cluster_published_bytes_total", "Bytes of node states and chat this node published.",
                    cluster.bytesPublished());
        }
        counter(b, "skirmish_snapshots_sent_total", "Snapshots handed to sockets.", t[0]);
        counter(b, "skirmish_snapshots_skipped_total", "Snapshots skipped because the previous one was still in flight.", t[1]);
        counter(b, "skirmish_snapshot_bytes_total", "Bytes of snapshot frames handed to sockets (WebSocket headers not included).", t[2]);
        counter(b, "skirmish_snapshots_full_total", "Full snapshots (joins, resumes, resyncs).", t[3]);
        type(b, "skirmish_jvm_gc_pause_seconds", "histogram", "Duration of each garbage collection as the JVM reports it.");
        histogram(b, "skirmish_jvm_gc_pause_seconds", "", rooms.gcPauses().pauses().view());
        gauge(b, "skirmish_jvm_gc_pause_max_seconds", "Longest collection since the server started.",
                rooms.gcPauses().pauses().maxNanos() / 1e9);
        type(b, "skirmish_jvm_gc_collections_total", "counter", "Collections per collector.");
        type(b, "skirmish_jvm_gc_collection_seconds_total", "counter", "Time spent collecting, per collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String l = "gc=\"" + gc.getName().replace("\"", "") + "\"";
            line(b, "skirmish_jvm_gc_collections_total", l, Math.max(0, gc.getCollectionCount()));
            line(b, "skirmish_jvm_gc_collection_seconds_total", l, Math.max(0, gc.getCollectionTime()) / 1000.0);
        }
        gauge(b, "skirmish_jvm_heap_used_bytes", "Heap in use.", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        long afterGc = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage u = pool.getType() == java.lang.management.MemoryType.HEAP
                    ? pool.getCollectionUsage() : null;
            afterGc += u == null ? 0 : u.getUsed();
        }
        gauge(b, "skirmish_jvm_heap_after_gc_bytes",
                "Heap in use after the last collection of each heap pool (after a full GC: the live heap).", afterGc);
        gauge(b, "skirmish_jvm_threads", "Live threads.", ManagementFactory.getThreadMXBean().getThreadCount());
        gauge(b, "skirmish_jvm_classes_loaded", "Classes loaded now.",
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            counter(b, "process_cpu_seconds_total", "CPU time of the whole server process (all threads).",
                    Math.max(0, os.getProcessCpuTime()) / 1e9);
        }
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void type(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        type(b, name, "gauge", help);
        line(b, name, "", v);
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        type(b, name, "counter", help);
        line(b, name, "", v);
    }

    private static void line(StringBuilder b, String name, String labels, double v) {
        b.append(name);
        if (!labels.isEmpty()) {
            b.append('{').append(labels).append('}');
        }
        b.append(' ').append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.9g", v)).append('\n');
    }

    private static void histogram(StringBuilder b, String name, String labels, DurationHistogram.View v) {
        histogram(b, name, labels, v, BOUNDS);
    }

    private static void histogram(StringBuilder b, String name, String labels, DurationHistogram.View v,
                                  double[] bounds) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        for (double bound : bounds) {
            line(b, name + "_bucket", sep + "le=\"" + java.math.BigDecimal.valueOf(bound).toPlainString() + "\"",
                    v.countAtMost((long) (bound * 1e9)));
        }
        line(b, name + "_bucket", sep + "le=\"+Inf\"", v.count());
        line(b, name + "_sum", labels, v.totalNanos() / 1e9);
        line(b, name + "_count", labels, v.count());
    }
}
