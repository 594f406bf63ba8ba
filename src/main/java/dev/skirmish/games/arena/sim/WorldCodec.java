package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.SeededRandom;
import dev.skirmish.engine.spi.MatchPhase;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Saves a world's whole state between two ticks and restores it exactly, so that a room can move to another
 * node in the middle of a match (the handover of a rolling deploy). A restored world steps identically to the
 * original: same rules, tick and match clock, players with their positions, velocities, health, scores,
 * cooldowns and lag-compensation history, projectiles in flight, and the random generator's state.
 *
 * <p>Format (big-endian, {@link DataOutputStream} encodings): the magic {@code SKWS}, a version (u16, now
 * {@value #VERSION}), the rules, the map's identity (name, size, wall and spawn counts: the receiving node must
 * have the same map), the world's clock and match state, its play area, then the players and the projectiles. A
 * reader refuses another version, another map, counts beyond the world's bounds and trailing bytes, with an
 * {@link IllegalArgumentException} that says which.
 */
public final class WorldCodec {
    /** Format version; bump it when the layout changes (a node refuses versions it does not know). */
    public static final int VERSION = 3;
    private static final int MAGIC = 0x534B5753; // "SKWS"

    private WorldCodec() {
    }

    /** The world's state between two ticks. Call it on the thread that ticks the world, with no events pending. */
    public static byte[] save(World w) {
        if (!w.events.isEmpty()) {
            throw new IllegalStateException("drain the world's events before saving it");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + w.players.size() * 1600);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            writeRules(out, w.rules());
            out.writeBoolean(w.teams());
            GameMap map = w.map();
            out.writeUTF(map.name());
            out.writeInt(map.width());
            out.writeInt(map.height());
            out.writeInt(map.walls().size());
            out.writeInt(map.spawns().size());
            out.writeInt(map.pickups().size());
            out.writeLong(w.tick);
            out.writeUTF(w.phase.name());
            out.writeInt(w.matchNumber);
            out.writeLong(w.phaseEndTick);
            out.writeInt(w.area.halfWidth16());
            out.writeInt(w.area.halfHeight16());
            out.writeLong(w.random.state());
            out.writeInt(w.projectiles.nextId);
            out.writeInt(w.players.size());
            for (Player p : w.players.values()) {
                writePlayer(out, p);
            }
            for (long ready : w.pickupReadyAt) {
                out.writeLong(ready);
            }
            out.writeInt(w.projectiles.inFlight.size());
            for (Projectile pr : w.projectiles.inFlight) {
                out.writeInt(pr.id());
                out.writeInt(pr.ownerId());
                out.writeByte(pr.team);
                out.writeByte(pr.weapon);
                out.writeDouble(pr.x);
                out.writeDouble(pr.y);
                out.writeDouble(pr.vx);
                out.writeDouble(pr.vy);
                out.writeLong(pr.expiresTick);
                out.writeDouble(pr.rewindTicks);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a world saved by {@link #save} on the given map.
     *
     * @throws IllegalArgumentException for another format version, another map, or bytes that are not a saved
     *                                  world
     */
    public static World restore(byte[] saved, GameMap map) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            if (saved.length < 6 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a saved world");
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new IllegalArgumentException("saved world format " + version + " is not supported (this node reads "
                        + VERSION + ")");
            }
            SimRules rules = readRules(in);
            boolean teams = in.readBoolean();
            String mapName = in.readUTF();
            int width = in.readInt();
            int height = in.readInt();
            int walls = in.readInt();
            int spawns = in.readInt();
            int pickups = in.readInt();
            if (!mapName.equals(map.name()) || width != map.width() || height != map.height()
                    || walls != map.walls().size() || spawns != map.spawns().size() || pickups != map.pickups().size()) {
                throw new IllegalArgumentException("the world was saved on map '" + mapName + "' (" + width + "x" + height
                        + "), this node has '" + map.name() + "' (" + map.width() + "x" + map.height() + ")");
            }
            long tick = in.readLong();
            MatchPhase phase = MatchPhase.valueOf(in.readUTF());
            int matchNumber = in.readInt();
            long phaseEndTick = in.readLong();
            PlayArea area = new PlayArea(range(in.readInt(), 0, map.width() * 8, "area width"),
                    range(in.readInt(), 0, map.height() * 8, "area height"));
            World w = new World(map, rules, new SeededRandom(in.readLong()), teams);
            w.area = area;
            w.tick = tick;
            w.phase = phase;
            w.matchNumber = matchNumber;
            w.phaseEndTick = phaseEndTick;
            w.projectiles.nextId = range(in.readInt(), World.FIRST_PROJECTILE_ID, World.MAX_ENTITY_ID, "next projectile id");
            int players = range(in.readInt(), 0, World.MAX_PLAYER_ID, "player count");
            int history = World.historyLength(rules);
            for (int i = 0; i < players; i++) {
                Player p = readPlayer(in, history);
                if (w.players.put(p.id(), p) != null) {
                    throw new IllegalArgumentException("player " + p.id() + " saved twice");
                }
            }
            for (int i = 0; i < pickups; i++) {
                w.pickupReadyAt[i] = in.readLong();
            }
            int projectiles = range(in.readInt(), 0, World.MAX_PROJECTILES, "projectile count");
            for (int i = 0; i < projectiles; i++) {
                int id = range(in.readInt(), World.FIRST_PROJECTILE_ID, World.MAX_ENTITY_ID, "projectile id");
                int owner = range(in.readInt(), 1, World.MAX_PLAYER_ID, "projectile owner");
                int team = range(in.readByte(), 0, 2, "projectile team");
                int weapon = range(in.readByte(), Weapons.BLASTER, Weapons.RAIL, "weapon");
                double x = in.readDouble();
                double y = in.readDouble();
                double vx = in.readDouble();
                double vy = in.readDouble();
                long expires = in.readLong();
                double rewind = in.readDouble();
                w.projectiles.inFlight.add(new Projectile(id, owner, team, weapon, x, y, vx, vy, expires, rewind));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the saved world");
            }
            return w;
        } catch (EOFException e) {
            throw new IllegalArgumentException("the saved world is truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException("the saved world cannot be read: " + e.getMessage());
        }
    }

    private static void writeRules(DataOutputStream out, SimRules r) throws IOException {
        out.writeInt(r.tickRateHz());
        out.writeDouble(r.accel());
        out.writeDouble(r.maxSpeed());
        out.writeDouble(r.friction());
        out.writeDouble(r.playerRadius());
        out.writeInt(r.maxHealth());
        out.writeDouble(r.projectileSpeed());
        out.writeDouble(r.projectileRadius());
        out.writeDouble(r.projectileLifeSeconds());
        out.writeDouble(r.fireCooldownSeconds());
        out.writeInt(r.projectileDamage());
        out.writeDouble(r.respawnSeconds());
        out.writeDouble(r.spawnProtectionSeconds());
        out.writeInt(r.killLimit());
        out.writeInt(r.matchSeconds());
        out.writeInt(r.resultsSeconds());
        out.writeInt(r.countdownSeconds());
        out.writeDouble(r.maxRewindSeconds());
    }

    private static SimRules readRules(DataInputStream in) throws IOException {
        try {
            return new SimRules(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(),
                    in.readDouble(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readDouble());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("saved rules are invalid: " + e.getMessage());
        }
    }

    private static void writePlayer(DataOutputStream out, Player p) throws IOException {
        out.writeInt(p.id());
        out.writeUTF(p.name());
        out.writeDouble(p.x);
        out.writeDouble(p.y);
        out.writeDouble(p.vx);
        out.writeDouble(p.vy);
        out.writeDouble(p.aim);
        out.writeInt(p.health);
        out.writeBoolean(p.alive);
        out.writeLong(p.respawnTick);
        out.writeLong(p.protectedUntilTick);
        out.writeLong(p.nextFireTick);
        out.writeLong(p.lastInputSeq);
        out.writeLong(p.lastFireTick);
        out.writeInt(p.kills);
        out.writeInt(p.deaths);
        out.writeInt(p.shield);
        out.writeLong(p.damageUntilTick);
        out.writeByte(p.team);
        p.history.save(out);
    }

    private static Player readPlayer(DataInputStream in, int historyLength) throws IOException {
        Player p = new Player(range(in.readInt(), 1, World.MAX_PLAYER_ID, "player id"), in.readUTF(), historyLength);
        p.x = in.readDouble();
        p.y = in.readDouble();
        p.vx = in.readDouble();
        p.vy = in.readDouble();
        p.aim = in.readDouble();
        p.health = in.readInt();
        p.alive = in.readBoolean();
        p.respawnTick = in.readLong();
        p.protectedUntilTick = in.readLong();
        p.nextFireTick = in.readLong();
        p.lastInputSeq = in.readLong();
        p.lastFireTick = in.readLong();
        p.kills = in.readInt();
        p.deaths = in.readInt();
        p.shield = range(in.readInt(), 0, Pickups.SHIELD, "shield");
        p.damageUntilTick = in.readLong();
        p.team = range(in.readByte(), 0, 2, "team");
        int saved = in.readInt();
        if (saved != historyLength) {
            throw new IllegalArgumentException("player " + p.id() + " has " + saved + " history entries, the rules make "
                    + historyLength);
        }
        p.history.loadAfterLength(in);
        return p;
    }

    private static int range(int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
