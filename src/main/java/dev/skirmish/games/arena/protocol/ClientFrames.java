package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.StreamFrames;
import java.util.List;
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

    /** Aims closer than this (angle16 steps: 1/256 of a turn) continue a run (docs/protocol.md, "Sending on change"). */
    public static final int AIM_QUANTUM = 256;
    /** How long a change of aim alone may wait to be sent with the next ones. */
    public static final int AIM_DELAY_MILLIS = 100;

    /**
     * The arena's run rule for the input bytes of {@link dev.skirmish.engine.spi.wire.InputSender}: {@code next}
     * continues a run of {@code run} when its buttons are the same and its aim is less than {@link #AIM_QUANTUM}
     * away (either way round); the view tick does not matter (the server advances it by one per tick).
     */
    public static boolean sameRun(byte[] run, byte[] next) {
        if (run[0] != next[0]) {
            return false;
        }
        int a = ((run[1] & 0xff) << 8) | (run[2] & 0xff);
        int b = ((next[1] & 0xff) << 8) | (next[2] & 0xff);
        int d = Math.abs(a - b);
        return Math.min(d, 65536 - d) < AIM_QUANTUM;
    }

    public static ClientFrame decode(ByteBuffer frame) throws ProtocolException {
        StreamFrames.Frame f = StreamFrames.decode(frame, ClientFrames::controls);
        if (f instanceof StreamFrames.Inputs<?> in) {
            @SuppressWarnings("unchecked")
            List<ClientFrame.Input> list = (List<ClientFrame.Input>) in.inputs();
            return in.batch() ? new ClientFrame.Inputs(list) : list.get(0);
        } else if (f instanceof StreamFrames.Ping p) {
            return new ClientFrame.Ping(p.clientTimeMillis());
        } else if (f instanceof StreamFrames.Follow fo) {
            return new ClientFrame.Follow(fo.step());
        } else if (f instanceof StreamFrames.ReplayControl c) {
            return new ClientFrame.ReplayControl(c.paused(), c.speedQuarters(), c.seek());
        } else if (f instanceof StreamFrames.View v) {
            return new ClientFrame.View(v.portrait());
        }
        return new ClientFrame.Resync();
    }

    /**
     * The controls of one input (buttons, aim, view tick and fraction, 8 bytes), after its
     * sequence number.
     */
    public static ClientFrame.Input controls(long seq, ByteReader r) throws ProtocolException {
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
        } else if (frame instanceof ClientFrame.View v) {
            return StreamFrames.view(v.portrait());
        } else if (frame instanceof ClientFrame.ReplayControl c) {
            return StreamFrames.replayControl(c.paused(), c.speedQuarters(), c.seek());
        }
        return w.toByteArray();
    }

    private static void controls(ByteWriter w, ClientFrame.Input in) {
        w.u8(in.buttons()).u16(in.aim16()).u32(in.viewTick()).u8(in.viewFraction());
    }
}
