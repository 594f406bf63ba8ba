package dev.skirmish.games.arena.sim;

/** Swept tests for projectiles: where along a segment it first touches a circle or a rectangle. */
final class Collision {
    /** Returned when there is no contact along the segment. */
    static final double MISS = Double.POSITIVE_INFINITY;

    private Collision() {
    }

    /**
     * First fraction t in [0, 1] at which the point (x0,y0)+t*(dx,dy) is within {@code radius} of (cx,cy),
     * or {@link #MISS}.
     */
    static double segmentCircle(double x0, double y0, double dx, double dy, double cx, double cy, double radius) {
        double fx = x0 - cx;
        double fy = y0 - cy;
        double c = fx * fx + fy * fy - radius * radius;
        if (c <= 0) {
            return 0;
        }
        double a = dx * dx + dy * dy;
        if (a == 0) {
            return MISS;
        }
        double b = 2 * (fx * dx + fy * dy);
        double disc = b * b - 4 * a * c;
        if (disc < 0) {
            return MISS;
        }
        double t = (-b - Math.sqrt(disc)) / (2 * a);
        return t >= 0 && t <= 1 ? t : MISS;
    }

    /** First fraction t in [0, 1] at which the segment enters {@code wall} grown by {@code pad}, or {@link #MISS}. */
    static double segmentRect(double x0, double y0, double dx, double dy, Wall wall, double pad) {
        double minX = wall.x() - pad;
        double maxX = wall.x() + wall.w() + pad;
        double minY = wall.y() - pad;
        double maxY = wall.y() + wall.h() + pad;
        double tEnter = 0;
        double tExit = 1;
        double[] slabs = {x0, dx, minX, maxX, y0, dy, minY, maxY};
        for (int i = 0; i < 8; i += 4) {
            double p = slabs[i];
            double d = slabs[i + 1];
            double lo = slabs[i + 2];
            double hi = slabs[i + 3];
            if (d == 0) {
                if (p < lo || p > hi) {
                    return MISS;
                }
                continue;
            }
            double t1 = (lo - p) / d;
            double t2 = (hi - p) / d;
            if (t1 > t2) {
                double s = t1;
                t1 = t2;
                t2 = s;
            }
            tEnter = Math.max(tEnter, t1);
            tExit = Math.min(tExit, t2);
            if (tEnter > tExit) {
                return MISS;
            }
        }
        return tEnter;
    }
}
