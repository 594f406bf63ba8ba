package dev.skirmish.sim;

/**
 * One tick of one player's controls, as decoded from an input frame.
 *
 * @param seq     the client's sequence number (increases by one per client tick)
 * @param buttons {@link Buttons} bits
 * @param aim     aim angle in radians, 0 = +x, counter-clockwise towards +y (screen down), in [0, 2pi)
 */
public record PlayerInput(long seq, int buttons, double aim) {
    public PlayerInput {
        if ((buttons & ~Buttons.ALL) != 0) {
            throw new IllegalArgumentException("unknown button bits");
        }
        if (!(aim >= 0 && aim < Math.PI * 2)) {
            throw new IllegalArgumentException("aim out of range");
        }
    }

    public boolean has(int button) {
        return (buttons & button) != 0;
    }
}
