package dev.skirmish.games.arena;
import dev.skirmish.engine.spi.InterestArea;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import dev.skirmish.games.arena.protocol.EntityTable;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.sim.Player;
import dev.skirmish.games.arena.sim.Projectile;
import dev.skirmish.games.arena.sim.Weapons;
import dev.skirmish.games.arena.sim.World;
import java.util.Arrays;
import java.util.List;

/**
 * Quantizes the world once per snapshot ({@link #capture}) and picks each player's entities from it by
 * {@link InterestArea} ({@link #select}). Tick thread only.
 */
final class SnapshotBuilder {
    private final EntityTable all = new EntityTable();
    private long[] order = new long[64];
    private final int halfW;
    private final int halfH;
    private final int margin;

    SnapshotBuilder(InterestArea area) {
        this.halfW = area.viewWidth() * Quant.POSITION_SCALE / 2;
        this.halfH = area.viewHeight() * Quant.POSITION_SCALE / 2;
        this.margin = area.margin() * Quant.POSITION_SCALE;
    }

    /** Every entity of the world, quantized, in id order. */
    void capture(World world) {
        all.clear();
        long tick = world.tick();
        for (Player p : world.players()) {
            int flags = (p.alive() ? ArenaProtocol.FLAG_ALIVE : 0)
                    | (p.isProtected(tick) ? ArenaProtocol.FLAG_PROTECTED : 0)
                    | (p.firedAt(tick) ? ArenaProtocol.FLAG_FIRED : 0)
                    | (p.held() ? ArenaProtocol.FLAG_HELD : 0)
                    | (p.boosted(tick) ? ArenaProtocol.FLAG_BOOSTED : 0);
            // one byte: health, and above the maximum the shield
            all.add(p.id(), ArenaProtocol.KIND_PLAYER, Quant.toPosition(p.x), Quant.toPosition(p.y),
                    Quant.toAngle8(p.aim()), Math.max(0, Math.min(255, p.health() + p.shield())), flags, 0);
        }
        List<Projectile> projectiles = world.projectiles();
        int n = projectiles.size();
        if (order.length < n) {
            order = new long[Math.max(n, order.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            order[i] = ((long) projectiles.get(i).id() << 32) | i;
        }
        Arrays.sort(order, 0, n); // ids wrap around, so the list is not always in id order
        for (int k = 0; k < n; k++) {
            Projectile pr = projectiles.get((int) order[k]);
            all.add(pr.id(), ArenaProtocol.KIND_PROJECTILE, Quant.toPosition(pr.x), Quant.toPosition(pr.y),
                    Quant.toAngle8(pr.heading()), 0, ArenaProtocol.FLAG_ALIVE
                            | (pr.weapon() == Weapons.RAIL ? ArenaProtocol.FLAG_RAIL : 0), pr.ownerId());
        }
    }

    /** Entities captured, before any selection. */
    int captured() {
        return all.size();
    }

    /**
     * Fills {@code out} with the entities of {@code selfId}'s area of interest, in id order. {@code known} is
     * what the client has (its baseline), or null.
     */
    void select(int selfId, EntityTable known, EntityTable out) {
        select(selfId, known, out, false);
    }

    /** The same for a viewer whose window is {@code portrait}: the box stands upright (the same area). */
    void select(int selfId, EntityTable known, EntityTable out, boolean portrait) {
        int halfW = portrait ? this.halfH : this.halfW;
        int halfH = portrait ? this.halfW : this.halfH;
        out.clear();
        int self = all.indexOf(selfId);
        if (self < 0) {
            return;
        }
        int sx = all.x(self);
        int sy = all.y(self);
        int b = 0;
        int knownSize = known == null ? 0 : known.size();
        for (int i = 0; i < all.size(); i++) {
            int id = all.id(i);
            while (b < knownSize && known.id(b) < id) {
                b++;
            }
            boolean isKnown = b < knownSize && known.id(b) == id;
            int m = all.kind(i) == ArenaProtocol.KIND_PROJECTILE ? margin * 2 : margin;
            if (isKnown) {
                m += margin; // hysteresis
            }
            if (id == selfId || (Math.abs(all.x(i) - sx) <= halfW + m && Math.abs(all.y(i) - sy) <= halfH + m)) {
                out.addCopy(all, i);
            }
        }
    }
}
