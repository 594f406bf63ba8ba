package dev.skirmish.protocol;

import dev.skirmish.sim.Buttons;
import java.nio.ByteBuffer;

/** Encodes and decodes {@link ClientFrame}s. Decoding never throws anything but {@link ProtocolException}. */
public final class ClientFrames {
    private ClientFrames() {
    }

    public static ClientFrame decode(ByteBuffer frame) throws ProtocolException {
        ByteReader r = new ByteReader(frame);
        if (r.remaining() == 0) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "empty frame");
        }
        int op = r.u8();
        ClientFrame result;
        switch (op) {
            case Protocol.OP_INPUT -> {
                long seq = r.u32();
                int buttons = r.u8();
                int aim = r.u16();
                if ((buttons & ~Buttons.ALL) != 0) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown button bits");
                }
                long view = r.u32();
                int fraction = r.u8();
                result = new ClientFrame.Input(seq, buttons, aim, view, fraction);
            }
            case Protocol.OP_PING -> result = new ClientFrame.Ping(r.u32());
            case Protocol.OP_RESYNC -> result = new ClientFrame.Resync();
            default -> throw new ProtocolException(CloseCodes.UNSUPPORTED_DATA,
                    "unknown opcode 0x" + Integer.toHexString(op));
        }
        r.end();
        return result;
    }

    public static byte[] encode(ClientFrame frame) {
        ByteWriter w = new ByteWriter(Protocol.INPUT_FRAME_BYTES);
        if (frame instanceof ClientFrame.Input in) {
            w.u8(Protocol.OP_INPUT).u32(in.seq()).u8(in.buttons()).u16(in.aim16()).u32(in.viewTick())
                    .u8(in.viewFraction());
        } else if (frame instanceof ClientFrame.Ping p) {
            w.u8(Protocol.OP_PING).u32(p.clientTimeMillis());
        } else if (frame instanceof ClientFrame.Resync) {
            w.u8(Protocol.OP_RESYNC);
        }
        return w.toByteArray();
    }
}
