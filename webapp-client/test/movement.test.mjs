// The movement step against hand-computed values of the server's rule (docs/protocol.md, Prediction rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepMovement, collide, areaOf, DIAGONAL } from '../js/games/arena/movement.js';
import { BUTTONS } from '../js/games/arena/protocol.js';

const rules = { simRateHz: 60, accel: 2400, maxSpeed: 320, friction: 8, playerRadius: 20 };
const open = { width: 3000, height: 3000, walls: [] };
const { UP, DOWN, LEFT, RIGHT } = BUTTONS;
const body = (x = 1500, y = 1500, vx = 0, vy = 0) => ({ x, y, vx, vy });

test('one step from rest: accelerate, damp, move', () => {
  const b = stepMovement(body(), RIGHT, rules, open);
  const dt = 1 / 60;
  const vx = (0 + 1 * 2400 * dt) * (1 - 8 * dt);
  assert.equal(b.vx, vx);
  assert.equal(b.vy, 0);
  assert.equal(b.x, 1500 + vx * dt);
  assert.equal(b.y, 1500);
});

test('up and left point the other way', () => {
  const b = stepMovement(body(), UP | LEFT, rules, open);
  assert.ok(b.vx < 0 && b.vy < 0);
  assert.equal(b.vx, b.vy);
  const c = stepMovement(body(), UP | DOWN, rules, open);
  assert.deepEqual(c, body(), 'opposite keys cancel');
});

test('diagonal input is normalised', () => {
  const b = stepMovement(body(), DOWN | RIGHT, rules, open);
  const dt = 1 / 60;
  const v = DIAGONAL * 2400 * dt * (1 - 8 * dt);
  assert.equal(DIAGONAL, 0.7071067811865476);
  assert.equal(b.vx, v);
  assert.equal(b.vy, v);
  const speed = Math.sqrt(b.vx * b.vx + b.vy * b.vy);
  const straight = stepMovement(body(), RIGHT, rules, open).vx;
  assert.ok(Math.abs(speed - straight) < 1e-9, `diagonal speed ${speed} vs straight ${straight}`);
});

test('speed is capped at maxSpeed', () => {
  const fast = { ...rules, accel: 20000 };
  const b = body(100, 100);
  let capped = 0;
  for (let i = 0; i < 120; i++) {
    stepMovement(b, DOWN | RIGHT, fast, open);
    const speed = Math.sqrt(b.vx * b.vx + b.vy * b.vy);
    assert.ok(speed <= 320 + 1e-9, `step ${i}: speed ${speed}`);
    if (Math.abs(speed - 320) < 1e-9) capped++;
  }
  assert.ok(capped > 100, 'reaches the cap and stays there');
  // a body already too fast is scaled down to exactly the cap, keeping its direction
  const c = stepMovement(body(1500, 1500, 3000, 4000), 0, rules, open);
  const damp = 1 - 8 / 60;
  const scale = 320 / Math.sqrt((3000 * damp) ** 2 + (4000 * damp) ** 2);
  assert.equal(c.vx, 3000 * damp * scale);
  assert.equal(c.vy, 4000 * damp * scale);
});

test('friction brings a released body to an exact stop', () => {
  const b = body(1500, 1500, 200, -100);
  let steps = 0;
  while ((b.vx !== 0 || b.vy !== 0) && steps < 1000) {
    const before = { ...b };
    stepMovement(b, 0, rules, open);
    if (b.vx !== 0) assert.equal(b.vx, before.vx * (1 - 8 / 60));
    steps++;
  }
  assert.ok(steps < 200, `stopped after ${steps} steps`);
  assert.equal(b.vx, 0);
  assert.equal(b.vy, 0);
  const x = b.x;
  stepMovement(b, 0, rules, open);
  assert.equal(b.x, x, 'a stopped body stays put');
  // friction * dt >= 1 damps to zero at once
  const sticky = stepMovement(body(1500, 1500, 100, 0), 0, { ...rules, friction: 120 }, open);
  assert.equal(sticky.vx, 0);
});

test('velocity components below 1e-3 are cut to zero', () => {
  const b = stepMovement(body(1500, 1500, 0.0011, 50), 0, rules, open);
  assert.equal(b.vx, 0); // 0.0011 * 0.8667 < 0.001
  assert.equal(b.vy, 50 * (1 - 8 / 60));
});

test('a wall pushes the circle out along the shortest way and removes the inward velocity', () => {
  const map = { width: 3000, height: 3000, walls: [{ x: 1000, y: 1000, w: 100, h: 300 }] };
  // overlapping the left face by 5 units while moving right and down
  const b = collide(body(985, 1100, 200, 50), 20, map);
  assert.equal(b.x, 980);
  assert.equal(b.y, 1100);
  assert.equal(b.vx, 0);
  assert.equal(b.vy, 50);
  // moving away from the wall keeps the velocity
  const away = collide(body(985, 1100, -200, 0), 20, map);
  assert.equal(away.x, 980);
  assert.equal(away.vx, -200);
  // near a corner: pushed along the diagonal to exactly radius distance
  const c = collide(body(990, 990, 10, 10), 20, map);
  const d = Math.sqrt((c.x - 1000) ** 2 + (c.y - 1000) ** 2);
  assert.ok(Math.abs(d - 20) < 1e-9, `corner distance ${d}`);
  assert.ok(Math.abs(c.x - c.y) < 1e-12);
  assert.ok(Math.abs(c.vx) < 1e-12 && Math.abs(c.vy) < 1e-12);
  // centre inside the wall: leaves by the nearest side (bottom here)
  assert.deepEqual(collide(body(1050, 1290, 0, -30), 20, map), { x: 1050, y: 1320, vx: 0, vy: 0 });
  assert.deepEqual(collide(body(1050, 1290, 0, 30), 20, map), { x: 1050, y: 1320, vx: 0, vy: 30 });
  // ...and by each of the other sides when that one is nearest
  assert.deepEqual(collide(body(1050, 1003, 0, 30), 20, map), { x: 1050, y: 980, vx: 0, vy: 0 });
  assert.deepEqual(collide(body(1004, 1150, 10, 0), 20, map), { x: 980, y: 1150, vx: 0, vy: 0 });
  assert.deepEqual(collide(body(1090, 1150, -10, 0), 20, map), { x: 1120, y: 1150, vx: 0, vy: 0 });
  // a circle just touching does not move
  assert.deepEqual(collide(body(980, 1100, 5, 0), 20, map), body(980, 1100, 5, 0));
});

test('walking into a wall stops at its face', () => {
  const map = { width: 3000, height: 3000, walls: [{ x: 1600, y: 1400, w: 50, h: 200 }] };
  const b = body();
  for (let i = 0; i < 120; i++) stepMovement(b, RIGHT, rules, map);
  assert.equal(b.x, 1580);
  assert.equal(b.vx, 0);
  assert.equal(b.y, 1500);
});

test('walls are resolved in map order', () => {
  // two touching walls, each visited once: the last one visited decides where the circle ends up
  const a = { x: 500, y: 500, w: 100, h: 100 };
  const b = { x: 400, y: 520, w: 100, h: 100 };
  // a first: centre inside a, out by its left side to x 480, which is inside b: out by b's right side
  assert.deepEqual(collide(body(505, 550), 20, { width: 3000, height: 3000, walls: [a, b] }), body(520, 550));
  // b first: pushed right along the normal to x 520, which is inside a: out by a's left side
  assert.deepEqual(collide(body(505, 550), 20, { width: 3000, height: 3000, walls: [b, a] }), body(480, 550));
});

test('the map border clamps position and zeroes velocity into it', () => {
  const map = { width: 400, height: 300, walls: [] };
  assert.deepEqual(collide(body(5, 150, -40, 7), 20, map), { x: 20, y: 150, vx: 0, vy: 7 });
  assert.deepEqual(collide(body(5, 150, 40, 7), 20, map), { x: 20, y: 150, vx: 40, vy: 7 });
  assert.deepEqual(collide(body(399, 299, 10, 10), 20, map), { x: 380, y: 280, vx: 0, vy: 0 });
  assert.deepEqual(collide(body(200, -3, 0, -1), 20, map), { x: 200, y: 20, vx: 0, vy: 0 });
  const b = body(30, 30);
  for (let i = 0; i < 60; i++) stepMovement(b, UP | LEFT, rules, map);
  assert.deepEqual(b, { x: 20, y: 20, vx: 0, vy: 0 });
});

test('a long random walk stays deterministic and inside the map', () => {
  const map = { width: 400, height: 300, walls: [{ x: 100, y: 50, w: 40, h: 200 }, { x: 300, y: 10, w: 20, h: 20 }] };
  const run = () => {
    const b = body(60, 60);
    let s = 12345;
    for (let i = 0; i < 2000; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      stepMovement(b, (s >> 8) & 15, rules, map);
      assert.ok(b.x >= 20 && b.x <= 380 && b.y >= 20 && b.y <= 280);
    }
    return b;
  };
  assert.deepEqual(run(), run());
});

test('bit-exact with the server: a Java trace of Movement.step on the reference arena', async () => {
  const { readFileSync } = await import('node:fs');
  const trace = JSON.parse(readFileSync(new URL('../../src/test/resources/protocol/movement-trace.json', import.meta.url), 'utf8'));
  const map = { ...trace.map, walls: trace.map.walls.map(([x, y, w, h]) => ({ x, y, w, h })) };
  const view = new DataView(new ArrayBuffer(8));
  const hex = (v) => { view.setFloat64(0, v); return view.getBigUint64(0).toString(16).padStart(16, '0'); };
  let stops = 0;
  let confined = 0;
  for (const run of trace.runs) {
    const b = body(run.start[0], run.start[1]);
    const area = areaOf(map, run.areaHalf16[0] / 16, run.areaHalf16[1] / 16);
    run.buttons.forEach((buttons, i) => {
      const before = { ...b };
      stepMovement(b, buttons, run, map, area);
      if (area.left > 0 && (b.x === area.left + run.playerRadius || b.x === area.right - run.playerRadius
        || b.y === area.top + run.playerRadius || b.y === area.bottom - run.playerRadius)) confined++;
      const bits = hex(b.x) + hex(b.y) + hex(b.vx) + hex(b.vy);
      assert.equal(bits, run.states[i], `${run.simRateHz} Hz, step ${i}: ${JSON.stringify(b)}`);
      if ((buttons & (LEFT | RIGHT)) && before.vx !== 0 && b.vx === 0) stops++;
    });
  }
  assert.ok(stops > 5, `the trace should run into walls (${stops} stops)`);
  assert.ok(confined > 5, `the last run should meet the play area's edges (${confined} steps)`);
});
