package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClientFramesTest {
    private static CloseCodes rejection(byte... frame) {
        return assertThrows(ProtocolException.class, () -> ClientFrames.decode(ByteBuffer.wrap(frame))).closeCode();
    }

    @Test
    void badFramesMapToTheirDocumentedCloseCodes() {
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection());
        assertEquals(CloseCodes.UNSUPPORTED_DATA, rejection((byte) 0x7f));
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 1, (byte) 0, (byte) 0));
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 1,
                (byte) 0x20, (byte) 0, (byte) 0));
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 2, (byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 9));
        // FOLLOW: a step of +1 or -1 only, nothing after it
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 5, (byte) 0));
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 5, (byte) 2));
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 5));
        assertEquals(CloseCodes.INVALID_PAYLOAD, rejection((byte) 5, (byte) 1, (byte) 0));
    }

    @Test
    void roundTripsAndRandomBytesNeverThrowAnythingElse() throws ProtocolException {
        ClientFrame in = new ClientFrame.Input(0xFFFFFFFFL, 31, 65535);
        assertEquals(in, ClientFrames.decode(ByteBuffer.wrap(ClientFrames.encode(in))));
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(12)];
            r.nextBytes(b);
            try {
                ClientFrames.decode(ByteBuffer.wrap(b));
            } catch (ProtocolException expected) {
                // documented rejection
            }
        }
    }

    @Test
    void quantizationRoundTrips() {
        assertEquals(100.5, Quant.fromPosition(Quant.toPosition(100.5)));
        assertEquals(0, Quant.toPosition(-5));
        assertEquals(0xFFFF, Quant.toPosition(5000));
        assertEquals(0, Quant.toAngle16(Math.PI * 2));
        assertEquals(Math.PI, Quant.fromAngle16(Quant.toAngle16(Math.PI)), 1e-12);
        assertEquals(0, Quant.toAngle8(Double.NaN));
        assertEquals(192, Quant.toAngle8(-Math.PI / 2));
    }
}
