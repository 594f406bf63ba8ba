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
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.WorldCodec;
import java.util.Map;

/**
 * The arena shooter on the engine: top-down fights on a map, one gun, matches to a kill or time limit. Its
 * settings are {@code map}, {@code match.killLimit}, {@code match.timeSeconds}, {@code match.resultsSeconds},
 * {@code match.countdownSeconds} and {@code lagCompensation.maxMillis} (config/skirmish.properties).
 */
public final class ArenaGame implements Game<PlayerInput> {
    /** The game's name in the lobby, the settings and the bots' {@code --game}. */
    public static final String NAME = ArenaProtocol.GAME;
    /** Bytes of one input: u8 buttons, u16 aim, u32 view tick, u8 view fraction. */
    public static final int INPUT_BYTES = 8;

    private GameMap map;
    private SimRules rules;
    private InterestArea interest;
    private int snapshotRateHz;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void configure(GameContext context) {
        this.map = GameMap.load(setting(context, "map"));
        this.rules = SimRules.defaults(context.simRateHz())
                .withMatch(integer(context, "match.killLimit"), integer(context, "match.timeSeconds"),
                        integer(context, "match.resultsSeconds"), integer(context, "match.countdownSeconds"))
                .withMaxRewind(integer(context, "lagCompensation.maxMillis") / 1000.0);
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

    private static int integer(GameContext c, String key) {
        String v = setting(c, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, was '" + v + "'");
        }
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

    @Override
    public GameWorld<PlayerInput> newWorld(long seed) {
        return new ArenaWorld(new dev.skirmish.games.arena.sim.World(map, rules, seed), interest, snapshotRateHz);
    }

    @Override
    public GameWorld<PlayerInput> restore(byte[] saved) {
        return new ArenaWorld(WorldCodec.restore(saved, map), interest, snapshotRateHz);
    }

    @Override
    public Map<String, Number> clientSettings() {
        return Map.of("respawnSeconds", rules.respawnSeconds());
    }

    @Override
    public String describe() {
        return NAME + " on map " + map.name();
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
