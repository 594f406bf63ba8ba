package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the binary decoders, seeded by the golden fixtures: whatever the bytes, a decoder returns
 * a frame or throws {@link ProtocolException} with a documented close code, and nothing else escapes.
 */
class DecoderFuzzTest {
    static final int CASES = 200_000;

    private static List<byte[]> fixtures(String file, String direction) {
        List<byte[]> out = new ArrayList<>();
        for (JsonValue v : Fixtures.load(file).getJsonArray("frames")) {
            JsonObject f = v.asJsonObject();
            if (direction == null || direction.equals(f.getString("direction", null))) {
                out.add(Fixtures.hex(f.getString("hex")));
            }
        }
        return out;
    }

    @Test
    void clientFramesDecodeOrMapToADocumentedCloseCode() {
        List<byte[]> corpus = fixtures("golden.json", "client");
        Mutator m = new Mutator(6, corpus);
        Map<CloseCodes, Integer> rejections = new EnumMap<>(CloseCodes.class);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] b = m.next();
            try {
                ClientFrame f = ClientFrames.decode(ByteBuffer.wrap(b));
                accepted++;
                // what decodes is exactly what encodes: no lenient parse, no trailing bytes
                assertArrayEquals(b, ClientFrames.encode(f), () -> "case " + Fixtures.hex(b));
                if (f instanceof ClientFrame.Input in) {
                    assertEquals(0, in.buttons() & ~dev.skirmish.games.arena.sim.Buttons.ALL);
                }
            } catch (ProtocolException e) {
                assertTrue(Set.of(CloseCodes.INVALID_PAYLOAD, CloseCodes.UNSUPPORTED_DATA).contains(e.closeCode()),
                        () -> e.closeCode() + " for " + Fixtures.hex(b));
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                rejections.merge(e.closeCode(), 1, Integer::sum);
            } catch (RuntimeException e) {
                fail("case " + Fixtures.hex(b) + " threw " + e, e);
            }
        }
        System.out.println("client frame fuzz: " + CASES + " cases, " + accepted + " accepted, rejections " + rejections);
        assertTrue(accepted > CASES / 50, "the mutations also produce valid frames: " + accepted);
        assertTrue(rejections.getOrDefault(CloseCodes.INVALID_PAYLOAD, 0) > CASES / 10);
        assertTrue(rejections.getOrDefault(CloseCodes.UNSUPPORTED_DATA, 0) > CASES / 50);
    }

    /** The bots' and tests' decoder of server frames (stateful: snapshots are deltas) must be as robust. */
    @Test
    void serverFramesDecodeOrThrowOnlyProtocolExceptions() {
        List<byte[]> corpus = new ArrayList<>(fixtures("golden.json", "server"));
        List<byte[]> sequence = fixtures("snapshots.json", null);
        corpus.addAll(sequence);
        Mutator m = new Mutator(7, corpus);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < CASES / 4; i++) {
            ServerDecoder d = new ServerDecoder();
            // a valid baseline first, so that mutated deltas reach the delta decoder
            int prefix = i % (sequence.size() + 1);
            try {
                for (int k = 0; k < prefix; k++) {
                    d.decode(ByteBuffer.wrap(sequence.get(k)));
                }
            } catch (ProtocolException e) {
                fail("the golden sequence must decode", e);
            }
            byte[] b = m.next();
            try {
                d.decode(ByteBuffer.wrap(b));
                accepted++;
            } catch (ProtocolException e) {
                rejected++;
            } catch (RuntimeException e) {
                fail("case " + Fixtures.hex(b) + " after " + prefix + " frames threw " + e, e);
            }
        }
        System.out.println("server frame fuzz: " + CASES / 4 + " cases, " + accepted + " accepted, " + rejected
                + " rejected");
        assertTrue(accepted > 0 && rejected > 0);
    }
}
