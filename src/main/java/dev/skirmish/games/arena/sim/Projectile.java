package dev.skirmish.games.arena.sim;

/** A shot in flight. */
public final class Projectile extends Body {
    private final int id;
    private final int ownerId;
    /** The owner's team (0: no teams): its shots pass through teammates. */
    final int team;
    /** {@link Weapons#BLASTER} or {@link Weapons#RAIL}. */
    final int weapon;
    final long expiresTick;
    /** Lag compensation: the ticks by which targets are rewound when this projectile is checked against them. */
    final double rewindTicks;

    Projectile(int id, int ownerId, int team, int weapon, double x, double y, double vx, double vy, long expiresTick,
               double rewindTicks) {
        super(x, y, vx, vy);
        this.id = id;
        this.ownerId = ownerId;
        this.team = team;
        this.weapon = weapon;
        this.expiresTick = expiresTick;
        this.rewindTicks = rewindTicks;
    }

    /** How far back in ticks this projectile sees its targets (lag compensation; 0 = the present). */
    public double rewindTicks() {
        return rewindTicks;
    }

    public int id() {
        return id;
    }

    public int ownerId() {
        return ownerId;
    }

    /** {@link Weapons#BLASTER} or {@link Weapons#RAIL}. */
    public int weapon() {
        return weapon;
    }

    /** Direction of flight in radians, [0, 2pi). */
    public double heading() {
        double a = Math.atan2(vy, vx);
        return a < 0 ? a + Math.PI * 2 : a;
    }
}
