package dev.skirmish.games.arena.sim;

/**
 * The player movement rule: one fixed step of acceleration, friction, speed cap, then wall and border
 * collision. The browser client runs the same arithmetic for prediction ({@code webapp-client/js/movement.js}),
 * so every operation here is deliberately plain IEEE double arithmetic in a fixed order (no trigonometry,
 * no {@code Math.hypot}); keep the two in step.
 */
public final class Movement {
    /** 1 / sqrt(2), written out so that Java and JavaScript use the same double. */
    public static final double DIAGONAL = 0.7071067811865476;

    private Movement() {
    }

    /** Advances {@code body} one step of {@code rules.dt()} under the movement keys of {@code buttons}. */
    public static void step(Body body, int buttons, SimRules rules, GameMap map) {
        step(body, buttons, rules, map, PlayArea.full(map));
    }

    /** The same, confined to the play {@code area} instead of the whole map. */
    public static void step(Body body, int buttons, SimRules rules, GameMap map, PlayArea area) {
        double ix = 0;
        double iy = 0;
        if ((buttons & Buttons.UP) != 0) {
            iy -= 1;
        }
        if ((buttons & Buttons.DOWN) != 0) {
            iy += 1;
        }
        if ((buttons & Buttons.LEFT) != 0) {
            ix -= 1;
        }
        if ((buttons & Buttons.RIGHT) != 0) {
            ix += 1;
        }
        if (ix != 0 && iy != 0) {
            ix *= DIAGONAL;
            iy *= DIAGONAL;
        }
        double dt = rules.dt();
        body.vx += ix * rules.accel() * dt;
        body.vy += iy * rules.accel() * dt;
        double damp = 1 - rules.friction() * dt;
        if (damp < 0) {
            damp = 0;
        }
        body.vx *= damp;
        body.vy *= damp;
        double speed2 = body.vx * body.vx + body.vy * body.vy;
        double max = rules.maxSpeed();
        if (speed2 > max * max) {
            double scale = max / Math.sqrt(speed2);
            body.vx *= scale;
            body.vy *= scale;
        }
        if (Math.abs(body.vx) < 1e-3) {
            body.vx = 0;
        }
        if (Math.abs(body.vy) < 1e-3) {
            body.vy = 0;
        }
        body.x += body.vx * dt;
        body.y += body.vy * dt;
        collide(body, rules.playerRadius(), map, area);
    }

    /** Pushes a circle of radius {@code r} out of every wall and back inside the map, removing inward velocity. */
    public static void collide(Body body, double r, GameMap map) {
        collide(body, r, map, PlayArea.full(map));
    }

    /** The same, back inside the play {@code area}. */
    public static void collide(Body body, double r, GameMap map, PlayArea area) {
        for (Wall w : map.walls()) {
            double left = w.x();
            double top = w.y();
            double right = left + w.w();
            double bottom = top + w.h();
            if (body.x + r <= left || body.x - r >= right || body.y + r <= top || body.y - r >= bottom) {
                continue;
            }
            double cx = clamp(body.x, left, right);
            double cy = clamp(body.y, top, bottom);
            double dx = body.x - cx;
            double dy = body.y - cy;
            double d2 = dx * dx + dy * dy;
            if (d2 >= r * r) {
                continue;
            }
            double nx;
            double ny;
            double pen;
            if (d2 > 1e-9) {
                double d = Math.sqrt(d2);
                nx = dx / d;
                ny = dy / d;
                pen = r - d;
            } else {
                // centre inside the wall: leave by the nearest side
                double toLeft = body.x - left;
                double toRight = right - body.x;
                double toTop = body.y - top;
                double toBottom = bottom - body.y;
                double min = toLeft;
                nx = -1;
                ny = 0;
                if (toRight < min) {
                    min = toRight;
                    nx = 1;
                    ny = 0;
                }
                if (toTop < min) {
                    min = toTop;
                    nx = 0;
                    ny = -1;
                }
                if (toBottom < min) {
                    min = toBottom;
                    nx = 0;
                    ny = 1;
                }
                pen = min + r;
            }
            body.x += nx * pen;
            body.y += ny * pen;
            double vn = body.vx * nx + body.vy * ny;
            if (vn < 0) {
                body.vx -= vn * nx;
                body.vy -= vn * ny;
            }
        }
        confine(body, r, map, area);
    }

    /** Puts a circle of radius {@code r} back inside the play {@code area}, removing outward velocity. */
    public static void confine(Body body, double r, GameMap map, PlayArea area) {
        double left = area.left(map);
        double right = area.right(map);
        double top = area.top(map);
        double bottom = area.bottom(map);
        if (body.x < left + r) {
            body.x = left + r;
            if (body.vx < 0) {
                body.vx = 0;
            }
        } else if (body.x > right - r) {
            body.x = right - r;
            if (body.vx > 0) {
                body.vx = 0;
            }
        }
        if (body.y < top + r) {
            body.y = top + r;
            if (body.vy < 0) {
                body.vy = 0;
            }
        } else if (body.y > bottom - r) {
            body.y = bottom - r;
            if (body.vy > 0) {
                body.vy = 0;
            }
        }
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
