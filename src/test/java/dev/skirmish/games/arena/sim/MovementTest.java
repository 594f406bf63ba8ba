package dev.skirmish.games.arena.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MovementTest {
    private final SimRules rules = SimRules.defaults(60);
    private final GameMap map = TestMaps.box();

    private Body run(Body b, int buttons, int steps) {
        for (int i = 0; i < steps; i++) {
            Movement.step(b, buttons, rules, map);
        }
        return b;
    }

    @Test
    void accelerationReachesButNeverExceedsMaxSpeed() {
        Body b = run(new Body(100, 300, 0, 0), Buttons.RIGHT, 1);
        assertTrue(b.vx > 0 && b.vx < rules.maxSpeed(), "one step accelerates a little: " + b.vx);
        run(b, Buttons.RIGHT, 60);
        assertTrue(b.vx <= rules.maxSpeed() + 1e-9, "capped: " + b.vx);
        assertTrue(b.vx > rules.maxSpeed() * 0.95, "near top speed after a second: " + b.vx);
        assertEquals(0, b.vy);
    }

    @Test
    void diagonalIsNotFaster() {
        Body straight = run(new Body(100, 100, 0, 0), Buttons.RIGHT, 5);
        Body diagonal = run(new Body(100, 100, 0, 0), Buttons.RIGHT | Buttons.DOWN, 5);
        double s = Math.sqrt(straight.vx * straight.vx);
        double d = Math.sqrt(diagonal.vx * diagonal.vx + diagonal.vy * diagonal.vy);
        assertEquals(s, d, 1e-9);
    }

    @Test
    void frictionStopsAPlayerWhoLetsGo() {
        Body b = run(new Body(100, 300, 0, 0), Buttons.RIGHT, 30);
        double x = b.x;
        run(b, 0, 120);
        assertEquals(0, b.vx, "friction brings the player to rest");
        assertTrue(b.x > x && b.x < x + 60, "glides a short way: " + (b.x - x));
    }

    @Test
    void wallsStopMovementAndKeepThePlayerOutside() {
        // start left of the central wall (x 450..550, y 450..550), run right into it
        Body b = run(new Body(380, 500, 0, 0), Buttons.RIGHT, 120);
        assertEquals(450 - rules.playerRadius(), b.x, 1e-6);
        assertEquals(0, b.vx, 1e-9);
        assertEquals(500, b.y, 1e-9);
    }

    @Test
    void slidingAlongAWallKeepsTheParallelComponent() {
        Body b = run(new Body(400, 460, 0, 0), Buttons.RIGHT | Buttons.DOWN, 20);
        assertTrue(b.y > 490 && b.y < 550, "slid down along the wall: " + b.y);
        assertTrue(b.vy > 0);
        assertTrue(b.x <= 450 - rules.playerRadius() + 1e-6);
    }

    @Test
    void bordersClampThePosition() {
        Body b = run(new Body(50, 50, 0, 0), Buttons.LEFT | Buttons.UP, 120);
        assertEquals(rules.playerRadius(), b.x, 1e-9);
        assertEquals(rules.playerRadius(), b.y, 1e-9);
        assertEquals(0, b.vx);
        assertEquals(0, b.vy);
    }

    @Test
    void aCentreInsideAWallIsPushedOutByTheNearestSide() {
        Body b = new Body(455, 500, 0, 0);
        Movement.collide(b, 20, map);
        assertEquals(430, b.x, 1e-9);
    }
}
