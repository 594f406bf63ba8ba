// Snapshot buffer: interpolation between snapshots, angles, appear/disappear, bounds, the server clock, the
// adaptive interpolation delay and the capped extrapolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotBuffer, lerpAngle } from '../js/engine/interpolation.js';
import { FLAGS, KINDS } from '../js/games/arena/protocol.js';

const ALIVE = FLAGS.ALIVE;
/** The arena's rule of one life (the SDK's buffer takes it as an option). */
const sameLife = (a, b) => ((a.flags ^ b.flags) & ALIVE) === 0;
const newBuffer = (o = {}) => new SnapshotBuffer({ sameLife, ...o });
const player = (id, x, y, angle = 0, flags = ALIVE) => ({ id, kind: KINDS.PLAYER, x, y, angle, health: 100, flags });
const snap = (tick, ...entities) => ({ tick, entities });
const near = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);
const byId = (list) => new Map(list.map((e) => [e.id, e]));

test('midpoint interpolation between the two snapshots around the render tick', () => {
  const buf = newBuffer();
  buf.push(snap(100, player(1, 10, 20), player(2, 500, 500)), 0);
  buf.push(snap(102, player(1, 14, 16), player(2, 500, 520)), 33);
  buf.push(snap(104, player(1, 30, 16), player(2, 500, 520)), 66);
  const mid = byId(buf.sample(101));
  near(mid.get(1).x, 12);
  near(mid.get(1).y, 18);
  near(mid.get(2).y, 510);
  const quarter = byId(buf.sample(102.5));
  near(quarter.get(1).x, 18);
  assert.equal(quarter.get(1).health, 100);
  // exactly on a snapshot, and before the buffered range: the snapshot itself
  assert.equal(byId(buf.sample(102)).get(1).x, 14);
  assert.equal(byId(buf.sample(90)).get(1).x, 10);
  // far after the newest: extrapolated for 100 ms (6 ticks) at 8 units per tick, then held
  assert.equal(byId(buf.sample(200)).get(1).x, 30 + 6 * 8);
  assert.equal(byId(buf.sample(200)).get(2).y, 520);
  // the buffer's entities are not changed by sampling
  assert.equal(buf.snapshots[0].entities[0].x, 10);
});

test('angles take the short way round', () => {
  near(lerpAngle(0.1, 2 * Math.PI - 0.1, 0.5), 0);
  near(lerpAngle(2 * Math.PI - 0.1, 0.3, 0.5), 0.1);
  near(lerpAngle(Math.PI / 2, Math.PI, 0.5), 3 * Math.PI / 4);
  near(lerpAngle(0.2, 2 * Math.PI - 0.2, 0.75), 2 * Math.PI - 0.1);
  const buf = newBuffer();
  buf.push(snap(10, player(1, 0, 0, 6.0)), 0);
  buf.push(snap(12, player(1, 0, 0, 0.4)), 33);
  const a = buf.sample(11)[0].angle;
  near(a, (6.0 + (0.4 + 2 * Math.PI - 6.0) / 2) % (2 * Math.PI));
  assert.ok(a >= 0 && a < 2 * Math.PI);
});

test('entities that appear or disappear', () => {
  const buf = newBuffer();
  buf.push(snap(10, player(1, 0, 0), player(2, 100, 100)), 0);
  buf.push(snap(12, player(1, 10, 0), { id: 1024, kind: KINDS.PROJECTILE, x: 5, y: 5, angle: 0, health: 0, flags: ALIVE }), 33);
  buf.push(snap(14, player(1, 20, 0), player(2, 200, 200)), 66);
  // between 10 and 12: 2 is still shown where it was, the projectile is not there yet
  let s = byId(buf.sample(11));
  assert.deepEqual([...s.keys()].sort((x, y) => x - y), [1, 2]);
  assert.equal(s.get(2).x, 100);
  // from 12 on: 2 is gone, the projectile is shown (held, it has no successor)
  s = byId(buf.sample(13));
  assert.deepEqual([...s.keys()].sort((x, y) => x - y), [1, 1024]);
  near(s.get(1).x, 15);
  assert.equal(s.get(1024).x, 5);
  // 2 comes back in 14
  assert.deepEqual(buf.sample(14).map((e) => e.id).sort((x, y) => x - y), [1, 2]);
});

test('teleports and deaths are not interpolated', () => {
  const buf = newBuffer();
  buf.push(snap(10, player(1, 100, 100), player(2, 50, 50, 0, 0)), 0);
  buf.push(snap(12, player(1, 2500, 2500), player(2, 60, 60, 0, ALIVE)), 33);
  const s = byId(buf.sample(11));
  assert.equal(s.get(1).x, 100, 'respawn across the map is a jump, not a slide');
  assert.equal(s.get(2).x, 50, 'alive flag changed: no interpolation');
});

test('the buffer keeps at most capacity snapshots, in tick order', () => {
  const buf = newBuffer({ capacity: 32 });
  for (let t = 0; t < 100; t++) buf.push(snap(t * 2, player(1, t, 0)), t * 33);
  assert.equal(buf.size, 32);
  assert.equal(buf.oldestTick, 136);
  assert.equal(buf.newestTick, 198);
  assert.equal(buf.sample(0)[0].x, 68, 'before the oldest kept snapshot: the oldest');
  // late and duplicate snapshots are put in place, not appended
  buf.push(snap(197, player(1, -1, 0)), 3400);
  buf.push(snap(198, player(1, 99.5, 0)), 3401);
  assert.equal(buf.size, 32);
  assert.deepEqual(buf.snapshots.slice(-3).map((e) => e.tick), [196, 197, 198]);
  assert.equal(buf.sample(198)[0].x, 99.5);
  assert.throws(() => newBuffer({ capacity: 1 }), RangeError);
});

test('server tick estimate and render tick two snapshot intervals behind', () => {
  const buf = newBuffer({ simRateHz: 60, snapshotRateHz: 30 });
  assert.equal(buf.renderTick(0), null);
  assert.deepEqual(buf.sample(null), []);
  buf.push(snap(600, player(1, 0, 0)), 1000);
  near(buf.estimateServerTick(1000), 600);
  near(buf.estimateServerTick(1500), 630); // 500 ms at 60 Hz
  near(buf.renderTick(1500), 626); // 2 intervals of 2 ticks behind
  // steady arrivals keep the estimate; one late arrival moves it only a little
  for (let i = 1; i <= 30; i++) buf.push(snap(600 + 2 * i, player(1, 0, 0)), 1000 + i * 100 / 3);
  near(buf.estimateServerTick(2000), 660, 1e-6);
  buf.push(snap(662, player(1, 0, 0)), 2000 + 100 / 3 + 50); // 3 ticks late
  const est = buf.estimateServerTick(2100);
  assert.ok(est < 666 && est > 665.5, `smoothed estimate ${est}`);
  // a jump far beyond the smoothing range resynchronises at once
  buf.push(snap(5000, player(1, 0, 0)), 3000);
  near(buf.estimateServerTick(3000), 5000);
});

test('at 60 snapshots/s the delay is 2 ticks', () => {
  const buf = newBuffer({ simRateHz: 60, snapshotRateHz: 60 });
  buf.push(snap(10, player(1, 0, 0)), 0);
  near(buf.renderTick(0), 8);
});

test('jittery arrivals still give smooth, forward-only motion', () => {
  const buf = newBuffer({ simRateHz: 60, snapshotRateHz: 30 });
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  // an entity moving 0.3125 units per tick, snapshots every 2 ticks arriving 0..40 ms late
  const arrivals = [];
  for (let k = 0; k < 300; k++) arrivals.push({ tick: 2 * k, at: 100 + (2 * k) * 1000 / 60 + random() * 40 });
  arrivals.sort((a, b) => a.at - b.at);
  let next = 0;
  let last = null;
  const speeds = [];
  for (let t = 0; t < 300 * 2 * 1000 / 60; t += 1000 / 144) {
    while (next < arrivals.length && arrivals[next].at <= t) {
      const a = arrivals[next++];
      buf.push(snap(a.tick, player(1, a.tick * 0.3125, 0)), a.at);
    }
    if (t < 1500) continue;
    const x = buf.sample(buf.renderTick(t))[0].x;
    if (last !== null) speeds.push((x - last) / (1 / 144));
    last = x;
  }
  const expected = 0.3125 * 60;
  const min = Math.min(...speeds);
  const max = Math.max(...speeds);
  assert.ok(min > expected * 0.85 && max < expected * 1.15, `speed between ${min} and ${max}, expected ${expected}`);
});

test('extrapolation beyond the newest snapshot: motion of the last two, capped, then holding still', () => {
  const buf = newBuffer({ simRateHz: 60, snapshotRateHz: 30, extrapolateMs: 100 });
  assert.equal(buf.extrapolateTicks, 6);
  buf.push(snap(10, player(1, 100, 100, 1), player(2, 50, 50), player(3, 0, 0, 0, 0)), 0);
  // only one snapshot: nothing to extrapolate with
  assert.equal(byId(buf.sample(13)).get(1).x, 100);
  buf.push(snap(12, player(1, 104, 98, 2), player(2, 2000, 50), player(3, 10, 0, 0, ALIVE),
    player(4, 7, 7)), 33);
  const at = (tick) => byId(buf.sample(tick));
  near(at(13).get(1).x, 106);
  near(at(13).get(1).y, 97);
  assert.equal(at(13).get(1).angle, 2, 'angles are not extrapolated');
  near(at(15).get(1).x, 110);
  near(at(18).get(1).x, 116, 1e-9); // the cap: 6 ticks
  for (const tick of [18.5, 20, 100, 1e6]) near(at(tick).get(1).x, 116, 1e-9);
  assert.equal(at(16).get(2).x, 2000, 'a teleport is not extrapolated');
  assert.equal(at(16).get(3).x, 10, 'an entity that just came to life is not extrapolated');
  assert.equal(at(16).get(4).x, 7, 'a new entity holds still');
  // the tick that is really shown, for the input's view time
  assert.equal(buf.shownTick(15), 15);
  assert.equal(buf.shownTick(100), 18);
  assert.equal(buf.shownTick(null), null);
  // the next snapshot takes over where the extrapolation was (steady motion: no jump)
  buf.push(snap(14, player(1, 108, 96, 2)), 66);
  near(at(13.5).get(1).x, 107);
});

/** Feeds a buffer snapshots every 2 ticks, arriving lateMs(k) late (in order, as over TCP), rendering at 60 fps. */
function run(buf, { fromTick, seconds, lateMs, startMs }) {
  const snaps = [];
  let prevAt = -Infinity;
  const count = Math.round(seconds * 30);
  for (let k = 0; k < count; k++) {
    const tick = fromTick + 2 * k;
    const at = Math.max(prevAt, startMs + k * 100 / 3 + lateMs(k));
    prevAt = at;
    snaps.push({ tick, at });
  }
  const frames = [];
  let next = 0;
  const endMs = startMs + seconds * 1000;
  for (let t = startMs; t < endMs; t += 1000 / 60) {
    while (next < snaps.length && snaps[next].at <= t) {
      buf.push(snap(snaps[next].tick, player(1, snaps[next].tick, 0)), snaps[next].at);
      next++;
    }
    frames.push({ t, renderTick: buf.renderTick(t), delayTicks: buf.delayTicks });
  }
  return { frames, nextTick: fromTick + 2 * count, endMs };
}

test('the interpolation delay grows under jitter and shrinks back when arrivals are regular', () => {
  const buf = newBuffer({ simRateHz: 60, snapshotRateHz: 30 });
  near(buf.delayMs, 2000 / 30); // two intervals before anything is measured
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const regular1 = run(buf, { fromTick: 1000, seconds: 10, lateMs: () => 0, startMs: 0 });
  assert.ok(buf.delayMs < 36, `regular arrivals: about one interval, was ${buf.delayMs} ms`);
  assert.ok(buf.delayMs >= 1000 / 30 - 1e-9, 'never below one interval');
  const jittery = run(buf, { fromTick: regular1.nextTick, seconds: 10, lateMs: () => rnd() * 80, startMs: regular1.endMs });
  assert.ok(buf.delayMs > 100, `jittery arrivals (0..80 ms late): a longer delay, was ${buf.delayMs} ms`);
  assert.ok(buf.delayMs <= 8000 / 30 + 1e-9, 'never above eight intervals');
  assert.ok(buf.jitterMs > 15, `jitter estimate ${buf.jitterMs}`);
  const regular2 = run(buf, { fromTick: jittery.nextTick, seconds: 20, lateMs: () => 0, startMs: jittery.endMs });
  assert.ok(buf.delayMs < 40, `regular again: back to about one interval, was ${buf.delayMs} ms`);
  // the delay changes gradually and the render time only moves forward
  const frames = [...regular1.frames, ...jittery.frames, ...regular2.frames].filter((f) => f.renderTick !== null);
  for (let i = 1; i < frames.length; i++) {
    const dtTicks = (frames[i].t - frames[i - 1].t) * 60 / 1000;
    const change = Math.abs(frames[i].delayTicks - frames[i - 1].delayTicks);
    assert.ok(change <= dtTicks * buf.delayRate + 1e-9, `delay jumped by ${change} ticks`);
    assert.ok(frames[i].renderTick > frames[i - 1].renderTick, 'render time goes forward');
  }
});

test('the delay stays within its bounds whatever the arrivals', () => {
  const buf = newBuffer({ simRateHz: 60, snapshotRateHz: 30, minDelaySnapshots: 1.5, maxDelaySnapshots: 4 });
  run(buf, { fromTick: 0, seconds: 5, lateMs: (k) => (k % 10 === 0 ? 250 : 0), startMs: 0 });
  assert.ok(buf.delayTicks <= 8 + 1e-9 && buf.targetDelayTicks <= 8 + 1e-9);
  const calm = newBuffer({ simRateHz: 60, snapshotRateHz: 30, minDelaySnapshots: 1.5 });
  run(calm, { fromTick: 0, seconds: 10, lateMs: () => 0, startMs: 0 });
  near(calm.delayTicks, 3, 1e-6);
  assert.throws(() => newBuffer({ minDelaySnapshots: 3, maxDelaySnapshots: 2 }), RangeError);
});
