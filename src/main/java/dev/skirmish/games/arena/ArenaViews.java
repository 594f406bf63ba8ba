package dev.skirmish.games.arena;

import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.spi.Viewer;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.protocol.SnapshotCodec;
import dev.skirmish.games.arena.protocol.SnapshotEncoder;
import dev.skirmish.games.arena.protocol.SnapshotState;
import dev.skirmish.games.arena.sim.Player;
import dev.skirmish.games.arena.sim.World;

/**
 * The arena's snapshots: each viewer gets the entities of its area of interest ({@link SnapshotBuilder}), its own
 * velocity, the match phase and the play area, as a delta against its baseline ({@link SnapshotCodec}). About once
 * a second (and in every full snapshot) a frame also carries the radar: where the other living players outside its
 * entities are, coarsely, for the arrows that lead players to a fight. Tick thread only.
 */
final class ArenaViews implements Views<ArenaViews.View> {
    /** What one viewer knows: the decoder's state, and the round that last carried it a radar. */
    static final class View {
        final SnapshotState state = new SnapshotState();
        long radarRound = Long.MIN_VALUE / 2;
    }

    private final World world;
    private final SnapshotBuilder builder;
    private final int radarEvery;
    private final int[] radarX = new int[World.MAX_PLAYER_ID + 1];
    private final int[] radarY = new int[World.MAX_PLAYER_ID + 1];
    /** Which of the map's pickups lie there at this round (bit i: spot i); the same for every viewer. */
    private long pickupMask;

    /** @param snapshotRateHz snapshot rounds a second: a viewer gets the radar every this many */
    ArenaViews(World world, InterestArea interest, int snapshotRateHz) {
        this.world = world;
        this.builder = new SnapshotBuilder(interest);
        this.radarEvery = Math.max(1, snapshotRateHz);
    }

    @Override
    public View newState() {
        return new View();
    }

    @Override
    public void capture() {
        builder.capture(world);
        long mask = 0;
        for (int i = 0; i < world.map().pickups().size(); i++) {
            if (world.pickupReady(i)) {
                mask |= 1L << i;
            }
        }
        pickupMask = mask;
    }

    @Override
    public void write(Viewer viewer, View base, View next, BitWriter out) {
        Player p = world.player(viewer.entityId()); // the engine asks only for players in the world
        boolean radar = base == null || viewer.round() - base.radarRound >= radarEvery;
        SnapshotState n = next.state;
        n.valid = true;
        n.tick = viewer.tick();
        n.vx = Quant.toVelocity(p.vx);
        n.vy = Quant.toVelocity(p.vy);
        n.areaHalfWidth16 = world.area().halfWidth16();
        n.areaHalfHeight16 = world.area().halfHeight16();
        n.pickupCount = world.map().pickups().size();
        n.pickups = pickupMask;
        builder.select(p.id(), base == null ? null : base.state.entities, n.entities, viewer.portrait());
        next.radarRound = radar ? viewer.round() : base.radarRound;
        SnapshotCodec.encodeBody(base == null ? null : base.state, n, radar ? radar(p, n) : null, out);
    }

    /**
     * The radar for {@code self}: every other living player that is not among the entities of {@code next}; in a
     * team match only the other team's (the arrows lead to a fight).
     */
    private byte[] radar(Player self, SnapshotState next) {
        int n = 0;
        var entities = next.entities;
        int k = 0;
        for (Player o : world.players()) { // id order, like the entity table
            if (o == self || !o.alive() || o.held() || (o.team() != 0 && o.team() == self.team())) {
                continue;
            }
            while (k < entities.size() && entities.id(k) < o.id()) {
                k++;
            }
            if (k < entities.size() && entities.id(k) == o.id()) {
                continue; // in view: the snapshot has it
            }
            radarX[n] = SnapshotEncoder.radarCell(o.x, world.map().width());
            radarY[n] = SnapshotEncoder.radarCell(o.y, world.map().height());
            n++;
        }
        return SnapshotEncoder.encodeRadar(radarX, radarY, n);
    }
}
