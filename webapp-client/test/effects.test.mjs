// Game feel: muzzle flashes, death bursts and the screen shake are functions of time, the same every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Effects, flashStrength, burstState, shakeOffset, unitNoise, reducedMotionQuery, FLASH_MS, BURST_MS, SHAKE_MS,
  HURT_SHAKE_PX, KILL_SHAKE_PX, MAX_SHAKE_PX, BURST_PARTICLES,
} from '../js/games/arena/effects.js';
import { KINDS, FLAGS } from '../js/games/arena/protocol.js';

const player = (id, x, y, flags = FLAGS.ALIVE) => ({ id, kind: KINDS.PLAYER, x, y, angle: 0, health: 100, flags });
const shot = (id, owner, x, y) => ({ id, kind: KINDS.PROJECTILE, x, y, angle: 0, flags: FLAGS.ALIVE, owner });

/** The largest shake offset (either axis) over [from, to) ms, sampled every ms. */
function peak(events, from, to) {
  let m = 0;
  for (let t = from; t < to; t++) {
    const o = shakeOffset(events, t);
    m = Math.max(m, Math.abs(o.x), Math.abs(o.y));
  }
  return m;
}

test('unit noise is a fixed number in [0, 1) for a seed and an index', () => {
  const seen = new Set();
  for (let seed = 1; seed <= 20; seed++) {
    for (let i = 0; i < 20; i++) {
      const v = unitNoise(seed, i);
      assert.ok(v >= 0 && v < 1, `${v}`);
      assert.equal(v, unitNoise(seed, i));
      seen.add(v.toFixed(6));
    }
  }
  assert.ok(seen.size > 390, 'spread out');
});

test('a muzzle flash is full when fired and gone after FLASH_MS', () => {
  assert.ok(FLASH_MS >= 60 && FLASH_MS <= 90);
  assert.equal(flashStrength(1000, 1000), 1);
  assert.equal(flashStrength(1000, 1000 + FLASH_MS / 2), 0.5);
  assert.equal(flashStrength(1000, 1000 + FLASH_MS), 0);
  assert.equal(flashStrength(1000, 990), 0, 'not before the shot');
  assert.equal(flashStrength(undefined, 1000), 0);
  assert.equal(flashStrength(null, 1000), 0);
});

test('one flash per shot: a second report of the same shot is ignored, the next shot flashes again', () => {
  const fx = new Effects();
  assert.equal(fx.fired(7, 1000), true);
  assert.equal(fx.fired(7, 1030), false, 'the same shot seen twice (flag and projectile)');
  assert.equal(fx.flash(7, 1040), 0.5);
  assert.equal(fx.flash(8, 1040), 0, 'another player');
  assert.equal(fx.fired(7, 1000 + FLASH_MS), true);
  assert.equal(fx.counts.flashes, 2);
  fx.prune(1000 + 3 * FLASH_MS);
  assert.equal(fx.firedAt.size, 0, 'forgotten once over');
});

test('the others\' shots are found in the drawn entities: a new projectile by its owner, or a new FIRED flag', () => {
  const fx = new Effects();
  const selfId = 1;
  // frame 1: player 2 with a projectile just out of its barrel, player 3 with an old one far away
  assert.equal(fx.observe([player(2, 100, 100), player(3, 900, 900), shot(50, 2, 140, 100), shot(51, 3, 400, 900)],
    selfId, 1000, 100), 1);
  assert.ok(fx.flash(2, 1000) === 1 && fx.flash(3, 1000) === 0, 'a projectile far from its owner is no shot');
  // frame 2: the same projectiles, moved: nothing new
  assert.equal(fx.observe([player(2, 100, 100), player(3, 900, 900), shot(50, 2, 160, 100), shot(51, 3, 420, 900)],
    selfId, 1016, 100), 0);
  // own projectiles and the own player are never flashed from here (the prediction does that)
  assert.equal(fx.observe([player(1, 0, 0, FLAGS.ALIVE | FLAGS.FIRED), shot(60, 1, 10, 0)], selfId, 1032, 100), 0);
  // a FIRED flag flashes once when it appears, not again while it stays (a held snapshot)
  const fired = player(4, 500, 500, FLAGS.ALIVE | FLAGS.FIRED);
  assert.equal(fx.observe([fired], selfId, 1100, 100), 1);
  assert.equal(fx.observe([fired], selfId, 1100 + FLASH_MS + 1, 100), 0);
  assert.equal(fx.observe([player(4, 500, 500)], selfId, 1300, 100), 0);
  assert.equal(fx.observe([fired], selfId, 1400, 100), 1);
  // the flag and the projectile of one shot flash once
  assert.equal(fx.observe([player(5, 0, 0, FLAGS.ALIVE | FLAGS.FIRED), shot(70, 5, 30, 0)], selfId, 1500, 100), 1);
  // a dead owner does not flash
  assert.equal(fx.observe([player(6, 0, 0, 0), shot(71, 6, 30, 0)], selfId, 1600, 100), 0);
  assert.equal(fx.counts.flashes, 4);
});

test('a death burst: a widening ring and particles flying out, fading, the same for the same seed', () => {
  const b = { x: 500, y: 300, at: 1000, seed: 3, radius: 20 };
  assert.ok(BURST_MS >= 500 && BURST_MS <= 700);
  assert.equal(burstState(b, 999), null, 'not started');
  assert.equal(burstState(b, 1000 + BURST_MS), null, 'over');
  let prev = null;
  for (let t = 0; t < BURST_MS; t += 25) {
    const s = burstState(b, 1000 + t);
    assert.equal(s.particles.length, BURST_PARTICLES);
    assert.ok(s.alpha > 0 && s.alpha <= 1 && s.ring.alpha >= 0 && s.pop >= 0);
    for (const q of s.particles) assert.ok(Math.hypot(q.x, q.y) <= 20 * 0.6 + 52 + 1e-9, 'stays near');
    if (prev) {
      assert.ok(s.ring.radius >= prev.ring.radius && s.alpha < prev.alpha, `t ${t}`);
      s.particles.forEach((q, i) => {
        assert.ok(Math.hypot(q.x, q.y) >= Math.hypot(prev.particles[i].x, prev.particles[i].y) - 1e-9, 'outwards');
      });
    }
    prev = s;
  }
  assert.deepEqual(burstState(b, 1234), burstState({ ...b }, 1234));
  assert.notDeepEqual(burstState(b, 1234).particles, burstState({ ...b, seed: 4 }, 1234).particles);
  // particles go all round: one in each quadrant
  const late = burstState(b, 1000 + BURST_MS / 2).particles;
  for (const [sx, sy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) {
    assert.ok(late.some((q) => Math.sign(q.x) === sx && Math.sign(q.y) === sy), `quadrant ${sx},${sy}`);
  }
});

test('bursts are kept until they are over; one may start later (when the victim vanishes)', () => {
  const fx = new Effects();
  fx.death(10, 20, 'red', 1000);
  fx.death(30, 40, 'blue', 1100);
  assert.equal(fx.visibleBursts(1050).length, 1, 'the second starts at 1100');
  const both = fx.visibleBursts(1200);
  assert.deepEqual(both.map((b) => [b.x, b.y, b.color]), [[10, 20, 'red'], [30, 40, 'blue']]);
  fx.prune(1000 + BURST_MS);
  assert.equal(fx.bursts.length, 1);
  fx.prune(1100 + BURST_MS);
  assert.equal(fx.bursts.length, 0);
  assert.equal(fx.counts.bursts, 2);
});

test('the screen shake is light, decays within SHAKE_MS and is the same for the same time', () => {
  assert.ok(SHAKE_MS <= 300);
  assert.deepEqual(shakeOffset([], 1000), { x: 0, y: 0 });
  const hurt = [{ at: 1000, amp: HURT_SHAKE_PX, seed: 1 }];
  const kill = [{ at: 1000, amp: KILL_SHAKE_PX, seed: 1 }];
  assert.deepEqual(shakeOffset(hurt, 1000), shakeOffset(hurt, 1000));
  assert.deepEqual(shakeOffset(hurt, 999), { x: 0, y: 0 }, 'not before');
  assert.deepEqual(shakeOffset(hurt, 1000 + SHAKE_MS), { x: 0, y: 0 }, 'over');
  const first = peak(hurt, 1000, 1060);
  const middle = peak(hurt, 1100, 1160);
  const last = peak(hurt, 1190, 1000 + SHAKE_MS);
  assert.ok(first > middle && middle > last, `${first} ${middle} ${last}`);
  assert.ok(first <= HURT_SHAKE_PX && first > HURT_SHAKE_PX / 2, 'a few pixels');
  assert.ok(peak(kill, 1000, 1000 + SHAKE_MS) < first, 'a kill shakes less than a hit');
  // it does shake: the offset changes sign on both axes in the first 100 ms
  const xs = [];
  const ys = [];
  for (let t = 1000; t < 1100; t += 4) {
    const o = shakeOffset(hurt, t);
    xs.push(o.x);
    ys.push(o.y);
  }
  assert.ok(Math.min(...xs) < 0 && Math.max(...xs) > 0 && Math.min(...ys) < 0 && Math.max(...ys) > 0);
  // many hits at once stay within MAX_SHAKE_PX
  const many = Array.from({ length: 10 }, (_, i) => ({ at: 1000, amp: HURT_SHAKE_PX, seed: i + 1 }));
  assert.ok(peak(many, 1000, 1000 + SHAKE_MS) <= MAX_SHAKE_PX);
});

test('hits and own kills shake the camera; asking for reduced motion turns it off', () => {
  const fx = new Effects();
  fx.hurt(1000);
  assert.notDeepEqual(fx.shakeOffset(1010), { x: 0, y: 0 });
  assert.equal(fx.summary(1010).shakeMs, SHAKE_MS - 10);
  fx.scored(2000);
  assert.equal(fx.counts.shakes, 2);
  assert.equal(fx.summary(1500).shakeMs, SHAKE_MS, 'the kill shake waits for its start');
  fx.prune(2000 + SHAKE_MS);
  assert.equal(fx.shakes.length, 0);
  assert.equal(fx.summary(2000 + SHAKE_MS).shakeMs, 0);

  let reduce = true;
  const calm = new Effects({ reducedMotion: () => reduce });
  calm.hurt(1000);
  calm.scored(1000);
  assert.equal(calm.counts.shakes, 0);
  assert.deepEqual(calm.shakeOffset(1010), { x: 0, y: 0 });
  calm.death(0, 0, 'red', 1000);
  assert.equal(calm.visibleBursts(1010).length, 1, 'bursts stay');
  assert.equal(calm.summary(1010).reducedMotion, true);
  reduce = false; // the setting changed while playing
  calm.hurt(1100);
  assert.notDeepEqual(calm.shakeOffset(1110), { x: 0, y: 0 });
  reduce = true;
  assert.deepEqual(calm.shakeOffset(1120), { x: 0, y: 0 }, 'a running shake stops at once');
});

test('the reduced-motion setting comes from the prefers-reduced-motion media query, false without one', () => {
  const had = Object.hasOwn(globalThis, 'window');
  const before = globalThis.window;
  try {
    delete globalThis.window;
    assert.equal(reducedMotionQuery()(), false);
    const asked = [];
    const query = { matches: true };
    globalThis.window = { matchMedia: (q) => { asked.push(q); return query; } };
    const reduced = reducedMotionQuery();
    assert.equal(reduced(), true);
    query.matches = false;
    assert.equal(reduced(), false, 'follows a change');
    assert.deepEqual(asked, ['(prefers-reduced-motion: reduce)']);
  } finally {
    if (had) globalThis.window = before;
    else delete globalThis.window;
  }
});

test('the summary counts what started and what runs', () => {
  const fx = new Effects();
  fx.fired(1, 1000);
  fx.fired(2, 1000);
  fx.death(0, 0, 'red', 1000);
  fx.hurt(1000);
  assert.deepEqual(fx.summary(1040), {
    flashes: 2, bursts: 1, shakes: 1, activeFlashes: 2, activeBursts: 1, shakeMs: SHAKE_MS - 40, reducedMotion: false,
  });
  assert.deepEqual(fx.summary(1000 + BURST_MS), {
    flashes: 2, bursts: 1, shakes: 1, activeFlashes: 0, activeBursts: 0, shakeMs: 0, reducedMotion: false,
  });
});
