package dev.skirmish.games.cycles;

import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameContext;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.cycles.protocol.CyclesWire;
import dev.skirmish.games.cycles.sim.Steer;
import dev.skirmish.games.cycles.sim.Track;
import dev.skirmish.games.cycles.sim.TrackCodec;
import dev.skirmish.games.cycles.sim.TrackRules;
import java.util.Map;

/**
 * Light cycles on the engine: a grid, a trail behind every cycle, turn left or right, the last one riding wins the
 * round. It differs from the arena in everything the engine does not own: a grid instead of a map, trails that grow
 * every tick instead of entities that move, one input byte, elimination rounds, 20 ticks a second, everybody sees
 * the whole track. Settings: {@code cycles.tickRateHz}, {@code cycles.maxPlayers}, {@code cycles.width},
 * {@code cycles.height} (config/skirmish.properties).
 */
public final class CyclesGame implements Game<Steer> {
    public static final String NAME = CyclesWire.GAME;

    private TrackRules rules;
    private int maxPlayers;

    @Override
    public String name() {
        return NAME;
    }

    /** The light cycles' settings with their defaults. */
    @Override
    public Map<String, String> settings() {
        return Map.of("cycles.tickRateHz", "20", "cycles.maxPlayers", "8", "cycles.width", "96", "cycles.height", "64");
    }

    @Override
    public void configure(GameContext context) {
        int hz = integer(context, "cycles.tickRateHz", 5, 60);
        this.maxPlayers = integer(context, "cycles.maxPlayers", 2, 16);
        this.rules = TrackRules.of(integer(context, "cycles.width", 16, TrackRules.MAX_SIDE),
                integer(context, "cycles.height", 16, TrackRules.MAX_SIDE), hz);
    }

    /** The same game configured directly (tests, benchmarks). */
    public static CyclesGame of(TrackRules rules, int maxPlayers) {
        CyclesGame g = new CyclesGame();
        g.rules = rules;
        g.maxPlayers = maxPlayers;
        return g;
    }

    private static int integer(GameContext c, String key, int min, int max) {
        String v = c.setting(key);
        if (v == null) {
            throw new IllegalArgumentException("setting " + key + " is missing");
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException("setting " + key + " must be " + min + ".." + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, was '" + v + "'");
        }
    }

    @Override
    public int tickRateHz() {
        return rules.tickRateHz();
    }

    @Override
    public int snapshotRateHz() {
        return rules.tickRateHz();
    }

    @Override
    public int maxPlayers() {
        return maxPlayers;
    }

    @Override
    public int inputBytes() {
        return 1;
    }

    /** A rider sends turns, numbered one after the other, not a control per tick: nothing is held. */
    @Override
    public boolean inputsAreTicks() {
        return false;
    }

    @Override
    public Steer decodeInput(long seq, ByteReader in) throws ProtocolException {
        int turn = CyclesWire.turn(in);
        return turn < 0 ? Steer.LEFT : turn > 0 ? Steer.RIGHT : Steer.NONE;
    }

    /** Light cycles are deterministic and save canonically: their rounds are recorded for replays. */
    @Override
    public boolean replays() {
        return true;
    }

    @Override
    public long encodeInput(Steer input, dev.skirmish.engine.spi.wire.ByteWriter out) {
        out.u8(CyclesWire.inputByte(input == Steer.LEFT ? -1 : input == Steer.RIGHT ? 1 : 0));
        return 0; // a turn does not keep its number
    }

    @Override
    public GameWorld<Steer> newWorld(long seed) {
        return new CyclesWorld(new Track(rules, seed));
    }

    @Override
    public GameWorld<Steer> restore(byte[] saved) {
        return new CyclesWorld(TrackCodec.restore(saved, rules));
    }

    @Override
    public Map<String, Number> clientSettings() {
        return Map.of("width", rules.width(), "height", rules.height());
    }

    @Override
    public String describe() {
        return NAME + " on a " + rules.width() + "x" + rules.height() + " track at " + rules.tickRateHz() + " Hz";
    }

    public TrackRules rules() {
        return rules;
    }
}
