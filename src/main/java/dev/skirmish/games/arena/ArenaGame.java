package dev.skirmish.games.arena;

import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameContext;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ArenaProtocol;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.WorldCodec;
import java.util.Map;

/**
 * The arena shooter on the engine: top-down fights on a map with two guns and pickups, every player for themselves,
 * matches to a kill or time limit. Its settings are {@code map}, {@code match.killLimit}, {@code match.timeSeconds},
 * {@code match.resultsSeconds}, {@code match.countdownSeconds} and {@code lagCompensation.maxMillis}
 * (config/skirmish.properties). {@link TeamArenaGame} is the same game in two teams.
 */
public class ArenaGame implements Game<PlayerInput> {
    /** The game's name in the lobby, the settings and the bots' {@code --game}. */
    public static final String NAME = ArenaProtocol.GAME;

    private final String name;
    /** Team matches: the world's mode, and the kill limit a team's kills reach. */
    private final boolean teams;
    /** Bytes of one input: u8 buttons, u16 aim, u32 view tick, u8 view fraction. */
    public static final int INPUT_BYTES = 8;

    private GameMap map;
    private SimRules rules;
    private InterestArea interest;
    private int snapshotRateHz;

    /** The free-for-all arena (the engine's ServiceLoader makes it this way). */
    public ArenaGame() {
        this(NAME, false);
    }

    /** The arena under another name, free-for-all or in teams. */
    protected ArenaGame(String name, boolean teams) {
        this.name = name;
        this.teams = teams;
    }

    @Override
    public String name() {
        return name;
    }

    /** The arena's settings (older than games, so not named after it) with their defaults. */
    @Override
    public Map<String, String> settings() {
        return Map.of("map", "arena", "match.killLimit", "20", "match.timeSeconds", "300", "match.resultsSeconds", "8",
                "match.countdownSeconds", "5", "lagCompensation.maxMillis", "250");
    }

    @Override
    public void configure(GameContext context) {
        configure(context, integer(context, "match.killLimit", 1, 1000));
    }

    /** Reads the arena's settings, with {@code killLimit} for the end of a match. */
    protected final void configure(GameContext context, int killLimit) {
        String mapName = setting(context, "map");
        if (!mapName.matches("[a-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("map must be a file name of a-z, 0-9, _ and -: '" + mapName + "'");
        }
        this.map = GameMap.load(mapName);
        this.rules = SimRules.defaults(context.simRateHz())
                .withMatch(killLimit, integer(context, "match.timeSeconds", 10, 36_000),
                        integer(context, "match.resultsSeconds", 1, 600), integer(context, "match.countdownSeconds", 0, 600))
                .withMaxRewind(integer(context, "lagCompensation.maxMillis", 0, 1000) / 1000.0);
        this.interest = context.interest();
        this.snapshotRateHz = context.snapshotRateHz();
    }

    /** The same game configured directly (tests, benchmarks). */
    public static ArenaGame of(GameMap map, SimRules rules, InterestArea interest, int snapshotRateHz) {
        ArenaGame g = new ArenaGame();
        g.map = map;
        g.rules = rules;
        g.interest = interest;
        g.snapshotRateHz = snapshotRateHz;
        return g;
    }

    private static String setting(GameContext c, String key) {
        String v = c.setting(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " is missing");
        }
        return v.strip();
    }

    /** A whole-number setting within {@code min..max}. */
    protected static int integer(GameContext c, String key, int min, int max) {
        String v = setting(c, key);
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

    private static final int[] WARMUP_DIRECTIONS = {Buttons.UP, Buttons.RIGHT, Buttons.DOWN, Buttons.LEFT,
        Buttons.UP | Buttons.LEFT, Buttons.DOWN | Buttons.RIGHT, Buttons.UP | Buttons.RIGHT, Buttons.DOWN | Buttons.LEFT};

    /**
     * A synthetic player of the warm-up: a direction held for about half a second at a time, the aim sweeping, fire
     * held one second in three (as a bot would play).
     */
    @Override
    public byte[] warmupInput(java.util.random.RandomGenerator random, long tick) {
        int direction = WARMUP_DIRECTIONS[(int) (tick / 30 % WARMUP_DIRECTIONS.length)];
        int fire = tick % 180 < 60 ? Buttons.FIRE : 0;
        int aim = (int) ((tick * 400 + random.nextInt(64)) % 65536);
        return new dev.skirmish.engine.spi.wire.ByteWriter(8).u8(direction | fire).u16(aim).u32(0).u8(0)
                .toByteArray();
    }

    @Override
    public int inputBytes() {
        return INPUT_BYTES;
    }

    @Override
    public PlayerInput decodeInput(long seq, ByteReader in) throws ProtocolException {
        ClientFrame.Input c = ClientFrames.controls(seq, in);
        return new PlayerInput(seq, c.buttons(), Quant.fromAngle16(c.aim16()), c.view());
    }

    /** The arena is deterministic and its worlds save canonically: its matches are recorded for replays. */
    @Override
    public boolean replays() {
        return true;
    }

    /** The controls as the wire has them: buttons, aim in 1/65536 turns, view tick and its fraction in 1/256. */
    @Override
    public long encodeInput(PlayerInput input, dev.skirmish.engine.spi.wire.ByteWriter out) {
        long whole = (long) Math.floor(input.viewTick());
        int fraction = (int) Math.round((input.viewTick() - whole) * 256);
        out.u8(input.buttons()).u16(Quant.toAngle16(input.aim())).u32(whole).u8(fraction);
        return input.seq();
    }

    @Override
    public GameWorld<PlayerInput> newWorld(long seed) {
        return new ArenaWorld(new dev.skirmish.games.arena.sim.World(map, rules, seed, teams), interest, snapshotRateHz);
    }

    @Override
    public GameWorld<PlayerInput> restore(byte[] saved) {
        var world = WorldCodec.restore(saved, map);
        if (world.teams() != teams) {
            throw new IllegalArgumentException("the world was saved by " + (world.teams() ? "a team match" : "a free-for-all")
                    + ", not by game " + name);
        }
        return new ArenaWorld(world, interest, snapshotRateHz);
    }

    @Override
    public Map<String, Number> clientSettings() {
        return Map.of("respawnSeconds", rules.respawnSeconds());
    }

    @Override
    public String describe() {
        return name + " on map " + map.name() + (teams ? " in two teams to " + rules.killLimit() + " kills" : "");
    }

    /** The map every room plays on. */
    public GameMap map() {
        return map;
    }

    /** The rules every room plays by. */
    public SimRules rules() {
        return rules;
    }
}
