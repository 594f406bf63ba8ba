package dev.skirmish.bots;

import java.net.URI;
import java.nio.file.Path;

/**
 * What a swarm run does. See {@link #USAGE}.
 *
 * @param url          server base URL (http or ws; the bots use its /ws/lobby)
 * @param bots         number of bots
 * @param rampSeconds  bots start evenly over this time
 * @param warmupSeconds once every bot has started, how long the swarm plays before it measures (the
 *                     timeline shows it; the totals and goals leave it out)
 * @param seconds      how long the swarm plays and measures after the warm-up
 * @param rooms        {@code quick}, {@code room:ID} or {@code spread:K}
 * @param roomCapacity seats of the rooms the swarm creates with spread:K
 * @param inputHz      inputs per bot per second (the game applies one movement step per input)
 * @param report       where the report goes: REPORT.json and REPORT.html
 * @param maxP99RttMs  fail (exit 2) when the p99 input round trip exceeds this (0: no check)
 * @param maxP99GapMs  fail when the p99 snapshot inter-arrival exceeds this (0: no check)
 * @param minOnTime    fail when fewer snapshots than this fraction arrive (0: no check)
 * @param maxErrors    fail when more bots than this fail to join or are disconnected (-1: no check)
 * @param lobbyPaths   the lobby paths under {@code url} the bots use, by room group in turn (a cluster's
 *                     per-node paths behind its load balancer, so that rooms open on every node)
 * @param inputsPerFrame 0 (the default): a bot sends on change, as the browser does (RUNS frames, protocol 9);
 *                     N: it sends N inputs a frame (INPUTS; 1 sends INPUT frames), and at once when its buttons
 *                     change, as clients before protocol 9 did
 * @param game         the game the bots play ({@code --game}: they join or open rooms of it)
 * @param fire         whether the bots shoot at players in range ({@code --fire false}: they only move, the
 *                     scene of the side-by-side benchmark against Colyseus)
 */
record SwarmOptions(URI url, int bots, double rampSeconds, double warmupSeconds, double seconds, String rooms,
                    int roomCapacity,
                    int inputHz, Path report, double maxP99RttMs, double maxP99GapMs, double minOnTime,
                    long maxErrors, java.util.List<String> lobbyPaths, int inputsPerFrame, boolean fire, String game) {

    static final String USAGE = """
            usage: Swarm [--url http://localhost:8080/] [--bots 20] [--ramp 5] [--warmup 5] [--seconds 30]
                         [--rooms quick|room:ID|spread:K] [--room-capacity 32] [--input-hz 60]
                         [--report target/swarm/report] [--max-p99-rtt-ms N] [--max-p99-gap-ms N]
                         [--min-on-time 0.999] [--max-errors N] [--lobby-paths ws/lobby[,n/b/ws/lobby...]]
                         [--inputs-per-frame 0] [--fire true|false] [--game arena|cycles|NAME]
            Starts N bots that join through the lobby and play; prints a progress line a second and writes
            REPORT.json and REPORT.html. Exit status 2 when a --max/--min goal is missed, 1 on a usage error.""";

    static SwarmOptions parse(String... args) {
        URI url = URI.create("http://localhost:8080/");
        int bots = 20;
        double ramp = 5;
        double seconds = 30;
        double warmup = 5;
        String rooms = "quick";
        int capacity = 32;
        int inputHz = 60;
        Path report = Path.of("target/swarm/report");
        double rtt = 0;
        double gap = 0;
        double onTime = 0;
        long errors = -1;
        java.util.List<String> lobbyPaths = java.util.List.of("ws/lobby");
        boolean fire = true;
        int perFrame = 0;
        String game = "arena";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--url" -> url = URI.create(v.endsWith("/") ? v : v + "/");
                case "--bots" -> bots = positive(a, Integer.parseInt(v));
                case "--ramp" -> ramp = Double.parseDouble(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--rooms" -> rooms = v;
                case "--room-capacity" -> capacity = positive(a, Integer.parseInt(v));
                case "--input-hz" -> inputHz = positive(a, Integer.parseInt(v));
                case "--report" -> report = Path.of(v);
                case "--max-p99-rtt-ms" -> rtt = Double.parseDouble(v);
                case "--max-p99-gap-ms" -> gap = Double.parseDouble(v);
                case "--min-on-time" -> onTime = Double.parseDouble(v);
                case "--max-errors" -> errors = Long.parseLong(v);
                case "--lobby-paths" -> lobbyPaths = java.util.Arrays.stream(v.split(",")).map(String::strip)
                        .filter(x -> !x.isEmpty()).toList();
                case "--inputs-per-frame" -> perFrame = Integer.parseInt(v);
                case "--game" -> game = v;
                case "--fire" -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException("--fire must be true or false");
                    }
                    fire = Boolean.parseBoolean(v);
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!rooms.equals("quick") && !rooms.matches("room:[A-Za-z0-9_-]+") && !rooms.matches("spread:[1-9][0-9]*")) {
            throw new IllegalArgumentException("--rooms must be quick, room:ID or spread:K, was " + rooms);
        }
        if (ramp < 0 || warmup < 0 || seconds <= 0 || inputHz > 240) {
            throw new IllegalArgumentException("--ramp and --warmup must be >= 0, --seconds > 0, --input-hz at most 240");
        }
        if (perFrame < 0 || perFrame > dev.skirmish.engine.spi.wire.Protocol.MAX_INPUTS_PER_FRAME) {
            throw new IllegalArgumentException("--inputs-per-frame must be 0 (on change) or 1 to "
                    + dev.skirmish.engine.spi.wire.Protocol.MAX_INPUTS_PER_FRAME);
        }
        if (lobbyPaths.isEmpty()) {
            throw new IllegalArgumentException("--lobby-paths needs at least one path");
        }
        if (!game.matches("[a-z][a-z0-9]{0,15}")) {
            throw new IllegalArgumentException("--game must be a game's name (" + BotGame.names()
                    + " are played knowingly, any other blind), was " + game);
        }
        return new SwarmOptions(url, bots, ramp, warmup, seconds, rooms, capacity, inputHz, report, rtt, gap, onTime, errors,
                lobbyPaths, perFrame, fire, game);
    }

    private static int positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return v;
    }

    /** The WebSocket URI of a path under the server's base URL. */
    URI ws(String path) {
        String base = url.toString().replaceFirst("^http", "ws");
        return URI.create(base + (path.startsWith("/") ? path.substring(1) : path));
    }

    /** The lobby path of a bot: by its room group with spread:K, else by its index, over the lobby paths in turn. */
    String lobbyPath(int botIndex) {
        int k = spread();
        int group = k > 0 ? botIndex % k : botIndex;
        return lobbyPaths.get(group % lobbyPaths.size());
    }

    /** Rooms to spread over (spread:K), or 0. */
    int spread() {
        return rooms.startsWith("spread:") ? Integer.parseInt(rooms.substring(7)) : 0;
    }
}
