package dev.skirmish.engine.web;

import dev.skirmish.engine.metrics.DurationHistogram;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.room.TickLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the operator's console ({@link AdminServlet}) shows and does: the node's rooms and players now, and a
 * history of the last {@link #HISTORY_SAMPLES} samples taken every {@link #SAMPLE_SECONDS} s (connections,
 * players, spectators, tick time, snapshot bandwidth, closes by code), so five minutes of charts. The
 * history is bounded: the oldest sample goes when a new one comes.
 */
@ApplicationScoped
public class AdminConsole {
    static final int SAMPLE_SECONDS = 5;
    static final int HISTORY_SAMPLES = 60;

    @Inject
    RoomService rooms;

    @Inject
    ConnectionRegistry registry;

    /** One sample: the figures over the SAMPLE_SECONDS before {@code atMillis}. */
    private record Sample(long atMillis, int connections, int players, int spectators, int rooms, double tickMeanMs,
                          double tickP99Ms, double kBytesPerSecond, Map<CloseCodes, Long> closes) {
    }

    private final ArrayDeque<Sample> history = new ArrayDeque<>(); // guarded by this
    private ScheduledFuture<?> sampler;
    private DurationHistogram.View[] lastTicks;
    private Map<String, Long> lastBytes = Map.of(); // snapshot bytes per room at the last sample
    private final Map<CloseCodes, Long> lastCloses = new EnumMap<>(CloseCodes.class);

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        sampler = rooms.housekeeping().scheduleAtFixedRate(this::sample, SAMPLE_SECONDS, SAMPLE_SECONDS,
                TimeUnit.SECONDS);
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (sampler != null) {
            sampler.cancel(false);
        }
    }

    /** Takes one sample (housekeeping thread; public for tests that drive it). */
    public synchronized void sample() {
        try {
            var loops = rooms.manager().loops();
            DurationHistogram.View[] now = new DurationHistogram.View[loops.size()];
            long count = 0;
            long total = 0;
            long p99 = 0;
            for (int i = 0; i < now.length; i++) {
                TickLoop loop = loops.get(i);
                now[i] = loop.tickNanos().view();
                DurationHistogram.View window = lastTicks == null || lastTicks.length != now.length ? now[i]
                        : now[i].since(lastTicks[i]);
                count += window.count();
                total += window.totalNanos();
                p99 = Math.max(p99, window.percentileNanos(0.99));
            }
            lastTicks = now;
            int players = 0;
            int spectators = 0;
            long sent = 0;
            var local = rooms.manager().localRooms();
            Map<String, Long> bytesNow = new java.util.HashMap<>();
            for (LocalRoom r : local) {
                players += r.playersInWorld();
                spectators += r.spectators();
                long b = r.snapshotBytes();
                bytesNow.put(r.id(), b);
                sent += b - lastBytes.getOrDefault(r.id(), 0L); // a room that closed meanwhile is not subtracted
            }
            double kBps = sent / 1000.0 / SAMPLE_SECONDS;
            lastBytes = bytesNow;
            Map<CloseCodes, Long> closes = new EnumMap<>(CloseCodes.class);
            for (CloseCodes c : CloseCodes.values()) {
                long n = registry.closes(c);
                long delta = n - lastCloses.getOrDefault(c, n);
                lastCloses.put(c, n);
                if (delta > 0) {
                    closes.put(c, delta);
                }
            }
            history.addLast(new Sample(System.currentTimeMillis(), registry.size(), players, spectators, local.size(),
                    count == 0 ? 0 : total / 1e6 / count, p99 / 1e6, kBps, closes));
            while (history.size() > HISTORY_SAMPLES) {
                history.removeFirst();
            }
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(AdminConsole.class.getName()).log(java.util.logging.Level.WARNING,
                    "admin console sample failed", e);
        }
    }

    /** The console's state: rooms with their players, totals, the history and the closes in it by code. */
    public synchronized JsonObject state() {
        JsonArrayBuilder roomList = Json.createArrayBuilder();
        for (LocalRoom r : rooms.manager().localRooms()) {
            JsonArrayBuilder members = Json.createArrayBuilder();
            for (String id : r.memberIds()) {
                Boolean connected = r.memberConnected(id);
                String name = r.memberName(id);
                members.add(Json.createObjectBuilder().add("playerId", id).add("nickname", name == null ? "" : name)
                        .add("connected", Boolean.TRUE.equals(connected)));
            }
            roomList.add(Json.createObjectBuilder().add("id", r.id()).add("name", r.name()).add("game", r.game())
                    .add("private", r.isPrivate()).add("capacity", r.capacity()).add("seatsTaken", r.seatsTaken())
                    .add("spectators", r.spectators()).add("phase", r.phase().name().toLowerCase(Locale.ROOT))
                    .add("tick", r.currentTick()).add("players", members));
        }
        JsonArrayBuilder samples = Json.createArrayBuilder();
        Map<CloseCodes, Long> closeTotals = new EnumMap<>(CloseCodes.class);
        for (Sample s : history) {
            samples.add(Json.createObjectBuilder().add("at", s.atMillis()).add("connections", s.connections())
                    .add("players", s.players()).add("spectators", s.spectators()).add("rooms", s.rooms())
                    .add("tickMeanMs", s.tickMeanMs()).add("tickP99Ms", s.tickP99Ms())
                    .add("kBytesPerSecond", s.kBytesPerSecond()));
            s.closes().forEach((c, n) -> closeTotals.merge(c, n, Long::sum));
        }
        JsonObjectBuilder closes = Json.createObjectBuilder();
        closeTotals.forEach((c, n) -> closes.add(c.code() + " " + c.name(), n));
        return Json.createObjectBuilder()
                .add("draining", rooms.draining()).add("stopping", rooms.stopping())
                .add("connections", registry.size()).add("sampleSeconds", SAMPLE_SECONDS)
                .add("rooms", roomList).add("history", samples).add("recentCloses", closes).build();
    }
}
