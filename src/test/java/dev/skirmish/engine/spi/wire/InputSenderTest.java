package dev.skirmish.engine.spi.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.room.HoldingTest;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.games.arena.protocol.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sender's rules, and the golden stream {@code protocol/sender.json} that the JavaScript sender is checked
 * against too ({@code webapp-client/test/sender.test.mjs}). Regenerate with {@link #main} (only with a protocol
 * change, and the document with it).
 */
class InputSenderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int KEEP_ALIVE = InputSender.keepAliveTicks(60);
    private static final int DELAY = 6;

    private static InputSender arena() {
        return new InputSender(KEEP_ALIVE, DELAY, 8, ClientFrames::sameRun);
    }

    private static byte[] in(int buttons, int aim16, long view) {
        return new ByteWriter(8).u8(buttons).u16(aim16).u32(view).u8(0).toByteArray();
    }

    @Test
    void aSteadyInputGoesOutAsAKeepAliveOnly() {
        InputSender s = arena();
        List<byte[]> frames = new ArrayList<>();
        for (int k = 1; k <= 60; k++) {
            frames.addAll(s.tick(k, in(1, 1000, 500 + k), false));
        }
        assertEquals(4, frames.size(), "the first tick at once, then one frame per " + KEEP_ALIVE + " ticks");
        assertEquals("060000000101" + "01" + "0103e8000001f500", HEX.formatHex(frames.get(0)));
        assertEquals("060000000201" + "0f" + "0103e8000001f600", HEX.formatHex(frames.get(1)), "15 ticks from seq 2");
    }

    @Test
    void anUrgentTickGoesAtOnceWithWhatWaits() {
        InputSender s = arena();
        assertEquals(1, s.tick(1, in(1, 0, 0), false).size(), "the first input goes at once");
        assertTrue(s.tick(2, in(1, 0, 0), false).isEmpty());
        assertTrue(s.tick(3, in(1, 0, 0), false).isEmpty());
        List<byte[]> f = s.tick(4, in(17, 0, 0), true);
        assertEquals(1, f.size());
        assertEquals("060000000202020100000000000000011100000000000000", HEX.formatHex(f.get(0)));
    }

    @Test
    void aChangeOfAimAloneWaitsItsDelay() {
        InputSender s = arena();
        assertEquals(1, s.tick(1, in(0, 0, 0), true).size());
        for (int k = 2; k < 2 + DELAY; k++) {
            assertTrue(s.tick(k, in(0, 300 * k, 0), false).isEmpty(), "tick " + k);
        }
        assertEquals(1, s.tick(2 + DELAY, in(0, 300 * (2 + DELAY), 0), false).size(), "the delay is up");
        // an aim closer than the quantum to its run's is no change
        InputSender quiet = arena();
        quiet.tick(1, in(0, 1000, 0), true);
        for (int k = 2; k < KEEP_ALIVE + 1; k++) {
            assertTrue(quiet.tick(k, in(0, 1000 + (k % 2) * (ClientFrames.AIM_QUANTUM - 1), 0), false).isEmpty());
        }
    }

    @Test
    void aFrameNeverOutgrowsItsLimits() {
        InputSender s = new InputSender(64, 64, 8, ClientFrames::sameRun);
        int frames = 0;
        for (int k = 1; k <= 200; k++) {
            for (byte[] f : s.tick(k, in(0, (k % 2) * 4000, 0), false)) {
                frames++;
                assertTrue(f.length <= Protocol.MAX_CLIENT_BINARY_BYTES);
                if (k > 1) {
                    assertEquals(Protocol.MAX_RUNS_PER_FRAME, f[5], "full at 16 runs");
                }
            }
        }
        assertTrue(frames >= 12);
        assertEquals(14, InputSender.maxRuns(16), "runs of a 16-byte input fit 256 bytes");
        assertEquals(1, InputSender.maxRuns(300), "one run at least");
    }

    @Test
    void aSkippedNumberSendsWhatWaitedFirst() {
        InputSender s = arena();
        s.tick(1, in(0, 0, 0), false);
        s.tick(2, in(0, 0, 0), false);
        List<byte[]> f = s.tick(6, in(0, 0, 0), false);
        assertEquals(1, f.size(), "what waited goes; the new tick waits");
        assertEquals("060000000201010000000000000000", HEX.formatHex(f.get(0)));
    }

    /** The golden stream: each script tick's frames, byte for byte, and every frame decoding to its runs. */
    @Test
    void theGoldenStreamIsWhatTheSenderSends() throws ProtocolException {
        JsonObject g = Fixtures.load("sender.json");
        InputSender s = new InputSender(g.getInt("keepAliveTicks"), g.getInt("changeDelayTicks"), 8,
                ClientFrames::sameRun);
        int checked = 0;
        for (JsonValue v : g.getJsonArray("ticks")) {
            JsonObject t = v.asJsonObject();
            byte[] input = HEX.parseHex(t.getString("input"));
            List<String> expected = t.getJsonArray("frames").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
            List<String> got = s.tick(t.getJsonNumber("seq").longValue(), input, t.getBoolean("urgent")).stream()
                    .map(HEX::formatHex).toList();
            assertEquals(expected, got, "tick " + t.getJsonNumber("seq"));
            for (String hex : got) {
                StreamFrames.Frame f = StreamFrames.decode(ByteBuffer.wrap(HEX.parseHex(hex)), (seq, r) -> {
                    byte[] b = new byte[8];
                    for (int i = 0; i < 8; i++) {
                        b[i] = (byte) r.u8();
                    }
                    return b;
                });
                assertTrue(f instanceof StreamFrames.Runs<?>);
                checked++;
            }
        }
        assertEquals(g.getInt("frameCount"), checked);
    }

    /** Writes {@code src/test/resources/protocol/sender.json} from a scripted fight of 6 s at 60 Hz. */
    public static void main(String[] args) throws Exception {
        byte[][] script = HoldingTest.fight(11, 360);
        InputSender s = arena();
        JsonArrayBuilder ticks = Json.createArrayBuilder();
        int frames = 0;
        for (int k = 1; k <= 360; k++) {
            long seq = k <= 300 ? k : k + 4; // the client skips four numbers (a congested socket) at 301
            byte[] in = script[k].clone();
            long view = 1000 + k;
            in[3] = (byte) (view >> 24);
            in[4] = (byte) (view >> 16);
            in[5] = (byte) (view >> 8);
            in[6] = (byte) view;
            in[7] = (byte) (k * 37);
            boolean urgent = k > 1 && in[0] != script[k - 1][0];
            JsonArrayBuilder out = Json.createArrayBuilder();
            for (byte[] f : s.tick(seq, in, urgent)) {
                out.add(HEX.formatHex(f));
                frames++;
            }
            ticks.add(Json.createObjectBuilder().add("seq", seq).add("input", HEX.formatHex(in)).add("urgent", urgent)
                    .add("frames", out));
        }
        JsonObject doc = Json.createObjectBuilder()
                .add("comment", "Sending on change (protocol 9, docs/protocol.md): a scripted arena fight of 360 ticks"
                        + " through the sender with the arena's run rule. Each tick gives its seq, input bytes (buttons,"
                        + " aim16, viewTick, fraction), whether the game calls it urgent, and the RUNS frames the sender"
                        + " sends at that tick. Written by InputSenderTest.main; checked by InputSenderTest and"
                        + " webapp-client/test/sender.test.mjs.")
                .add("keepAliveTicks", KEEP_ALIVE).add("changeDelayTicks", DELAY).add("aimQuantum",
                        ClientFrames.AIM_QUANTUM)
                .add("frameCount", frames).add("ticks", ticks).build();
        Path out = Path.of("src/test/resources/protocol/sender.json");
        try (var w = Json.createWriterFactory(java.util.Map.of(jakarta.json.stream.JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(Files.newBufferedWriter(out))) {
            w.write(doc);
        }
        System.out.println("wrote " + out + ": " + frames + " frames for 360 ticks");
    }
}
