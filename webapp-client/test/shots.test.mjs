// Own projectiles: local prediction on firing (cooldown, walls, border, lifetime, targets), hand-over to the
// server's copies on acknowledgement, and those moved forward to the present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwnShots, segmentRect, blocked } from '../js/games/arena/shots.js';
import { BUTTONS, KINDS, FLAGS } from '../js/games/arena/protocol.js';

const map = { width: 2000, height: 1000, walls: [{ x: 1000, y: 0, w: 50, h: 400 }] };
const near = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);
const shots = (o = {}) => new OwnShots({
  projectileSpeed: 1200, projectileRadius: 5, fireCooldownTicks: 12, simRateHz: 60, map, ...o,
});
const { FIRE, ALT_FIRE, RIGHT } = BUTTONS;

test('firing spawns a projectile at the predicted position, one step of flight along the aim', () => {
  const s = shots();
  assert.equal(s.onInput(1, RIGHT, 0, { x: 100, y: 700 }), null, 'no fire button, no shot');
  const shot = s.onInput(2, FIRE | RIGHT, Math.PI / 2, { x: 100, y: 700 });
  assert.ok(shot);
  near(shot.x, 100);
  near(shot.y, 700 + 1200 / 60);
  assert.equal(s.local.length, 1);
  assert.deepEqual(Object.keys(s.local[0]).sort(), ['angle', 'flags', 'local', 'x', 'y']);
  assert.equal(s.local[0].flags & FLAGS.RAIL, 0, 'a blaster shot');
  // it moves with the frame time
  s.update(50);
  near(s.local[0].y, 700 + 20 + 60);
});

test('the rail: a faster slug, shared cooldown after it, and it wins when both buttons are held (protocol 10)', () => {
  const s = new OwnShots({
    projectileSpeed: 1200, projectileRadius: 5, fireCooldownTicks: 12, simRateHz: 60, map: { width: 3000, height: 3000, walls: [] },
    railSpeed: 2400, railCooldownTicks: 60,
  });
  const fired = [];
  for (let seq = 1; seq <= 80; seq++) {
    const shot = s.onInput(seq, seq === 1 ? FIRE | ALT_FIRE : FIRE, 0, { x: 100, y: 500 });
    if (shot) fired.push([seq, shot.rail]);
  }
  assert.deepEqual(fired, [[1, true], [61, false], [73, false]]);
  const rail = new OwnShots({
    projectileSpeed: 1200, projectileRadius: 5, fireCooldownTicks: 12, simRateHz: 60, map: { width: 3000, height: 3000, walls: [] },
    railSpeed: 2400, railCooldownTicks: 60,
  });
  const shot = rail.onInput(1, ALT_FIRE, 0, { x: 100, y: 500 });
  near(shot.x, 100 + 2400 / 60);
  assert.equal(rail.local[0].flags & FLAGS.RAIL, FLAGS.RAIL);
  rail.update(700);
  assert.equal(rail.local.length, 0, 'a rail slug flies 0.6 s');
  // the server's rail slugs are moved forward at the rail's speed
  const ahead = rail.fromServer([{ kind: KINDS.PROJECTILE, owner: 3, x: 500, y: 500, angle: 0, flags: FLAGS.ALIVE | FLAGS.RAIL }], 3, 100);
  near(ahead[0].x, 740);
});

test('the cooldown is counted in input steps; dead or between matches nothing is fired', () => {
  const s = shots();
  const fired = [];
  for (let seq = 1; seq <= 40; seq++) if (s.onInput(seq, FIRE, 0, { x: 100, y: 500 })) fired.push(seq);
  assert.deepEqual(fired, [1, 13, 25, 37]);
  assert.equal(s.fired, 4);
  const t = shots();
  assert.equal(t.onInput(1, FIRE, 0, { x: 100, y: 500 }, false), null);
  assert.ok(t.onInput(2, FIRE, 0, { x: 100, y: 500 }, true), 'not blocked by a shot that was not allowed');
  t.reset();
  assert.equal(t.local.length, 0);
  assert.ok(t.onInput(3, FIRE, 0, { x: 100, y: 500 }), 'reset forgets the cooldown');
});

test('a local projectile disappears at a wall, at the border, at a target and after its lifetime', () => {
  const s = shots();
  s.onInput(1, FIRE, 0, { x: 900, y: 200 }); // towards the wall at x 1000 (grown by the radius: 995)
  s.onInput(20, FIRE, Math.PI, { x: 100, y: 700 }); // towards the left border
  s.onInput(40, FIRE, 0, { x: 100, y: 900 }); // along the bottom, nothing in the way
  assert.equal(s.local.length, 3);
  s.update(50); // 60 units: the first is at 980, the second at 20
  assert.equal(s.local.length, 3);
  s.update(50);
  assert.deepEqual(s.shots.map((x) => x.seq), [40], 'wall and border');
  // a target in the way
  const t = shots();
  t.onInput(1, FIRE, 0, { x: 100, y: 900 });
  t.update(16, [{ x: 400, y: 900 }], 25);
  assert.equal(t.local.length, 1);
  t.update(300, [{ x: 400, y: 900 }], 25);
  assert.equal(t.local.length, 0);
  // the lifetime: 1 s of flight (one step of it at once)
  const u = shots({ projectileSpeed: 100 });
  u.onInput(1, FIRE, 0, { x: 100, y: 900 });
  u.update(1000 - 1000 / 60 - 1);
  assert.equal(u.local.length, 1);
  u.update(2);
  assert.equal(u.local.length, 0);
  // straight into a wall
  assert.equal(shots().onInput(1, FIRE, 0, { x: 990, y: 100 }), null);
});

test('acknowledged shots are dropped: the server shows them from then on', () => {
  const s = shots();
  for (let seq = 1; seq <= 30; seq++) s.onInput(seq, FIRE, 0, { x: 100, y: 900 });
  assert.deepEqual(s.shots.map((x) => x.seq), [1, 13, 25]);
  s.onAck(12);
  assert.deepEqual(s.shots.map((x) => x.seq), [13, 25]);
  s.onAck(13);
  assert.deepEqual(s.shots.map((x) => x.seq), [25]);
  s.onAck(100);
  assert.equal(s.local.length, 0);
});

test('server projectiles of the own player are moved forward to the present, others are not included', () => {
  const s = shots();
  const entities = [
    { id: 1, kind: KINDS.PLAYER, x: 50, y: 50, angle: 0, health: 100, flags: FLAGS.ALIVE, owner: 0 },
    { id: 1030, kind: KINDS.PROJECTILE, x: 100, y: 900, angle: 0, health: 0, flags: FLAGS.ALIVE, owner: 3 },
    { id: 1031, kind: KINDS.PROJECTILE, x: 100, y: 800, angle: Math.PI / 2, health: 0, flags: FLAGS.ALIVE, owner: 3 },
    { id: 1032, kind: KINDS.PROJECTILE, x: 100, y: 900, angle: 0, health: 0, flags: FLAGS.ALIVE, owner: 4 },
    { id: 1033, kind: KINDS.PROJECTILE, x: 960, y: 100, angle: 0, health: 0, flags: FLAGS.ALIVE, owner: 3 },
  ];
  const out = s.fromServer(entities, 3, 100); // 100 ms ahead: 120 units
  assert.deepEqual(out.map((e) => e.id), [1030, 1031]);
  near(out[0].x, 220);
  near(out[0].y, 900);
  near(out[1].y, 920);
  assert.equal(entities[1].x, 100, 'the snapshot is not changed');
  // 1031 leaves the map (y 1000) after 200 units; 1033 meets the wall at once
  assert.deepEqual(s.fromServer(entities, 3, 200).map((e) => e.id), [1030]);
  assert.deepEqual(s.fromServer(entities, 3, 0).map((e) => e.id), [1030, 1031, 1033]);
  // the look-ahead is capped
  const far = s.fromServer([{ ...entities[1], x: 0 }], 3, 5000);
  assert.equal(far.length, 1);
  near(far[0].x, 1200);
});

test('segment against a grown rectangle, and blocked paths', () => {
  const r = { x: 10, y: 10, w: 10, h: 10 };
  near(segmentRect(0, 15, 20, 0, r, 0), 0.5);
  near(segmentRect(0, 15, 20, 0, r, 2), 0.4);
  assert.equal(segmentRect(0, 0, 5, 0, r, 0), Infinity);
  assert.equal(segmentRect(0, 15, 5, 0, r, 0), Infinity, 'ends before the wall');
  assert.equal(segmentRect(15, 15, 0, 0, r, 0), 0, 'inside');
  assert.equal(blocked(10, 500, -20, 0, map, 5), true, 'leaves through the left border');
  assert.equal(blocked(10, 500, 20, 0, map, 5), false);
});
