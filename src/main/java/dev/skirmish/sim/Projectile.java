package dev.skirmish.sim;

/** A shot in flight. */
public final class Projectile extends Body {
    private final int id;
    private final int ownerId;
    final long expiresTick;

    Projectile(int id, int ownerId, double x, double y, double vx, double vy, long expiresTick) {
        super(x, y, vx, vy);
        this.id = id;
        this.ownerId = ownerId;
        this.expiresTick = expiresTick;
    }

    public int id() {
        return id;
    }

    public int ownerId() {
        return ownerId;
    }

    /** Direction of flight in radians, [0, 2pi). */
    public double heading() {
        double a = Math.atan2(vy, vx);
        return a < 0 ? a + Math.PI * 2 : a;
    }
}
