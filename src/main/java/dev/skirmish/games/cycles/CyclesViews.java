package dev.skirmish.games.cycles;

import dev.skirmish.engine.spi.Viewer;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.games.cycles.protocol.CycleTable;
import dev.skirmish.games.cycles.protocol.CyclesWire;
import dev.skirmish.games.cycles.sim.Cycle;
import dev.skirmish.games.cycles.sim.Track;

/**
 * The light cycles' snapshots: the whole track for everybody (it is small), as a delta of each cycle against the
 * viewer's baseline: one bit for a cycle that rode straight on, its new turn points when it turned. Tick thread only.
 */
final class CyclesViews implements Views<CycleTable> {
    private final Track track;
    private final CycleTable now = new CycleTable();

    CyclesViews(Track track) {
        this.track = track;
    }

    @Override
    public CycleTable newState() {
        return new CycleTable();
    }

    @Override
    public void capture() {
        now.clear();
        for (Cycle c : track.cycles()) {
            int flags = (c.alive() ? CycleTable.ALIVE : 0) | (c.held() ? CycleTable.HELD : 0)
                    | (c.riding() ? CycleTable.RIDING : 0);
            int i = now.add(c.id(), c.x(), c.y(), c.dir(), flags, c.trailEpoch(), c.startX(), c.startY());
            for (int k = 0; k < c.cornerCount(); k++) {
                now.addCorner(i, c.corner(k));
            }
        }
        now.tick = track.tick();
        now.valid = true;
    }

    @Override
    public void write(Viewer viewer, CycleTable base, CycleTable next, BitWriter out) {
        int age = base == null ? 0 : (int) (viewer.tick() - base.tick);
        CyclesWire.encodeBody(base, now, age, track.phase().code(), out);
        next.copyFrom(now);
    }
}
