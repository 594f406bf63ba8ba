package dev.skirmish.games.cycles.sim;

import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.SeededRandom;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Saves a track between two ticks and restores it exactly (a room handover): rules, clock, round, random state,
 * and every cycle with its trail, turns waiting and scores; the grid is rebuilt from the trails. Format: the magic
 * {@code SKCT}, a version (u16, now {@value #VERSION}), then {@link DataOutputStream} fields. A reader refuses
 * another version, other rules, values out of range and trailing bytes with an {@link IllegalArgumentException}.
 */
public final class TrackCodec {
    public static final int VERSION = 1;
    private static final int MAGIC = 0x534B4354; // "SKCT"

    private TrackCodec() {
    }

    /** The track's state. Call it on the tick thread with no events pending. */
    public static byte[] save(Track t) {
        if (!t.events.isEmpty()) {
            throw new IllegalStateException("drain the track's events before saving it");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + t.cycles.size() * 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            TrackRules r = t.rules;
            out.writeInt(r.width());
            out.writeInt(r.height());
            out.writeInt(r.tickRateHz());
            out.writeLong(t.tick);
            out.writeUTF(t.phase.name());
            out.writeLong(t.phaseEndTick);
            out.writeInt(t.round);
            out.writeInt(t.scoreVersion);
            out.writeLong(t.random.state());
            out.writeInt(t.cycles.size());
            for (Cycle c : t.cycles.values()) {
                out.writeInt(c.id());
                out.writeUTF(c.name());
                out.writeInt(c.x);
                out.writeInt(c.y);
                out.writeInt(c.dir);
                out.writeBoolean(c.alive);
                out.writeBoolean(c.held);
                out.writeBoolean(c.riding);
                out.writeInt(c.startX);
                out.writeInt(c.startY);
                out.writeInt(c.trailEpoch);
                out.writeInt(c.wins);
                out.writeInt(c.cuts);
                out.writeLong(c.respawnTick);
                out.writeInt(c.cornerCount);
                for (int i = 0; i < c.cornerCount; i++) {
                    out.writeInt(c.corners[i]);
                }
                out.writeInt(c.pendingCount);
                for (int i = 0; i < c.pendingCount; i++) {
                    out.writeInt(c.pending[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A track saved by {@link #save} under the same {@code rules}. */
    public static Track restore(byte[] saved, TrackRules rules) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            if (saved.length < 6 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a saved track");
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new IllegalArgumentException("track format " + version + " is not supported (this node reads "
                        + VERSION + ")");
            }
            int w = in.readInt();
            int h = in.readInt();
            int hz = in.readInt();
            if (w != rules.width() || h != rules.height() || hz != rules.tickRateHz()) {
                throw new IllegalArgumentException("the saved track is " + w + "x" + h + " at " + hz
                        + " Hz; this node's is " + rules.width() + "x" + rules.height() + " at " + rules.tickRateHz() + " Hz");
            }
            long tick = in.readLong();
            MatchPhase phase = MatchPhase.valueOf(in.readUTF());
            long phaseEnd = in.readLong();
            int round = in.readInt();
            int scoreVersion = in.readInt();
            Track t = new Track(rules, new SeededRandom(in.readLong()));
            t.tick = tick;
            t.phase = phase;
            t.phaseEndTick = phaseEnd;
            t.round = round;
            t.scoreVersion = scoreVersion;
            int n = in.readInt();
            if (n < 0 || n > Track.MAX_CYCLE_ID) {
                throw new IllegalArgumentException("cycle count " + n + " out of range");
            }
            for (int k = 0; k < n; k++) {
                Cycle c = new Cycle(in.readInt(), in.readUTF());
                if (c.id() < 1 || c.id() > Track.MAX_CYCLE_ID) {
                    throw new IllegalArgumentException("cycle id " + c.id() + " out of range");
                }
                c.x = cellIn(in.readInt(), w);
                c.y = cellIn(in.readInt(), h);
                c.dir = in.readInt() & 3;
                c.alive = in.readBoolean();
                c.held = in.readBoolean();
                c.riding = in.readBoolean();
                c.startX = cellIn(in.readInt(), w);
                c.startY = cellIn(in.readInt(), h);
                c.trailEpoch = in.readInt();
                c.wins = in.readInt();
                c.cuts = in.readInt();
                c.respawnTick = in.readLong();
                int corners = in.readInt();
                if (corners < 0 || corners > w * h) {
                    throw new IllegalArgumentException("corner count " + corners + " out of range");
                }
                c.corners = new int[Math.max(16, corners)];
                for (int i = 0; i < corners; i++) {
                    c.corners[i] = in.readInt();
                }
                c.cornerCount = corners;
                int pending = in.readInt();
                if (pending < 0 || pending > Cycle.MAX_PENDING_TURNS) {
                    throw new IllegalArgumentException("turn count " + pending + " out of range");
                }
                for (int i = 0; i < pending; i++) {
                    c.pending[i] = in.readInt();
                }
                c.pendingCount = pending;
                t.cycles.put(c.id(), c);
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the saved track");
            }
            for (Cycle c : t.cycles.values()) {
                t.markTrail(c);
            }
            return t;
        } catch (EOFException e) {
            throw new IllegalArgumentException("the saved track is truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException("the saved track cannot be read: " + e.getMessage());
        }
    }

    private static int cellIn(int v, int side) {
        if (v < 0 || v >= side) {
            throw new IllegalArgumentException("cell " + v + " outside the track");
        }
        return v;
    }
}
