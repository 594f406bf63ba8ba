package dev.skirmish.engine.spi.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's entity deltas ({@link EntityDelta}): round trips of seeded random worlds, what a steady entity costs,
 * bad frames, and the golden stream src/test/resources/protocol/entities.json that the JavaScript SDK's decoder
 * ({@code webapp-client/test/entities.test.mjs}) checks too. {@link #main} regenerates that file.
 */
class EntityDeltaTest {
    static final EntitySchema SCHEMA = EntitySchema.builder().moving("x", 16).moving("y", 16).plain("angle", 8)
            .plain("flags", 3).plain("score", 32).build();
    static final String FILE = "entities.json";

    /** A tiny world of dots: some move steadily, some turn, some jump, some come and go. */
    static final class World {
        final SplittableRandom random;
        final Map<Integer, long[]> dots = new java.util.TreeMap<>(); // id -> x, y, vx, vy, angle, flags, score
        int nextId = 1;

        World(long seed, int n) {
            random = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                spawn();
            }
        }

        void spawn() {
            int id = nextId;
            nextId += 1 + random.nextInt(3);
            dots.put(id, new long[]{1000 + random.nextInt(60000), 1000 + random.nextInt(60000),
                    random.nextInt(5) == 0 ? 0 : random.nextInt(-40, 41), random.nextInt(-40, 41), random.nextInt(256),
                    random.nextInt(8), random.nextLong(1L << 32)});
        }

        void step() {
            for (long[] d : dots.values()) {
                d[0] = Math.max(0, Math.min(65535, d[0] + d[2]));
                d[1] = Math.max(0, Math.min(65535, d[1] + d[3]));
                int roll = random.nextInt(100);
                if (roll < 5) {
                    d[2] = random.nextInt(-40, 41); // turns
                } else if (roll < 7) {
                    d[0] = random.nextInt(65536); // teleports
                } else if (roll < 10) {
                    d[4] = random.nextInt(256);
                } else if (roll < 12) {
                    d[5] = random.nextInt(8);
                    d[6] = random.nextLong(1L << 32);
                }
            }
            if (random.nextInt(4) == 0 && !dots.isEmpty()) {
                dots.remove(new ArrayList<>(dots.keySet()).get(random.nextInt(dots.size())));
            }
            if (random.nextInt(4) == 0) {
                spawn();
            }
        }

        void fill(Entities t) {
            t.clear();
            dots.forEach((id, d) -> {
                int i = t.add(id);
                for (int f = 0; f < 2; f++) {
                    t.set(i, f, d[f]);
                }
                t.set(i, 2, d[4]).set(i, 3, d[5]).set(i, 4, d[6]);
            });
        }
    }

    private static byte[] write(Entities base, Entities next, long tick) {
        BitWriter w = new BitWriter(64);
        EntityDelta.write(base, next, tick, w);
        w.align();
        return w.toByteArray();
    }

    private static void assertSame(Entities expected, Entities actual) {
        assertEquals(expected.size(), actual.size(), "entity count");
        assertEquals(expected.tick, actual.tick, "tick");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.id(i), actual.id(i), "id at " + i);
            for (int f = 0; f < SCHEMA.fields(); f++) {
                assertEquals(expected.get(i, f), actual.get(i, f), SCHEMA.name(f) + " of " + expected.id(i));
                assertEquals(expected.motion(i, f), actual.motion(i, f), "motion of " + SCHEMA.name(f));
            }
        }
    }

    @Test
    void seededWorldsRoundTripWithSkippedSnapshotsAndResyncs() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            World world = new World(seed, 5 + (int) seed);
            Entities base = null;
            Entities client = new Entities(SCHEMA, 256);
            Entities scratch = new Entities(SCHEMA, 256);
            SplittableRandom sends = new SplittableRandom(seed * 31);
            for (long tick = 1; tick <= 300; tick++) {
                world.step();
                if (sends.nextInt(4) == 0) {
                    continue; // a busy socket: this snapshot is skipped, the next delta reaches further back
                }
                boolean full = base == null || sends.nextInt(50) == 0;
                Entities next = new Entities(SCHEMA, 256);
                world.fill(next);
                byte[] bytes = write(full ? null : base, next, tick);
                EntityDelta.read(new BitReader(ByteBuffer.wrap(bytes)), client, full ? 0 : (int) (tick - base.tick),
                        tick, scratch);
                assertSame(next, client);
                base = next;
            }
        }
    }

    @Test
    void aSteadyOrStillEntityCostsOneBitAndOnlyChangedFieldsAreSent() throws Exception {
        Entities a = new Entities(SCHEMA, 16);
        for (int id = 1; id <= 8; id++) {
            a.set(a.add(id), 0, 1000 + id * 100).set(id - 1, 1, 2000);
        }
        byte[] full = write(null, a, 10);
        // uv 8 (6 bits), then per entity its id gap (uv 0: 6 bits) and its 75 bits of fields
        assertEquals((6 + 8 * (6 + 75) + 7) / 8, full.length, "full: the count, then per entity its id gap and fields raw");
        Entities b = new Entities(SCHEMA, 16);
        for (int id = 1; id <= 8; id++) {
            b.set(b.add(id), 0, 1000 + id * 100 + 3 * id).set(id - 1, 1, 2000); // moving at id units per tick
        }
        byte[] first = write(a, b, 13); // 3 ticks later: residual 3*id, motion id
        for (int id = 1; id <= 8; id++) {
            assertEquals(id, b.motion(id - 1, 0), "motion derived from the residual");
        }
        Entities c = new Entities(SCHEMA, 16);
        for (int id = 1; id <= 8; id++) {
            c.set(c.add(id), 0, 1000 + id * 100 + 5 * id).set(id - 1, 1, 2000); // on course two ticks later
        }
        byte[] steady = write(b, c, 15);
        assertEquals(2, steady.length, "8 steady entities: 8 bits, and an entered count of 0 (6 bits)");
        assertTrue(first.length > steady.length);
        Entities e = new Entities(SCHEMA, 16);
        for (int i = 0; i < c.size(); i++) {
            int j = e.add(c.id(i));
            for (int f = 0; f < SCHEMA.fields(); f++) {
                e.set(j, f, (f == 0 ? c.get(i, f) + c.motion(i, 0) : c.get(i, f)));
            }
        }
        e.set(3, 2, 77);
        byte[] angle = write(c, e, 16);
        // 7 steady (7 bits) + 10 + 5-bit mask + 8-bit angle + uv 0 (6 bits) = 28 bits = 4 bytes
        assertEquals(4, angle.length);
    }

    @Test
    void badFramesAreRefusedAndLeaveTheStateAsItWas() throws Exception {
        World world = new World(7, 6);
        Entities base = new Entities(SCHEMA, 8);
        world.fill(base);
        byte[] full = write(null, base, 1);
        Entities client = new Entities(SCHEMA, 8);
        Entities scratch = new Entities(SCHEMA, 8);
        EntityDelta.read(new BitReader(ByteBuffer.wrap(full)), client, 0, 1, scratch);
        world.step();
        Entities next = new Entities(SCHEMA, 8);
        world.fill(next);
        byte[] delta = write(base, next, 2);
        for (int cut = 0; cut < delta.length - 1; cut++) {
            Entities copy = new Entities(SCHEMA, 8);
            copy.copyFrom(client);
            byte[] truncated = java.util.Arrays.copyOf(delta, cut);
            assertThrows(ProtocolException.class, () -> EntityDelta.read(new BitReader(ByteBuffer.wrap(truncated)),
                    copy, 1, 2, new Entities(SCHEMA, 8)), "cut at " + cut);
            assertSame(client, copy);
        }
        // too many entities for the table
        Entities many = new Entities(SCHEMA, 100);
        for (int id = 0; id < 9; id++) {
            many.add(id);
        }
        byte[] nine = write(null, many, 3);
        ProtocolException tooMany = assertThrows(ProtocolException.class, () -> EntityDelta.read(
                new BitReader(ByteBuffer.wrap(nine)), new Entities(SCHEMA, 8), 0, 3, new Entities(SCHEMA, 8)));
        assertEquals(CloseCodes.INVALID_PAYLOAD, tooMany.closeCode());
        // an entity that is kept and enters again
        BitWriter w = new BitWriter(16);
        for (int i = 0; i < client.size(); i++) {
            w.bit(false);
        }
        w.uv(1).uv(client.id(0));
        for (int f = 0; f < SCHEMA.fields(); f++) {
            w.bits(0, SCHEMA.bits(f));
        }
        byte[] twice = w.align().toByteArray();
        Entities copy = new Entities(SCHEMA, 8);
        copy.copyFrom(client);
        assertThrows(ProtocolException.class, () -> EntityDelta.read(new BitReader(ByteBuffer.wrap(twice)), copy, 1,
                2, new Entities(SCHEMA, 8)));
        assertSame(client, copy);
        // a moving field predicted out of its range: class 0 residual -8 from x = 3
        Entities edge = new Entities(SCHEMA, 8);
        edge.set(edge.add(5), 0, 3);
        EntityDelta.read(new BitReader(ByteBuffer.wrap(write(null, edge, 1))), copy, 0, 1, scratch);
        BitWriter out = new BitWriter(8);
        out.bit(true).bit(false).bit(true).bits(0, 4).bits(0, 2).bits(-8, 4).uv(0);
        byte[] below = out.align().toByteArray();
        assertThrows(ProtocolException.class, () -> EntityDelta.read(new BitReader(ByteBuffer.wrap(below)), copy, 1,
                2, new Entities(SCHEMA, 8)));
        // the encoder's own checks
        Entities order = new Entities(SCHEMA, 8);
        order.add(4);
        assertThrows(IllegalArgumentException.class, () -> order.add(4));
        assertThrows(IllegalArgumentException.class, () -> order.set(0, 3, 8), "flags has 3 bits");
        assertThrows(IllegalArgumentException.class, () -> EntitySchema.builder().moving("x", 30));
    }

    /** The golden stream: one seeded world, 40 ticks, every third snapshot skipped, one resync. */
    static List<Object[]> script() {
        World world = new World(2026, 4);
        List<Object[]> frames = new ArrayList<>(); // bytes, baseAge, tick, entities
        Entities base = null;
        for (long tick = 1; tick <= 40; tick++) {
            world.step();
            if (tick % 3 == 0) {
                continue;
            }
            boolean full = base == null || tick == 20;
            Entities next = new Entities(SCHEMA, 64);
            world.fill(next);
            byte[] bytes = write(full ? null : base, next, tick);
            frames.add(new Object[]{bytes, full ? 0 : (int) (tick - base.tick), tick, next});
            base = next;
        }
        return frames;
    }

    static JsonArray entitiesJson(Entities t) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < t.size(); i++) {
            JsonArrayBuilder e = Json.createArrayBuilder().add(t.id(i));
            for (int f = 0; f < SCHEMA.fields(); f++) {
                e.add(t.get(i, f));
            }
            a.add(e);
        }
        return a.build();
    }

    @Test
    void theGoldenStreamIsStillWhatTheEncoderWritesAndTheDecoderReads() throws Exception {
        JsonObject golden;
        try (InputStream in = getClass().getResourceAsStream("/protocol/" + FILE)) {
            golden = Json.createReader(in).readObject();
        }
        assertEquals(SCHEMA.toString(), golden.getString("schema"));
        List<Object[]> frames = script();
        JsonArray stored = golden.getJsonArray("frames");
        assertEquals(frames.size(), stored.size());
        Entities client = new Entities(SCHEMA, 64);
        Entities scratch = new Entities(SCHEMA, 64);
        for (int k = 0; k < frames.size(); k++) {
            Object[] f = frames.get(k);
            JsonObject s = stored.getJsonObject(k);
            assertEquals(s.getString("hex"), HexFormat.of().formatHex((byte[]) f[0]), "frame " + k + " bytes");
            EntityDelta.read(new BitReader(ByteBuffer.wrap(HexFormat.of().parseHex(s.getString("hex")))), client,
                    s.getInt("baseAge"), s.getJsonNumber("tick").longValue(), scratch);
            assertEquals(s.getJsonArray("entities"), entitiesJson(client), "frame " + k + " entities");
        }
    }

    /** Regenerates src/test/resources/protocol/entities.json. */
    public static void main(String[] args) throws Exception {
        JsonArrayBuilder frames = Json.createArrayBuilder();
        for (Object[] f : script()) {
            frames.add(Json.createObjectBuilder().add("hex", HexFormat.of().formatHex((byte[]) f[0]))
                    .add("bytes", ((byte[]) f[0]).length).add("baseAge", (int) f[1]).add("tick", (long) f[2])
                    .add("entities", entitiesJson((Entities) f[3])));
        }
        JsonObject doc = Json.createObjectBuilder()
                .add("comment", "Golden entity deltas (the engine's EntityDelta, no frame header), generated by "
                        + "EntityDeltaTest.main and checked by EntityDeltaTest (Java) and webapp-client/test/"
                        + "entities.test.mjs (JS): read the frames in order into one table. Entities are [id, x, y, "
                        + "angle, flags, score].")
                .add("schema", SCHEMA.toString()).add("frames", frames).build();
        Path file = Path.of("src/test/resources/protocol", FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out).write(doc);
        }
        System.out.println("wrote " + file);
    }
}
