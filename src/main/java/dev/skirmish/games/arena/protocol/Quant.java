package dev.skirmish.games.arena.protocol;

/** Fixed-point and compact-angle conversions used on the wire. */
public final class Quant {
    /** Positions are sent in 1/16 of a map unit as unsigned 16-bit values (0..4095.9375). */
    public static final int POSITION_SCALE = 16;
    /** Velocities are sent in 1/16 unit per second as signed 16-bit values. */
    public static final int VELOCITY_SCALE = 16;
    private static final double TWO_PI = Math.PI * 2;

    private Quant() {
    }

    public static int toPosition(double v) {
        long q = Math.round(v * POSITION_SCALE);
        return (int) Math.max(0, Math.min(0xFFFF, q));
    }

    public static double fromPosition(int q) {
        return q / (double) POSITION_SCALE;
    }

    public static int toVelocity(double v) {
        long q = Math.round(v * VELOCITY_SCALE);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q));
    }

    public static double fromVelocity(int q) {
        return q / (double) VELOCITY_SCALE;
    }

    /** Angle in radians to 8 bits (1.4 degree steps), for other entities' aim and heading. */
    public static int toAngle8(double radians) {
        return (int) Math.round(normalize(radians) / TWO_PI * 256) & 0xFF;
    }

    public static double fromAngle8(int q) {
        return (q & 0xFF) * TWO_PI / 256;
    }

    /** Angle in radians to 16 bits, for the player's own aim in input frames. */
    public static int toAngle16(double radians) {
        return (int) Math.round(normalize(radians) / TWO_PI * 65536) & 0xFFFF;
    }

    public static double fromAngle16(int q) {
        return (q & 0xFFFF) * TWO_PI / 65536;
    }

    private static double normalize(double radians) {
        if (!Double.isFinite(radians)) {
            return 0;
        }
        double a = radians % TWO_PI;
        return a < 0 ? a + TWO_PI : a;
    }
}
