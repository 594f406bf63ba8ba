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
}
