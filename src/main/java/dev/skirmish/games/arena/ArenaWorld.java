package dev.skirmish.games.arena;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.games.arena.protocol.ArenaProtocol;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.protocol.ServerFrames;
import dev.skirmish.games.arena.protocol.SnapshotEncoder;
import dev.skirmish.games.arena.sim.Player;
import dev.skirmish.games.arena.sim.PlayerInput;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.Weapons;
import dev.skirmish.games.arena.sim.World;
import dev.skirmish.games.arena.sim.WorldCodec;
import java.util.List;
import java.util.Map;

/** One arena room's {@link World} as the engine sees it. Tick thread only, like the world. */
public final class ArenaWorld implements GameWorld<PlayerInput> {
    private final World world;
    private final ArenaViews views;

    ArenaWorld(World world, InterestArea interest, int snapshotRateHz) {
        this.world = world;
        this.views = new ArenaViews(world, interest, snapshotRateHz);
    }

    /** A world around {@code world} (tests, benchmarks): snapshots select by {@code interest}. */
    public static ArenaWorld wrap(World world, InterestArea interest, int snapshotRateHz) {
        return new ArenaWorld(world, interest, snapshotRateHz);
    }

    /** The simulation itself (tests, benchmarks). */
    public World world() {
        return world;
    }

    @Override
    public long tick() {
        return world.tick();
    }

    @Override
    public MatchPhase phase() {
        return world.phase();
    }

    @Override
    public long phaseEndTick() {
        return world.phaseEndTick();
    }

    @Override
    public String mapName() {
        return world.map().name();
    }

    @Override
    public int join(String nickname) {
        return world.addPlayer(nickname);
    }

    @Override
    public void hold(int entityId) {
        world.setConnected(entityId, false);
    }

    @Override
    public void rejoin(int entityId) {
        world.setConnected(entityId, true);
    }

    @Override
    public void leave(int entityId) {
        world.removePlayer(entityId);
    }

    @Override
    public boolean has(int entityId) {
        return world.player(entityId) != null;
    }

    /** Held controls keep their buttons and aim; the view time moves on by one tick per tick. */
    @Override
    public PlayerInput heldInput(PlayerInput last, long seq) {
        double view = last.viewTick() > 0 ? last.viewTick() + (seq - last.seq()) : 0;
        return new PlayerInput(seq, last.buttons(), last.aim(), view);
    }

    @Override
    public void step(Map<Integer, ? extends List<PlayerInput>> inputs) {
        world.step(inputs);
    }

    @Override
    public EventChunk takeEvents() {
        return SnapshotEncoder.encodeEvents(world.drainEvents());
    }

    @Override
    public int rosterVersion() {
        return world.scoreVersion();
    }

    @Override
    public void roster(List<RosterLine> out) {
        for (Player p : world.players()) {
            out.add(SnapshotEncoder.line(p.id(), p.name(), p.kills(), p.deaths(), p.team()));
        }
    }

    /** The player with the most kills (the lowest id among equals), 0 if the world has none. */
    @Override
    public int featured() {
        int best = 0;
        int bestKills = -1;
        for (Player p : world.players()) {
            if (p.kills() > bestKills) {
                best = p.id();
                bestKills = p.kills();
            }
        }
        return best;
    }

    @Override
    public void welcome(WelcomeInfo info, ByteWriter out) {
        SimRules r = world.rules();
        ServerFrames.writeWelcomeBody(new ServerFrame.Welcome(info.protocolVersion(), info.selfId(),
                info.simRateHz(), info.snapshotRateHz(), r.accel(), r.maxSpeed(), r.friction(), r.playerRadius(),
                r.projectileSpeed(), r.projectileRadius(), r.maxHealth(), r.ticks(r.fireCooldownSeconds()),
                r.killLimit(), r.matchSeconds(), r.ticks(r.respawnSeconds()), info.viewWidth(), info.viewHeight(),
                world.map().name(), world.map().width(), world.map().height(), world.map().walls(),
                world.teams() ? ArenaProtocol.MODE_TEAMS : ArenaProtocol.MODE_FREE_FOR_ALL, Weapons.RAIL_SPEED,
                r.ticks(Weapons.RAIL_COOLDOWN_SECONDS), world.map().pickups()), out);
    }

    @Override
    public Views<?> views() {
        return views;
    }

    @Override
    public byte[] save() {
        return WorldCodec.save(world);
    }
}
