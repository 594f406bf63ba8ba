package dev.skirmish.config;

import java.util.List;
import java.util.Map;

/** Typed, validated server settings. See {@code config/skirmish.properties} for each key and its meaning. */
public record GameSettings(int port, int simRateHz, int snapshotRateHz, long seed, int roomCapacity,
                           int roomMaxCapacity, int maxRooms, int roomMaxSpectators, int emptyRoomCloseSeconds, String mapName,
                           int killLimit, int matchSeconds, int resultsSeconds, int inputQueueCapacity,
                           int inputMaxPerTick, int inputMaxRatePerSecond, int inputBurst,
                           int inputMaxRejectedPerSecond, int tickThreads,
                           int tickMaxCatchUpTicks, long ticketTtlMillis, int controlQueueCapacity,
                           int lobbyMaxConnections, int metricsReportSeconds, int countdownSeconds,
                           int seatHoldSeconds, String sessionSecret, long sessionTokenTtlSeconds,
                           int heartbeatIntervalSeconds, int lobbyIdleTimeoutSeconds, int lobbyPushIntervalMillis,
                           int chatRatePerSecond, int chatBurst, int interestViewWidth, int interestViewHeight,
                           int interestMargin, int lagCompensationMaxMillis, boolean netsimAllowed,
                           String netsimDefault, String adminSecret, Limits limits, ClusterSettings cluster) {

    @Override
    public String toString() {
        // never log the secret
        return "GameSettings[port=" + port + ", simRateHz=" + simRateHz + ", snapshotRateHz=" + snapshotRateHz
                + ", roomCapacity=" + roomCapacity + ", roomMaxCapacity=" + roomMaxCapacity + ", maxRooms=" + maxRooms
                + ", map=" + mapName + ", killLimit=" + killLimit + ", matchSeconds=" + matchSeconds
                + ", tickThreads=" + tickThreads + ", seatHoldSeconds=" + seatHoldSeconds
                + ", heartbeatIntervalSeconds=" + heartbeatIntervalSeconds + ", sessionSecret="
                + (sessionSecret.isEmpty() ? "(random per start)" : "(set)")
                + ", adminConsole=" + (adminSecret.isEmpty() ? "off" : "on")
                + (cluster.enabled() ? ", cluster node " + cluster.nodeId() + " at /" + cluster.nodePath() : ", single node")
                + ", ...]";
    }

    /** Builds settings from flat key/value pairs (all keys required); throws naming the first bad key. */
    public static GameSettings from(Map<String, String> p) {
        int sim = range(p, "sim.rateHz", 10, 120);
        int snap = range(p, "snapshot.rateHz", 30, 60);
        if (snap > sim) {
            throw new IllegalArgumentException("snapshot.rateHz (" + snap + ") must not exceed sim.rateHz (" + sim + ")");
        }
        int maxCap = range(p, "room.maxCapacity", 2, 64);
        try {
            dev.skirmish.netsim.NetProfile.parse(p.getOrDefault("netsim.default", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting netsim.default: " + e.getMessage());
        }
        String map = str(p, "map");
        if (!map.matches("[a-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("map must be a file name of a-z, 0-9, _ and -: '" + map + "'");
        }
        return new GameSettings(
                range(p, "server.port", 1, 65535), sim, snap,
                Long.parseLong(str(p, "sim.seed")),
                range(p, "room.capacity", 2, maxCap), maxCap,
                range(p, "room.maxRooms", 1, 10_000),
                range(p, "room.maxSpectators", 0, 1000),
                range(p, "room.emptyCloseSeconds", 1, 86_400),
                map,
                range(p, "match.killLimit", 1, 1000),
                range(p, "match.timeSeconds", 10, 36_000),
                range(p, "match.resultsSeconds", 1, 600),
                range(p, "input.queueCapacity", 4, 1024),
                range(p, "input.maxPerTick", 1, 16),
                range(p, "input.maxRatePerSecond", 1, 10_000),
                range(p, "input.burst", 1, 10_000),
                range(p, "input.maxRejectedPerSecond", 1, 100_000),
                range(p, "tick.threads", 1, 64),
                range(p, "tick.maxCatchUpTicks", 1, 1000),
                range(p, "join.ticketTtlMillis", 100, 600_000),
                range(p, "send.controlQueueCapacity", 4, 10_000),
                range(p, "lobby.maxConnections", 1, 1_000_000),
                range(p, "metrics.reportSeconds", 1, 86_400),
                range(p, "match.countdownSeconds", 0, 600),
                range(p, "seat.holdSeconds", 0, 3600),
                p.getOrDefault("session.secret", "").strip(),
                range(p, "session.tokenTtlSeconds", 60, 31_536_000),
                range(p, "heartbeat.intervalSeconds", 1, 3600),
                range(p, "lobby.idleTimeoutSeconds", 2, 86_400),
                range(p, "lobby.pushIntervalMillis", 50, 60_000),
                range(p, "chat.ratePerSecond", 1, 100),
                range(p, "chat.burst", 1, 100),
                range(p, "interest.viewWidth", 100, 8192),
                range(p, "interest.viewHeight", 100, 8192),
                range(p, "interest.margin", 0, 2000),
                range(p, "lagCompensation.maxMillis", 0, 1000),
                bool(p, "netsim.allowed"),
                p.getOrDefault("netsim.default", "").strip(),
                p.getOrDefault("admin.secret", "").strip(),
                limits(p),
                ClusterSettings.from(p, p.getOrDefault("session.secret", "").strip()));
    }

    private static Limits limits(Map<String, String> p) {
        List<String> exempt = list(p, "limits.exemptAddresses");
        try {
            new dev.skirmish.limits.AddressLimits(0, exempt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting limits.exemptAddresses: " + e.getMessage());
        }
        List<String> origins = list(p, "security.allowedOrigins");
        for (String o : origins) {
            if (!o.equals("*") && !o.matches("https?://[^/?#\\s]+")) {
                throw new IllegalArgumentException("setting security.allowedOrigins: '" + o
                        + "' is not an origin (scheme://host[:port]) or *");
            }
        }
        return new Limits(
                range(p, "limits.connectionsPerAddress", 0, 1_000_000),
                exempt, origins,
                range(p, "lobby.ratePerSecond", 1, 10_000),
                range(p, "lobby.burst", 1, 10_000),
                range(p, "lobby.maxRejectedPerSecond", 0, 100_000),
                range(p, "game.controlRatePerSecond", 1, 10_000),
                range(p, "game.controlBurst", 1, 10_000),
                range(p, "send.stallTimeoutSeconds", 1, 3600),
                range(p, "send.controlQueueBytes", 4096, 64 * 1024 * 1024),
                range(p, "send.maxUnacknowledgedBytes", 65_536, 256 * 1024 * 1024),
                range(p, "shutdown.reconnectAfterMillis", 0, 600_000),
                range(p, "send.threads", 0, 64),
                range(p, "send.queueCapacity", 1024, 1_048_576));
    }

    /** A comma-separated list (may be empty). */
    private static List<String> list(Map<String, String> p, String key) {
        String v = p.getOrDefault(key, "").strip();
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static boolean bool(Map<String, String> p, String key) {
        String v = str(p, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("setting " + key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static String str(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " is missing");
        }
        return v.strip();
    }

    static int range(Map<String, String> p, String key, int min, int max) {
        String v = str(p, key);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("setting " + key + " must be " + min + ".." + max + ", was " + n);
        }
        return n;
    }
}
