package dev.skirmish.games.cycles;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.games.cycles.protocol.CyclesWire;
import dev.skirmish.games.cycles.sim.Cycle;
import dev.skirmish.games.cycles.sim.Steer;
import dev.skirmish.games.cycles.sim.Track;
import dev.skirmish.games.cycles.sim.TrackCodec;
import java.util.List;
import java.util.Map;

/** One light-cycle room's {@link Track} as the engine sees it. Tick thread only. */
public final class CyclesWorld implements GameWorld<Steer> {
    private final Track track;
    private final CyclesViews views;

    CyclesWorld(Track track) {
        this.track = track;
        this.views = new CyclesViews(track);
    }

    /** A world around {@code track} (tests). */
    public static CyclesWorld wrap(Track track) {
        return new CyclesWorld(track);
    }

    public Track track() {
        return track;
    }

    @Override
    public long tick() {
        return track.tick();
    }

    @Override
    public MatchPhase phase() {
        return track.phase();
    }

    @Override
    public long phaseEndTick() {
        return track.phaseEndTick();
    }

    @Override
    public String mapName() {
        return track.rules().width() + "x" + track.rules().height();
    }

    @Override
    public int join(String nickname) {
        return track.addRider(nickname);
    }

    @Override
    public void hold(int entityId) {
        track.setConnected(entityId, false);
    }

    @Override
    public void rejoin(int entityId) {
        track.setConnected(entityId, true);
    }

    @Override
    public void leave(int entityId) {
        track.removeRider(entityId);
    }

    @Override
    public boolean has(int entityId) {
        return track.cycle(entityId) != null;
    }

    @Override
    public void step(Map<Integer, ? extends List<Steer>> inputs) {
        track.step(inputs);
    }

    @Override
    public EventChunk takeEvents() {
        return CyclesWire.encodeEvents(track.drainEvents());
    }

    @Override
    public int rosterVersion() {
        return track.scoreVersion();
    }

    /** Scores: rounds won, then cuts (other cycles that crashed into this one's trail). */
    @Override
    public void roster(List<RosterLine> out) {
        for (Cycle c : track.cycles()) {
            out.add(new RosterLine(c.id(), c.name(), new int[]{c.wins(), c.cuts()}));
        }
    }

    /** The cycle with the most wins (the lowest id among equals), 0 on an empty track. */
    @Override
    public int featured() {
        int best = 0;
        int bestWins = -1;
        for (Cycle c : track.cycles()) {
            if (c.wins() > bestWins) {
                best = c.id();
                bestWins = c.wins();
            }
        }
        return best;
    }

    @Override
    public void welcome(WelcomeInfo info, ByteWriter out) {
        CyclesWire.writeWelcome(track.rules(), out);
    }

    @Override
    public Views<?> views() {
        return views;
    }

    @Override
    public byte[] save() {
        return TrackCodec.save(track);
    }
}
