// The SDK's prediction scaffold (engine/prediction.js) with a toy game: the bounded input ring and its drop-oldest
// policy, replay of only the inputs after the ack, stale acks, the inactive case, and the decaying correction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputRing, Prediction } from '../js/engine/prediction.js';

const near = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

/**
 * A toy game: the input is a velocity, a step moves x by input * dt and counts the steps in n; every call is logged.
 * It updates the state in place (allowed: the scaffold hands it its own copy).
 */
function toy(options = {}) {
  const calls = [];
  const step = (s, input, dt) => {
    calls.push(input);
    s.x += input * dt;
    s.n += 1;
    return s;
  };
  const p = new Prediction({ step, state: { x: 0, n: 0, name: 'me' }, dt: 0.5, fields: ['x'], ...options });
  return { p, calls };
}

test('InputRing: oldest first, bounded, drops and counts the oldest when full', () => {
  const r = new InputRing(3);
  assert.equal(r.push({ seq: 1 }), null);
  r.push({ seq: 2 });
  r.push({ seq: 3 });
  assert.equal(r.dropped, 0);
  assert.deepEqual(r.push({ seq: 4 }), { seq: 1 }, 'the oldest makes room');
  assert.deepEqual(r.push({ seq: 5 }), { seq: 2 });
  assert.equal(r.dropped, 2);
  assert.equal(r.length, 3);
  assert.deepEqual(r.toArray().map((e) => e.seq), [3, 4, 5], 'in order across the wrap');
  assert.equal(r.at(0).seq, 3);
  assert.equal(r.at(2).seq, 5);
  assert.equal(r.at(3), undefined);
  assert.equal(r.at(-1), undefined);
  assert.equal(r.dropThrough(4), 2);
  assert.deepEqual(r.toArray().map((e) => e.seq), [5]);
  assert.equal(r.dropThrough(4), 0, 'nothing older left');
  r.push({ seq: 6 });
  r.push({ seq: 7 });
  r.push({ seq: 8 });
  assert.deepEqual([...r].map((e) => e.seq), [6, 7, 8]);
  r.clear();
  assert.equal(r.length, 0);
  assert.deepEqual(r.toArray(), []);
  assert.equal(new InputRing(0).capacity, 1, 'at least one entry');
});

test('apply: each input moves the prediction at once and stays pending with its sequence number and dt', () => {
  const { p, calls } = toy();
  p.apply(1, 2);
  p.apply(2, 4, 0.25);
  assert.deepEqual(p.state, { x: 2, n: 2, name: 'me' });
  assert.deepEqual(p.pending, [{ seq: 1, input: 2, dt: 0.5 }, { seq: 2, input: 4, dt: 0.25 }]);
  assert.deepEqual(calls, [2, 4]);
});

test('reconcile replays only the inputs after the ack, on a copy of the server state', () => {
  const { p, calls } = toy();
  for (let seq = 1; seq <= 6; seq++) p.apply(seq, seq);
  calls.length = 0;
  const server = { x: 100, n: 40, name: 'me' };
  p.reconcile(4, server);
  assert.deepEqual(calls, [5, 6], 'inputs 1..4 are in the server state already');
  assert.deepEqual(p.state, { x: 100 + 5 * 0.5 + 6 * 0.5, n: 42, name: 'me' });
  assert.deepEqual(server, { x: 100, n: 40, name: 'me' }, 'the server\'s object is not stepped in place');
  assert.deepEqual(p.pending.map((e) => e.seq), [5, 6]);
  assert.equal(p.lastAck, 4);
  // everything acknowledged: the server state as it is
  calls.length = 0;
  p.reconcile(6, { x: 7, n: 1, name: 'me' });
  assert.deepEqual(calls, []);
  assert.deepEqual(p.state, { x: 7, n: 1, name: 'me' });
  assert.equal(p.pending.length, 0);
});

test('a stale ack changes nothing and returns 0', () => {
  const { p } = toy();
  for (let seq = 1; seq <= 5; seq++) p.apply(seq, 1);
  p.reconcile(4, { x: 2, n: 4, name: 'me' });
  const before = structuredClone(p.state);
  assert.equal(p.reconcile(3, { x: 999, n: 0, name: 'me' }), 0);
  assert.deepEqual(p.state, before);
  assert.equal(p.lastAck, 4);
  assert.deepEqual(p.pending.map((e) => e.seq), [5]);
});

test('a full ring drops the oldest input and counts it; a reconciliation replays only what was kept', () => {
  const { p, calls } = toy({ maxPending: 4 });
  for (let seq = 1; seq <= 6; seq++) assert.equal(p.apply(seq, seq)?.seq ?? null, seq > 4 ? seq - 4 : null);
  assert.deepEqual(p.pending.map((e) => e.seq), [3, 4, 5, 6]);
  assert.equal(p.dropped, 2);
  calls.length = 0;
  p.reconcile(1, { x: 0, n: 0, name: 'me' }); // the server has only input 1: input 2 is lost to the client
  assert.deepEqual(calls, [3, 4, 5, 6]);
  assert.equal(p.state.n, 4);
});

test('the correction is carried by an offset that decays to zero; what is drawn does not jump', () => {
  const { p } = toy({ smoothingMs: 90 });
  for (let seq = 1; seq <= 4; seq++) p.apply(seq, 2); // x = 4
  const shown = p.display(1);
  const shownBefore = p.display(0);
  assert.deepEqual([shownBefore, shown], [{ x: 3 }, { x: 4 }]);
  const error = p.reconcile(2, { x: 1, n: 2, name: 'me' }); // the server: 1 + 2 replays of 1 = 3, not 4
  assert.equal(error, 1);
  assert.equal(p.state.x, 3);
  assert.equal(p.corrections, 1);
  assert.equal(p.lastError, 1);
  assert.deepEqual(p.offset, { x: 1 });
  assert.deepEqual(p.display(1), shown, 'no jump');
  assert.deepEqual(p.display(0), shownBefore, 'the previous step is shifted by the correction too');
  p.update(30); // one time constant (90 / 3)
  near(p.offset.x, Math.exp(-1));
  near(p.display(1).x, 3 + Math.exp(-1));
  let last = p.offset.x;
  for (let i = 0; i < 20; i++) {
    p.update(16);
    assert.ok(p.offset.x < last || p.offset.x === 0, 'decays');
    last = p.offset.x;
  }
  assert.equal(p.offset.x, 0, 'exactly zero once under epsilon');
  assert.deepEqual(p.display(1), { x: 3 });
  p.update(0);
  p.update(-5);
  p.update(NaN);
  assert.equal(p.offset.x, 0);
});

test('snapDistance: a long correction is shown at once; smoothingMs 0 never smooths', () => {
  const { p } = toy({ snapDistance: 10 });
  p.apply(1, 2);
  p.reconcile(1, { x: 50, n: 1, name: 'me' });
  assert.deepEqual(p.offset, { x: 0 });
  assert.deepEqual(p.display(0), { x: 50 });
  const { p: q } = toy({ smoothingMs: 0 });
  q.apply(1, 2);
  q.reconcile(1, { x: 3, n: 1, name: 'me' });
  assert.deepEqual(q.offset, { x: 0 });
  assert.deepEqual(q.display(0.5), { x: 3 });
});

test('noise: small corrections move the state but are not counted', () => {
  const { p } = toy({ noise: 0.25 });
  p.apply(1, 0);
  assert.equal(p.reconcile(1, { x: 0.2, n: 1, name: 'me' }), 0.2);
  assert.equal(p.corrections, 0);
  p.reconcile(1, { x: 0.6, n: 1, name: 'me' });
  assert.equal(p.corrections, 1);
});

test('while inactive inputs are kept but neither applied nor replayed; active comes back with a server state', () => {
  const { p, calls } = toy();
  p.reconcile(0, { x: 10, n: 0, name: 'me' }, { active: false });
  p.apply(1, 4);
  p.apply(2, 4);
  assert.equal(p.state.x, 10);
  assert.deepEqual(calls, []);
  p.reconcile(1, { x: 20, n: 0, name: 'me' });
  assert.equal(p.active, false, 'kept');
  assert.equal(p.state.x, 20);
  assert.deepEqual(calls, []);
  p.reconcile(1, { x: 20, n: 0, name: 'me' }, { active: true });
  assert.deepEqual(calls, [4]);
  assert.equal(p.state.x, 22);
});

test('display interpolates between the last two local steps; reset places without smoothing', () => {
  const { p } = toy();
  p.apply(1, 2); // x 0 -> 1
  p.apply(2, 4); // x 1 -> 3
  assert.deepEqual(p.display(0), { x: 1 });
  assert.deepEqual(p.display(0.5), { x: 2 });
  assert.deepEqual(p.display(7), { x: 3 }, 'alpha is clamped');
  p.reconcile(0, { x: 5, n: 0, name: 'me' });
  assert.notDeepEqual(p.offset, { x: 0 });
  p.reset({ x: 40, n: 0, name: 'me' });
  assert.deepEqual(p.offset, { x: 0 });
  assert.deepEqual(p.display(0), { x: 40 });
  assert.equal(p.pending.length, 2, 'pending inputs stay');
});

test('a pure step, the default fields (every number), and a game\'s own distance and blend', () => {
  const step = (s, input) => ({ x: s.x + input.dx, y: s.y + input.dy, tag: s.tag });
  const p = new Prediction({ step, state: { x: 0, y: 0, tag: 'a' } });
  assert.deepEqual(p.fields, ['x', 'y']);
  p.apply(1, { dx: 3, dy: 4 });
  assert.equal(p.reconcile(0, { x: 0, y: 0, tag: 'a' }), 0, 'replayed: nothing changed');
  assert.equal(p.reconcile(1, { x: 0, y: 0, tag: 'a' }), 5, 'Euclidean by default');
  const manhattan = (a, b) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
  const q = new Prediction({ step, state: { x: 0, y: 0 }, distance: manhattan, blend: (a, b) => ({ ...b }) });
  q.apply(1, { dx: 3, dy: 4 });
  assert.equal(q.reconcile(1, { x: 0, y: 0 }), 7);
  q.apply(2, { dx: 1, dy: 1 });
  assert.deepEqual(q.display(0), { x: 1 + 3, y: 1 + 4 }, 'the blend (always the latest) plus the offset');
  assert.throws(() => new Prediction({ state: { x: 0 } }), TypeError);
});
