package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import dev.skirmish.games.arena.sim.Buttons;
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
            case Protocol.OP_INPUT -> result = input(r, r.u32());
            case Protocol.OP_INPUTS -> {
                long first = r.u32();
                int count = r.u8();
                if (count < 1 || count > Protocol.MAX_INPUTS_PER_FRAME) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "an INPUTS frame carries 1 to "
                            + Protocol.MAX_INPUTS_PER_FRAME + " inputs, not " + count);
                }
                if (first + count - 1 > 0xffffffffL) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "sequence numbers past 2^32 - 1");
                }
                ClientFrame.Input[] inputs = new ClientFrame.Input[count];
                for (int i = 0; i < count; i++) {
                    inputs[i] = input(r, first + i);
                }
                result = new ClientFrame.Inputs(java.util.Arrays.asList(inputs));
            }
            case Protocol.OP_PING -> result = new ClientFrame.Ping(r.u32());
            case Protocol.OP_RESYNC -> result = new ClientFrame.Resync();
            case Protocol.OP_FOLLOW -> {
                int step = (byte) r.u8();
                if (step != 1 && step != -1) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "FOLLOW step must be +1 or -1, not "
                            + step);
                }
                result = new ClientFrame.Follow(step);
            }
            default -> throw new ProtocolException(CloseCodes.UNSUPPORTED_DATA,
                    "unknown opcode 0x" + Integer.toHexString(op));
        }
        r.end();
        return result;
    }

    /** The controls of one input (buttons, aim, view tick and fraction), after its sequence number. */
    private static ClientFrame.Input input(ByteReader r, long seq) throws ProtocolException {
        int buttons = r.u8();
        int aim = r.u16();
        if ((buttons & ~Buttons.ALL) != 0) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown button bits");
        }
        long view = r.u32();
        int fraction = r.u8();
        return new ClientFrame.Input(seq, buttons, aim, view, fraction);
    }

    public static byte[] encode(ClientFrame frame) {
        ByteWriter w = new ByteWriter(Protocol.INPUTS_HEADER_BYTES
                + Protocol.MAX_INPUTS_PER_FRAME * Protocol.INPUTS_ENTRY_BYTES);
        if (frame instanceof ClientFrame.Input in) {
            w.u8(Protocol.OP_INPUT).u32(in.seq());
            controls(w, in);
        } else if (frame instanceof ClientFrame.Inputs batch) {
            w.u8(Protocol.OP_INPUTS).u32(batch.inputs().get(0).seq()).u8(batch.inputs().size());
            for (ClientFrame.Input in : batch.inputs()) {
                controls(w, in);
            }
        } else if (frame instanceof ClientFrame.Ping p) {
            w.u8(Protocol.OP_PING).u32(p.clientTimeMillis());
        } else if (frame instanceof ClientFrame.Resync) {
            w.u8(Protocol.OP_RESYNC);
        } else if (frame instanceof ClientFrame.Follow f) {
            w.u8(Protocol.OP_FOLLOW).u8(f.step() & 0xFF);
        }
        return w.toByteArray();
    }

    private static void controls(ByteWriter w, ClientFrame.Input in) {
        w.u8(in.buttons()).u16(in.aim16()).u32(in.viewTick()).u8(in.viewFraction());
    }
}
