package com.example.tag;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.SeededRandom;
import dev.skirmish.engine.spi.Viewer;
import dev.skirmish.engine.spi.Views;
import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.Entities;
import dev.skirmish.engine.spi.wire.EntityDelta;
import dev.skirmish.engine.spi.wire.EntitySchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One tag room. Snapshots are the engine's entity deltas ({@link EntityDelta}) of the dots: x and y moving, "it" a
 * plain bit; the browser reads them with the SDK's {@code engine/entities.js} and the same schema. The WELCOME part
 * is u16 field size.
 */
final class TagWorld implements GameWorld<Integer>, Views<Entities> {
    /** The dots on the wire; {@code js/games/tag/session.js} declares the same. */
    static final EntitySchema DOTS = EntitySchema.builder().moving("x", 16).moving("y", 16).plain("it", 1).build();
    private static final int SPEED = 6;
    private static final int REACH = 24;

    private static final class Dot {
        final String name;
        int x;
        int y;
        int input;
        int points;
        int ticksFree;
        boolean held;

        Dot(String name, int x, int y) {
            this.name = name;
            this.x = x;
            this.y = y;
        }
    }

    private final int field;
    private final SeededRandom random;
    private final TreeMap<Integer, Dot> dots = new TreeMap<>();
    private long tick;
    private int it;
    private long passAllowedAt;
    private int scoreVersion;

    TagWorld(int field, long seed) {
        this.field = field;
        this.random = new SeededRandom(seed);
    }

    @Override
    public long tick() {
        return tick;
    }

    @Override
    public MatchPhase phase() {
        return dots.size() < 2 ? MatchPhase.WAITING : MatchPhase.PLAYING;
    }

    @Override
    public long phaseEndTick() {
        return 0;
    }

    @Override
    public String mapName() {
        return field + "x" + field;
    }

    @Override
    public int join(String nickname) {
        int id = 1;
        while (dots.containsKey(id)) {
            id++;
        }
        if (id > 255) {
            throw new IllegalStateException("the field is full");
        }
        dots.put(id, new Dot(nickname, random.nextInt(field), random.nextInt(field)));
        if (it == 0) {
            it = id;
        }
        scoreVersion++;
        return id;
    }

    @Override
    public void hold(int entityId) {
        Dot d = dots.get(entityId);
        if (d != null) {
            d.held = true;
            d.input = 0;
        }
    }

    @Override
    public void rejoin(int entityId) {
        Dot d = dots.get(entityId);
        if (d != null) {
            d.held = false;
        }
    }

    @Override
    public void leave(int entityId) {
        dots.remove(entityId);
        if (it == entityId) {
            it = dots.isEmpty() ? 0 : dots.firstKey();
        }
        scoreVersion++;
    }

    @Override
    public boolean has(int entityId) {
        return dots.containsKey(entityId);
    }

    @Override
    public void step(Map<Integer, ? extends List<Integer>> inputs) {
        tick++;
        inputs.forEach((id, list) -> {
            Dot d = dots.get(id);
            if (d != null && !list.isEmpty()) {
                d.input = list.get(list.size() - 1);
            }
        });
        for (Dot d : dots.values()) {
            int b = d.input;
            d.x = Math.max(0, Math.min(field - 1, d.x + (((b & 8) != 0) ? SPEED : 0) - (((b & 4) != 0) ? SPEED : 0)));
            d.y = Math.max(0, Math.min(field - 1, d.y + (((b & 2) != 0) ? SPEED : 0) - (((b & 1) != 0) ? SPEED : 0)));
        }
        Dot chaser = dots.get(it);
        if (chaser != null && tick >= passAllowedAt) {
            for (Map.Entry<Integer, Dot> e : dots.entrySet()) {
                Dot o = e.getValue();
                if (e.getKey() != it && !o.held && Math.abs(o.x - chaser.x) < REACH && Math.abs(o.y - chaser.y) < REACH) {
                    it = e.getKey();
                    passAllowedAt = tick + 20; // a second before it can pass back
                    break;
                }
            }
        }
        if (phase() == MatchPhase.PLAYING) {
            for (Map.Entry<Integer, Dot> e : dots.entrySet()) {
                Dot d = e.getValue();
                if (e.getKey() != it && ++d.ticksFree % 20 == 0) {
                    d.points++;
                    scoreVersion++;
                }
            }
        }
    }

    @Override
    public EventChunk takeEvents() {
        return EventChunk.EMPTY;
    }

    @Override
    public int rosterVersion() {
        return scoreVersion;
    }

    @Override
    public void roster(List<RosterLine> out) {
        dots.forEach((id, d) -> out.add(new RosterLine(id, d.name, new int[]{d.points})));
    }

    @Override
    public int featured() {
        return it;
    }

    @Override
    public void welcome(WelcomeInfo info, ByteWriter out) {
        out.u16(field);
    }

    @Override
    public Views<?> views() {
        return this;
    }

    @Override
    public byte[] save() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(tick);
            out.writeInt(it);
            out.writeLong(passAllowedAt);
            out.writeLong(random.state());
            out.writeInt(dots.size());
            for (Map.Entry<Integer, Dot> e : dots.entrySet()) {
                Dot d = e.getValue();
                out.writeInt(e.getKey());
                out.writeUTF(d.name);
                out.writeInt(d.x);
                out.writeInt(d.y);
                out.writeInt(d.points);
                out.writeInt(d.ticksFree);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TagWorld restore(int field, byte[] saved) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            long tick = in.readLong();
            int it = in.readInt();
            long pass = in.readLong();
            TagWorld w = new TagWorld(field, in.readLong());
            w.tick = tick;
            w.it = it;
            w.passAllowedAt = pass;
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int id = in.readInt();
                Dot d = new Dot(in.readUTF(), in.readInt(), in.readInt());
                d.points = in.readInt();
                d.ticksFree = in.readInt();
                w.dots.put(id, d);
            }
            return w;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a saved tag field: " + e.getMessage());
        }
    }

    // the views: every dot to everybody, as a delta against what each viewer has

    @Override
    public Entities newState() {
        return new Entities(DOTS, 64);
    }

    @Override
    public void capture() {
    }

    @Override
    public void write(Viewer viewer, Entities base, Entities next, BitWriter out) {
        next.clear();
        dots.forEach((id, d) -> next.set(next.add(id), 0, d.x).set(next.size() - 1, 1, d.y)
                .set(next.size() - 1, 2, id == it ? 1 : 0));
        EntityDelta.write(base, next, viewer.tick(), out);
        out.align();
    }
}
