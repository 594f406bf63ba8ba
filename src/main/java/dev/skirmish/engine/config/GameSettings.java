package dev.skirmish.engine.config;

import java.util.List;
import java.util.Map;

/**
 * Typed, validated server settings in named groups, each built by key from the flat properties (see
 * {@code config/skirmish.properties} for every key and its meaning): {@link #server}, {@link #sim} (simulation and
 * match rules), {@link #rooms}, {@link #input}, {@link #lobby}, {@link #security}, {@link #netsim},
 * {@link #limits} (what protects the server from slow and hostile clients) and {@link #cluster}.
 */
public record GameSettings(Server server, Sim sim, Rooms rooms, Input input, Lobby lobby, Security security,
                           Netsim netsim, Limits limits, ClusterSettings cluster, Games games,
                           Map<String, String> values) {

    public GameSettings {
        values = Map.copyOf(values);
    }

    /** A setting's merged value as text (what a game reads through its context), or null for an unknown key. */
    public String value(String key) {
        return values.get(key);
    }

    /**
     * The process: HTTP port, tick threads, catch-up and the log's report interval.
     *
     * @param port                HTTP port of the run command ({@code server.port})
     * @param tickThreads         tick loops ({@code tick.threads})
     * @param tickMaxCatchUpTicks ticks a late loop runs back to back before it resets its schedule
     * @param metricsReportSeconds seconds between the tick summary log lines ({@code metrics.reportSeconds})
     * @param warmupSeconds       how long a fresh node plays against itself before it says ready
     *                            ({@code warmup.seconds}, 0: no warm-up)
     * @param warmupPlayers       the synthetic players of the warm-up ({@code warmup.players})
     */
    public record Server(int port, int tickThreads, int tickMaxCatchUpTicks, int metricsReportSeconds,
                         int warmupSeconds, int warmupPlayers) {
        static Server from(Keys k) {
            k.bool("server.exitOnFailedStart"); // checked here, used by SettingsProducer when the settings fail
            return new Server(k.integer("server.port", 1, 65535), k.integer("tick.threads", 1, 64),
                    k.integer("tick.maxCatchUpTicks", 1, 1000), k.integer("metrics.reportSeconds", 1, 86_400),
                    k.integer("warmup.seconds", 0, 600), k.integer("warmup.players", 1, 1000));
        }
    }

    /**
     * The tick loops: rates and seed. Each game reads its own settings (the arena's map and match rules, light
     * cycles' track) through its context ({@link #value}) and checks them itself.
     *
     * @param rateHz         ticks per second of the loops ({@code sim.rateHz}); a game may tick at a divisor of it
     * @param snapshotRateHz snapshots per second, at most {@code rateHz} ({@code snapshot.rateHz}), unless a game says
     * @param seed           world seed; 0 gives each room a random one ({@code sim.seed})
     */
    public record Sim(int rateHz, int snapshotRateHz, long seed) {
        static Sim from(Keys k) {
            int sim = k.integer("sim.rateHz", 10, 120);
            int snap = k.integer("snapshot.rateHz", 30, 60);
            if (snap > sim) {
                throw new IllegalArgumentException("snapshot.rateHz (" + snap + ") must not exceed sim.rateHz (" + sim
                        + ")");
            }
            return new Sim(sim, snap, k.longInteger("sim.seed"));
        }
    }

    /**
     * Rooms: sizes, how many, spectators, when an empty one closes, seat holds, join tickets and the area of
     * interest of each player's snapshots.
     */
    public record Rooms(int capacity, int maxCapacity, int maxRooms, int maxSpectators, int emptyCloseSeconds,
                        int seatHoldSeconds, long ticketTtlMillis, int interestViewWidth, int interestViewHeight,
                        int interestMargin) {
        static Rooms from(Keys k) {
            int maxCap = k.integer("room.maxCapacity", 2, 64);
            return new Rooms(k.integer("room.capacity", 2, maxCap), maxCap, k.integer("room.maxRooms", 1, 10_000),
                    k.integer("room.maxSpectators", 0, 1000), k.integer("room.emptyCloseSeconds", 1, 86_400),
                    k.integer("seat.holdSeconds", 0, 3600), k.integer("join.ticketTtlMillis", 100, 600_000),
                    k.integer("interest.viewWidth", 100, 8192), k.integer("interest.viewHeight", 100, 8192),
                    k.integer("interest.margin", 0, 2000));
        }
    }

    /**
     * Each player's input queue: capacity, inputs applied per tick, rate, burst and the flood verdict, and holding:
     * the jitter margin and how long a player's last input is held (docs/protocol.md, "Holding").
     */
    public record Input(int queueCapacity, int maxPerTick, int maxRatePerSecond, int burst, int maxRejectedPerSecond,
                        int jitterMillis, int holdMillis) {
        static Input from(Keys k) {
            return new Input(k.integer("input.queueCapacity", 4, 1024), k.integer("input.maxPerTick", 1, 16),
                    k.integer("input.maxRatePerSecond", 1, 10_000), k.integer("input.burst", 1, 10_000),
                    k.integer("input.maxRejectedPerSecond", 1, 100_000), k.integer("input.jitterMillis", 0, 500),
                    k.integer("input.holdMillis", 0, 10_000));
        }

        /** The jitter margin in ticks of a game of {@code rateHz} (rounded to the nearest tick). */
        public int lagTicks(int rateHz) {
            return (int) Math.round(jitterMillis * (double) rateHz / 1000);
        }

        /** Ticks an input is held past the newest one received, for a game of {@code rateHz}. */
        public int holdTicks(int rateHz) {
            return (int) ((long) holdMillis * rateHz / 1000);
        }
    }

    /** The lobby: connections, idle time, push interval and chat limits. */
    public record Lobby(int maxConnections, int idleTimeoutSeconds, int pushIntervalMillis, int chatRatePerSecond,
                        int chatBurst) {
        static Lobby from(Keys k) {
            return new Lobby(k.integer("lobby.maxConnections", 1, 1_000_000),
                    k.integer("lobby.idleTimeoutSeconds", 2, 86_400), k.integer("lobby.pushIntervalMillis", 50, 60_000),
                    k.integer("chat.ratePerSecond", 1, 100), k.integer("chat.burst", 1, 100));
        }
    }

    /**
     * The games offered: {@code enabled} by name (empty: every game found), and the game of a room whose creator
     * names none ({@code games.default}; empty: the first offered game by name).
     */
    public record Games(List<String> enabled, String defaultGame) {
        static Games from(Map<String, String> p) {
            List<String> enabled = list(p, "games.enabled");
            for (String g : enabled) {
                if (!g.matches("[a-z][a-z0-9]{0,15}")) {
                    throw new IllegalArgumentException("setting games.enabled: '" + g
                            + "' is not a game name (lower-case letters and digits)");
                }
            }
            String def = p.getOrDefault("games.default", "").strip();
            if (!def.isEmpty() && !enabled.isEmpty() && !enabled.contains(def)) {
                throw new IllegalArgumentException("setting games.default: '" + def + "' is not in games.enabled "
                        + enabled);
            }
            return new Games(List.copyOf(enabled), def);
        }
    }

    /** Secrets: the session tokens' key and lifetime, and the operator's console. */
    public record Security(String sessionSecret, long sessionTokenTtlSeconds, String adminSecret) {
        static Security from(Keys k) {
            return new Security(k.optionalText("session.secret"),
                    k.integer("session.tokenTtlSeconds", 60, 31_536_000), k.optionalText("admin.secret"));
        }

        @Override
        public String toString() {
            return "Security[sessionSecret=" + (sessionSecret.isEmpty() ? "(random per start)" : "(set)")
                    + ", sessionTokenTtlSeconds=" + sessionTokenTtlSeconds + ", adminConsole="
                    + (adminSecret.isEmpty() ? "off" : "on") + "]";
        }
    }

    /** The replay settings (config/skirmish.properties, "Replays"), checked when the settings are made. */
    public Replays replays() {
        return Replays.from(new Keys(values));
    }

    /**
     * Replays: whether rooms record them, how many this node keeps and how large they may be.
     *
     * @param enabled           rooms of games that have replays record them ({@code replay.enabled})
     * @param keep              finished replays kept ({@code replay.keep})
     * @param storeBytes        bytes of replay files kept in all ({@code replay.storeMegabytes})
     * @param maxMatchSeconds   a longer match is cut into several replays ({@code replay.maxMatchMinutes})
     * @param maxMatchBytes     so is one whose recording grows beyond this ({@code replay.maxMatchMegabytes})
     * @param minPlayingSeconds a match that played less is not kept ({@code replay.minPlayingSeconds})
     * @param killSeconds       how far back a kill replay reaches ({@code replay.killSeconds})
     * @param maxViewers        replay streams played at once ({@code replay.maxViewers})
     */
    public record Replays(boolean enabled, int keep, long storeBytes, int maxMatchSeconds, long maxMatchBytes,
                          int minPlayingSeconds, int killSeconds, int maxViewers) {
        static Replays from(Keys k) {
            return new Replays(k.bool("replay.enabled"), k.integer("replay.keep", 1, 10_000),
                    k.integer("replay.storeMegabytes", 1, 65_536) * (1L << 20),
                    k.integer("replay.maxMatchMinutes", 1, 240) * 60, k.integer("replay.maxMatchMegabytes", 1, 64) * (1L << 20),
                    k.integer("replay.minPlayingSeconds", 0, 3600), k.integer("replay.killSeconds", 1, 60),
                    k.integer("replay.maxViewers", 0, 10_000));
        }
    }

    /** The network condition simulator: whether streams may ask for it, and the profile every stream gets. */
    public record Netsim(boolean allowed, String defaultSpec) {
        static Netsim from(Keys k) {
            String spec = k.optionalText("netsim.default");
            try {
                dev.skirmish.engine.netsim.NetProfile.parse(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting netsim.default: " + e.getMessage());
            }
            return new Netsim(k.bool("netsim.allowed"), spec);
        }
    }

    @Override
    public String toString() {
        // never log a secret
        return "GameSettings[port=" + server.port() + ", simRateHz=" + sim.rateHz() + ", snapshotRateHz="
                + sim.snapshotRateHz() + ", roomCapacity=" + rooms.capacity() + ", roomMaxCapacity="
                + rooms.maxCapacity() + ", maxRooms=" + rooms.maxRooms() + ", games=" + (games.enabled().isEmpty() ? "all"
                : games.enabled()) + " (default " + games.defaultGame() + "), tickThreads=" + server.tickThreads()
                + ", seatHoldSeconds=" + rooms.seatHoldSeconds() + ", heartbeatIntervalSeconds="
                + limits.heartbeatIntervalSeconds() + ", " + security
                + (cluster.enabled() ? ", cluster node " + cluster.nodeId() + " at /" + cluster.nodePath() : ", single node")
                + ", ...]";
    }

    /** Builds settings from flat key/value pairs (all keys required); throws naming the first bad key. */
    public static GameSettings from(Map<String, String> p) {
        Keys k = new Keys(p);
        Security security = Security.from(k);
        return new GameSettings(Server.from(k), Sim.from(k), Rooms.from(k), Input.from(k), Lobby.from(k), security,
                Netsim.from(k), limits(p), ClusterSettings.from(p, security.sessionSecret()), Games.from(p), p)
                .checked();
    }

    /** These settings, once the groups read on demand have been checked too. */
    private GameSettings checked() {
        replays();
        return this;
    }

    /** Reads typed values by key, each checked, naming the key when it is missing or wrong. */
    static final class Keys {
        private final Map<String, String> p;

        Keys(Map<String, String> p) {
            this.p = p;
        }

        int integer(String key, int min, int max) {
            return range(p, key, min, max);
        }

        long longInteger(String key) {
            String v = str(p, key);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting " + key + " must be an integer, was '" + v + "'");
            }
        }

        String text(String key) {
            return str(p, key);
        }

        String optionalText(String key) {
            return p.getOrDefault(key, "").strip();
        }

        boolean bool(String key) {
            return GameSettings.bool(p, key);
        }
    }

    private static Limits limits(Map<String, String> p) {
        List<String> exempt = list(p, "limits.exemptAddresses");
        try {
            new dev.skirmish.engine.limits.AddressLimits(0, exempt);
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
                range(p, "send.queueCapacity", 1024, 1_048_576),
                range(p, "heartbeat.intervalSeconds", 1, 3600),
                range(p, "send.controlQueueCapacity", 4, 10_000));
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
