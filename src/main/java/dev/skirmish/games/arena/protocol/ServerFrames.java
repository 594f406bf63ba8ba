package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.sim.PickupSpot;
import dev.skirmish.games.arena.sim.Wall;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the welcome and pong frames and decodes the server's frames. Snapshots are deltas against the
 * previous one, so a connection decodes them with its own {@link ServerDecoder}; {@link #decode} suits only
 * the first frames of a stream (welcome, pong, a full snapshot).
 */
public final class ServerFrames {
    private ServerFrames() {
    }

    /** The whole WELCOME frame: the engine's header ({@link StreamFrames#welcomeHeader}), then the arena's part. */
    public static byte[] encodeWelcome(ServerFrame.Welcome w) {
        ByteWriter out = StreamFrames.welcomeHeader(new WelcomeInfo(w.protocolVersion(), w.selfId(), w.simRateHz(),
                w.snapshotRateHz(), w.viewWidth(), w.viewHeight()), ArenaProtocol.GAME);
        writeWelcomeBody(w, out);
        return out.toByteArray();
    }

    /**
     * The arena's part of a WELCOME: the rules the client predicts with, the map, then (protocol 10) the mode, the
     * rail and the map's pickups.
     */
    public static void writeWelcomeBody(ServerFrame.Welcome w, ByteWriter out) {
        out.f64(w.accel()).f64(w.maxSpeed()).f64(w.friction()).f64(w.playerRadius())
                .f64(w.projectileSpeed()).f64(w.projectileRadius())
                .u16(w.maxHealth()).u16(w.fireCooldownTicks()).u16(w.killLimit()).u16(w.matchSeconds())
                .u16(w.respawnTicks())
                .str8(w.mapName()).u16(w.mapWidth()).u16(w.mapHeight()).u16(w.walls().size());
        for (Wall wall : w.walls()) {
            out.u16(wall.x()).u16(wall.y()).u16(wall.w()).u16(wall.h());
        }
        out.u8(w.mode()).f64(w.railSpeed()).u16(w.railCooldownTicks()).u8(w.pickups().size());
        for (PickupSpot p : w.pickups()) {
            out.u16(p.x()).u16(p.y()).u8(ArenaProtocol.pickupCode(p.kind()));
        }
    }

    public static byte[] encodePong(ServerFrame.Pong p) {
        return StreamFrames.pong(p.clientTimeMillis(), p.serverTick());
    }

    public static byte[] encodeMoved(ServerFrame.Moved m) {
        return StreamFrames.moved(m.gamePath());
    }

    public static byte[] encodeFollowing(ServerFrame.Following f) {
        return StreamFrames.following(f.entityId());
    }

    public static byte[] encodeReplay(ServerFrame.Replay f) {
        return StreamFrames.replay(f.flags(), f.speedQuarters(), f.tickRateHz(), f.position(), f.length());
    }

    /** Decodes one frame with a fresh decoder (no baseline: a delta snapshot is refused). */
    public static ServerFrame decode(ByteBuffer frame) throws ProtocolException {
        return new ServerDecoder().decode(frame);
    }

    /** Welcome, pong, moved and following (the stateless frames), after the opcode. */
    static ServerFrame decodeStateless(int op, ByteReader r) throws ProtocolException {
        ServerFrame result = switch (op) {
            case Protocol.OP_WELCOME -> decodeWelcome(r);
            case Protocol.OP_PONG -> new ServerFrame.Pong(r.u32(), r.u32());
            case Protocol.OP_MOVED -> new ServerFrame.Moved(r.str16());
            case Protocol.OP_FOLLOWING -> new ServerFrame.Following(r.u16());
            case Protocol.OP_REPLAY -> new ServerFrame.Replay(r.u8(), r.u8(), r.u16(), r.u32(), r.u32());
            default -> throw new ProtocolException(CloseCodes.UNSUPPORTED_DATA,
                    "unknown opcode 0x" + Integer.toHexString(op));
        };
        r.end();
        return result;
    }

    private static ServerFrame.Welcome decodeWelcome(ByteReader r) throws ProtocolException {
        StreamFrames.WelcomeHeader header = StreamFrames.readWelcomeHeader(r);
        if (!header.game().equals(ArenaProtocol.GAME) && !header.game().equals(ArenaProtocol.TEAM_GAME)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a room of another game: " + header.game());
        }
        int version = header.info().protocolVersion();
        int selfId = header.info().selfId();
        int sim = header.info().simRateHz();
        int snap = header.info().snapshotRateHz();
        int viewWidth = header.info().viewWidth();
        int viewHeight = header.info().viewHeight();
        double accel = r.f64();
        double maxSpeed = r.f64();
        double friction = r.f64();
        double playerRadius = r.f64();
        double projectileSpeed = r.f64();
        double projectileRadius = r.f64();
        int maxHealth = r.u16();
        int cooldown = r.u16();
        int killLimit = r.u16();
        int matchSeconds = r.u16();
        int respawnTicks = r.u16();
        String mapName = r.str8();
        int width = r.u16();
        int height = r.u16();
        int n = r.u16();
        List<Wall> walls = new ArrayList<>(Math.min(n, 1000));
        for (int i = 0; i < n; i++) {
            int x = r.u16();
            int y = r.u16();
            int w = r.u16();
            int h = r.u16();
            if (w == 0 || h == 0) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "empty wall");
            }
            walls.add(new Wall(x, y, w, h));
        }
        int mode = r.u8();
        if (mode > ArenaProtocol.MODE_TEAMS) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown mode " + mode);
        }
        double railSpeed = r.f64();
        int railCooldown = r.u16();
        int count = r.u8();
        if (count > SnapshotCodec.MAX_PICKUPS) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "more than " + SnapshotCodec.MAX_PICKUPS + " pickups");
        }
        List<PickupSpot> pickups = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int x = r.u16();
            int y = r.u16();
            pickups.add(new PickupSpot(x, y, pickupKind(r.u8())));
        }
        return new ServerFrame.Welcome(version, selfId, sim, snap, accel, maxSpeed, friction, playerRadius,
                projectileSpeed, projectileRadius, maxHealth, cooldown, killLimit, matchSeconds, respawnTicks,
                viewWidth, viewHeight, mapName, width, height, walls, mode, railSpeed, railCooldown, pickups);
    }

    private static PickupSpot.Kind pickupKind(int code) throws ProtocolException {
        PickupSpot.Kind k = ArenaProtocol.pickupKind(code);
        if (k == null) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown pickup kind " + code);
        }
        return k;
    }

    private static boolean connected(int state) throws ProtocolException {
        if (state > 1) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown connection state " + state);
        }
        return state == 1;
    }

    /** The radar, events and roster that follow a snapshot's bits. */
    static ServerFrame.Snapshot finishSnapshot(SnapshotState st, boolean full, int eventCount, RosterState rosterState,
                                               boolean hasRadar, ByteReader r) throws ProtocolException {
        List<ServerFrame.Blip> radar = null;
        if (hasRadar) {
            int n = r.u8();
            radar = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                radar.add(new ServerFrame.Blip(r.u8(), r.u8()));
            }
        }
        List<GameEvent> events = new ArrayList<>(Math.min(eventCount, 4096));
        for (int i = 0; i < eventCount; i++) {
            int type = r.u8();
            events.add(switch (type) {
                case ArenaProtocol.EVENT_HIT -> new GameEvent.Hit(r.u16(), r.u16(), r.u8(), r.u8());
                case ArenaProtocol.EVENT_KILL -> new GameEvent.Kill(r.u16(), r.u16());
                case ArenaProtocol.EVENT_RESPAWN -> new GameEvent.Respawn(r.u16(), Quant.fromPosition(r.u16()),
                        Quant.fromPosition(r.u16()));
                case ArenaProtocol.EVENT_MATCH -> new GameEvent.MatchState(phase(r.u8()), r.u16(), r.u16());
                case ArenaProtocol.EVENT_CONNECTION -> new GameEvent.Connection(r.u16(), connected(r.u8()));
                case ArenaProtocol.EVENT_PICKUP -> new GameEvent.Pickup(r.u16(), r.u8(), pickupKind(r.u8()));
                default -> throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown event type " + type);
            });
        }
        ServerFrame.Roster roster = rosterState == null ? null : rosterState.apply(r);
        r.end();
        EntityTable t = st.entities;
        List<ServerFrame.Entity> entities = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            entities.add(new ServerFrame.Entity(t.id(i), t.kind(i), Quant.fromPosition(t.x(i)),
                    Quant.fromPosition(t.y(i)), Quant.fromAngle8(t.angle(i)), t.health(i), t.flags(i), t.owner(i)));
        }
        return new ServerFrame.Snapshot(st.tick, full, st.ackSeq, Quant.fromVelocity(st.vx),
                Quant.fromVelocity(st.vy), phase(st.phase), st.phaseEndTick, st.areaHalfWidth16 / 16.0,
                st.areaHalfHeight16 / 16.0, entities, events, roster, radar, st.pickupCount, st.pickups);
    }

    static MatchPhase phase(int code) throws ProtocolException {
        try {
            return MatchPhase.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown match phase " + code);
        }
    }
}
