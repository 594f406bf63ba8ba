package com.example.tag;

import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameContext;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;
import java.util.Map;

/**
 * Shared-cursor tag: every player is a dot on a square field, one of them is "it"; touching another passes it on.
 * Each second you are not it scores a point. An input is one byte: bit 0 up, 1 down, 2 left, 3 right.
 */
public final class TagGame implements Game<Integer> {
    private int field;

    @Override
    public String name() {
        return "tag";
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("tag.field", "600");
    }

    @Override
    public void configure(GameContext context) {
        field = Integer.parseInt(context.setting("tag.field").strip());
        if (field < 100 || field > 1000) {
            throw new IllegalArgumentException("setting tag.field must be 100..1000, was " + field);
        }
    }

    @Override
    public int tickRateHz() {
        return 20;
    }

    @Override
    public int maxPlayers() {
        return 8;
    }

    @Override
    public int inputBytes() {
        return 1;
    }

    /** The page sends a direction when it changes, numbered one after the other: nothing is held. */
    @Override
    public boolean inputsAreTicks() {
        return false;
    }

    @Override
    public Integer decodeInput(long seq, ByteReader in) throws ProtocolException {
        int b = in.u8();
        if (b > 15) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown direction bits " + b);
        }
        return b;
    }

    /** Tag is deterministic (its seed is its only randomness) and saves canonically: it has replays. */
    @Override
    public boolean replays() {
        return true;
    }

    @Override
    public long encodeInput(Integer input, ByteWriter out) {
        out.u8(input);
        return 0; // a direction does not keep its number
    }

    @Override
    public GameWorld<Integer> newWorld(long seed) {
        return new TagWorld(field, seed);
    }

    @Override
    public GameWorld<Integer> restore(byte[] saved) {
        return TagWorld.restore(field, saved);
    }

    @Override
    public Map<String, Number> clientSettings() {
        return Map.of("field", field);
    }
}
