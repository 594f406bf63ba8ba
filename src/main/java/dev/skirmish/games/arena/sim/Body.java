package dev.skirmish.games.arena.sim;

/** A moving circle: position and velocity in map units and units per second. */
public class Body {
    public double x;
    public double y;
    public double vx;
    public double vy;

    public Body() {
    }

    public Body(double x, double y, double vx, double vy) {
        this.x = x;
        this.y = y;
        this.vx = vx;
        this.vy = vy;
    }
}
