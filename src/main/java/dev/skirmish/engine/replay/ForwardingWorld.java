package dev.skirmish.engine.replay;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.ByteWriter;
import java.util.List;
import java.util.Map;

/** A world that passes every call on to another ({@link #delegate()}); subclasses change what they need. */
abstract class ForwardingWorld<I> implements GameWorld<I> {
    /** The world the calls go to (it may change between calls). */
    abstract GameWorld<I> delegate();

    /** Two event chunks as one (their encoded events one after the other). */
    static EventChunk merge(EventChunk a, EventChunk b) {
        if (a.count() == 0) {
            return b;
        }
        if (b.count() == 0) {
            return a;
        }
        byte[] bytes = java.util.Arrays.copyOf(a.bytes(), a.bytes().length + b.bytes().length);
        System.arraycopy(b.bytes(), 0, bytes, a.bytes().length, b.bytes().length);
        return new EventChunk(a.count() + b.count(), bytes);
    }

    @Override
    public long tick() {
        return delegate().tick();
    }

    @Override
    public MatchPhase phase() {
        return delegate().phase();
    }

    @Override
    public long phaseEndTick() {
        return delegate().phaseEndTick();
    }

    @Override
    public String mapName() {
        return delegate().mapName();
    }

    @Override
    public int join(String nickname) {
        return delegate().join(nickname);
    }

    @Override
    public void hold(int entityId) {
        delegate().hold(entityId);
    }

    @Override
    public void rejoin(int entityId) {
        delegate().rejoin(entityId);
    }

    @Override
    public void leave(int entityId) {
        delegate().leave(entityId);
    }

    @Override
    public boolean has(int entityId) {
        return delegate().has(entityId);
    }

    @Override
    public I heldInput(I last, long seq) {
        return delegate().heldInput(last, seq);
    }

    @Override
    public void step(Map<Integer, ? extends List<I>> inputs) {
        delegate().step(inputs);
    }

    @Override
    public EventChunk takeEvents() {
        return delegate().takeEvents();
    }

    @Override
    public int rosterVersion() {
        return delegate().rosterVersion();
    }

    @Override
    public void roster(List<RosterLine> out) {
        delegate().roster(out);
    }

    @Override
    public int featured() {
        return delegate().featured();
    }

    @Override
    public void welcome(WelcomeInfo info, ByteWriter out) {
        delegate().welcome(info, out);
    }

    @Override
    public Views<?> views() {
        return delegate().views();
    }

    @Override
    public byte[] save() {
        return delegate().save();
    }
}
