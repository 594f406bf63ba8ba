package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.Protocol;

/** A binary frame from a client on the game stream. */
public sealed interface ClientFrame {

    /**
     * One client tick of controls ({@link Protocol#OP_INPUT}, 13 bytes).
     *
     * @param seq          client sequence number, u32
     * @param buttons      button bits ({@code dev.skirmish.games.arena.sim.Buttons})
     * @param aim16        aim angle, 65536 steps per turn
     * @param viewTick     the server tick the client was drawing other entities at (its interpolation time),
     *                     whole part, u32; 0 = unknown (no lag compensation)
     * @param viewFraction the fractional part of that tick in 1/256
     */
    record Input(long seq, int buttons, int aim16, long viewTick, int viewFraction) implements ClientFrame {
        /** A frame without a view time. */
        public Input(long seq, int buttons, int aim16) {
            this(seq, buttons, aim16, 0, 0);
        }

        /** The view time in (fractional) ticks, 0 when unknown. */
        public double view() {
            return viewTick + viewFraction / 256.0;
        }
    }

    /**
     * Several consecutive client ticks of controls in one frame ({@link Protocol#OP_INPUTS}, 6 + 8 per input
     * bytes): the sequence numbers are consecutive, the first one's plus 0, 1, 2... The server applies them as
     * if they had come one frame each.
     *
     * @param inputs 1 to {@link Protocol#MAX_INPUTS_PER_FRAME} inputs, oldest first, with consecutive sequence
     *               numbers
     */
    record Inputs(java.util.List<Input> inputs) implements ClientFrame {
        public Inputs {
            inputs = java.util.List.copyOf(inputs);
            if (inputs.isEmpty() || inputs.size() > Protocol.MAX_INPUTS_PER_FRAME) {
                throw new IllegalArgumentException("1 to " + Protocol.MAX_INPUTS_PER_FRAME + " inputs, not "
                        + inputs.size());
            }
            for (int i = 1; i < inputs.size(); i++) {
                if (inputs.get(i).seq() != inputs.get(0).seq() + i) {
                    throw new IllegalArgumentException("the sequence numbers must be consecutive");
                }
            }
        }
    }

    /** The client lost its snapshot baseline ({@link Protocol#OP_RESYNC}, 1 byte). */
    record Resync() implements ClientFrame {
    }

    /** Latency probe ({@link Protocol#OP_PING}, 5 bytes): the client's clock in milliseconds, mod 2^32. */
    record Ping(long clientTimeMillis) implements ClientFrame {
    }

    /**
     * A spectator asks to watch another player ({@link Protocol#OP_FOLLOW}, 2 bytes): {@code step} +1 for the
     * next player in id order, -1 for the previous one (sent as an i8).
     */
    record Follow(int step) implements ClientFrame {
        public Follow {
            if (step != 1 && step != -1) {
                throw new IllegalArgumentException("step must be +1 or -1, not " + step);
            }
        }
    }

    /** The client's window shape ({@link Protocol#OP_VIEW}, 2 bytes): portrait (taller than wide) or not. */
    record View(boolean portrait) implements ClientFrame {
    }

    /**
     * A replay viewer's controls ({@link Protocol#OP_REPLAY_CONTROL}, 7 bytes): paused, the speed in quarters (2 to
     * 16) and a position to go to in ticks ({@link Protocol#REPLAY_NO_SEEK}: stay).
     */
    record ReplayControl(boolean paused, int speedQuarters, long seek) implements ClientFrame {
    }
}
