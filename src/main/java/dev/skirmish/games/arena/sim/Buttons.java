package dev.skirmish.games.arena.sim;

/** Bits of {@link PlayerInput#buttons()}. */
public final class Buttons {
    public static final int UP = 1;
    public static final int DOWN = 1 << 1;
    public static final int LEFT = 1 << 2;
    public static final int RIGHT = 1 << 3;
    public static final int FIRE = 1 << 4;
    /** Fire the second gun, the rail ({@link Weapons}); with {@link #FIRE} held too, the rail wins. Protocol 10. */
    public static final int ALT_FIRE = 1 << 5;
    /** Every defined bit; any other bit set makes an input invalid. */
    public static final int ALL = UP | DOWN | LEFT | RIGHT | FIRE | ALT_FIRE;

    private Buttons() {
    }

    /**
     * The movement buttons of the one of eight directions nearest to {@code angle} (radians, screen y downwards):
     * an axis counts when the angle's cosine or sine is beyond 0.38 (about 22.5 degrees off the other axis).
     */
    public static int toward(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        int b = 0;
        if (c > 0.38) {
            b |= RIGHT;
        } else if (c < -0.38) {
            b |= LEFT;
        }
        if (s > 0.38) {
            b |= DOWN;
        } else if (s < -0.38) {
            b |= UP;
        }
        return b;
    }
}
