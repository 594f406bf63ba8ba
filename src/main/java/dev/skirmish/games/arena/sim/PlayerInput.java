package dev.skirmish.games.arena.sim;

/**
 * One tick of one player's controls, as decoded from an input frame.
 *
 * @param seq     the client's sequence number (increases by one per client tick)
 * @param buttons {@link Buttons} bits
 * @param aim     aim angle in radians, 0 = +x, counter-clockwise towards +y (screen down), in [0, 2pi)
 * @param viewTick the (fractional) tick at which the client saw the other entities when it sent this input,
 *                 for lag compensation; 0 when unknown
 */
public record PlayerInput(long seq, int buttons, double aim, double viewTick) {
    /** An input without a view time (no lag compensation). */
    public PlayerInput(long seq, int buttons, double aim) {
        this(seq, buttons, aim, 0);
    }

    public PlayerInput {
        if ((buttons & ~Buttons.ALL) != 0) {
            throw new IllegalArgumentException("unknown button bits");
        }
        if (!(aim >= 0 && aim < Math.PI * 2)) {
            throw new IllegalArgumentException("aim out of range");
        }
        if (!(viewTick >= 0) || Double.isInfinite(viewTick)) {
            throw new IllegalArgumentException("view tick out of range");
        }
    }

    public boolean has(int button) {
        return (buttons & button) != 0;
    }
}
