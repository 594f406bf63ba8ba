// Own-player prediction: replay of unacknowledged inputs, corrections and their smoothing, bounded pending list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Predictor } from '../js/games/arena/prediction.js';
import { stepMovement } from '../js/games/arena/movement.js';
import { BUTTONS } from '../js/games/arena/protocol.js';

const rules = { simRateHz: 60, accel: 2400, maxSpeed: 320, friction: 8, playerRadius: 20 };
const map = { width: 3000, height: 3000, walls: [{ x: 1600, y: 1400, w: 50, h: 300 }] };
const { UP, RIGHT, DOWN, FIRE } = BUTTONS;
const buttonsAt = (seq) => [RIGHT, RIGHT | DOWN, UP, RIGHT | FIRE, 0][seq % 5];
const near = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

/** A predictor at (1500, 1500) that applied inputs 1..n, and the exact state after each of them. */
function played(n, options = {}) {
  const p = new Predictor({ rules, map, ...options });
  p.reset(1500, 1500);
  const history = [];
  const body = { x: 1500, y: 1500, vx: 0, vy: 0 };
  for (let seq = 1; seq <= n; seq++) {
    p.applyLocal({ seq, buttons: buttonsAt(seq) });
    history[seq] = { ...stepMovement(body, buttonsAt(seq), rules, map) };
  }
  return { p, history };
}

test('local inputs move the prediction exactly like the movement step', () => {
  const { p, history } = played(40);
  assert.deepEqual(p.state, history[40]);
  assert.equal(p.pending.length, 40);
  assert.ok(p.state.x > 1500);
});

test('when the server agrees, replaying the unacknowledged inputs reproduces the prediction', () => {
  const { p, history } = played(30);
  const predicted = { ...p.state };
  const s = history[12];
  const error = p.onServerState(12, s.x, s.y, s.vx, s.vy);
  assert.equal(error, 0);
  assert.deepEqual(p.state, predicted);
  assert.deepEqual(p.pending.map((i) => i.seq), Array.from({ length: 18 }, (_, i) => 13 + i));
  assert.deepEqual(p.offset, { x: 0, y: 0 });
  assert.equal(p.corrections, 0);
});

test('acknowledged inputs are dropped, older acknowledgements are ignored', () => {
  const { p, history } = played(20);
  p.onServerState(5, history[5].x, history[5].y, history[5].vx, history[5].vy);
  assert.equal(p.pending[0].seq, 6);
  p.onServerState(20, history[20].x, history[20].y, history[20].vx, history[20].vy);
  assert.equal(p.pending.length, 0);
  assert.deepEqual(p.state, history[20]);
  // a stale state (ack 10 after 20) changes nothing
  assert.equal(p.onServerState(10, 0, 0, 0, 0), 0);
  assert.deepEqual(p.state, history[20]);
  // with nothing pending the server state is taken as is
  p.onServerState(20, 1000, 1001, 5, 6);
  assert.deepEqual(p.state, { x: 1000, y: 1001, vx: 5, vy: 6 });
});

test('a server correction is applied to the state and smoothed on screen', () => {
  const { p, history } = played(30);
  const shown = p.displayPosition(1);
  const s = history[20];
  // the server saw us 6 units further left at input 20 (e.g. a shove we could not predict)
  const error = p.onServerState(20, s.x - 6, s.y, s.vx, s.vy);
  // the new prediction is the server state with inputs 21..30 replayed
  const expected = { x: s.x - 6, y: s.y, vx: s.vx, vy: s.vy };
  for (let seq = 21; seq <= 30; seq++) stepMovement(expected, buttonsAt(seq), rules, map);
  assert.deepEqual(p.state, expected);
  near(error, history[30].x - expected.x, 1e-9);
  assert.ok(error > 5 && error < 7, `error ${error}`);
  assert.equal(p.corrections, 1);
  // nothing jumps on screen at once...
  const now = p.displayPosition(1);
  near(now.x, shown.x);
  near(now.y, shown.y);
  // ...then the offset decays exponentially towards the corrected position
  p.update(50);
  const mid = p.displayPosition(1);
  assert.ok(mid.x < shown.x && mid.x > expected.x, `moving towards the correction: ${mid.x}`);
  near(p.offset.x, (history[30].x - expected.x) * Math.exp(-50 / (100 / 3)), 1e-9);
  p.update(500);
  assert.deepEqual(p.displayPosition(1), { x: expected.x, y: expected.y });
});

test('large corrections snap instead of sliding', () => {
  const { p } = played(10);
  const error = p.onServerState(10, 2800, 300, 0, 0); // respawned far away
  assert.ok(error > 100);
  assert.deepEqual(p.offset, { x: 0, y: 0 });
  assert.deepEqual(p.displayPosition(0.5), { x: 2800, y: 300 });
});

test('while inactive (dead, results) inputs are recorded but do not move the player', () => {
  const { p, history } = played(10);
  p.onServerState(10, history[10].x, history[10].y, 0, 0, { active: false });
  const at = { ...p.state };
  for (let seq = 11; seq <= 15; seq++) p.applyLocal({ seq, buttons: RIGHT });
  assert.deepEqual(p.state, at);
  assert.equal(p.pending.length, 5);
  // back alive at a spawn point: the pending inputs will move us there, so they are replayed
  p.onServerState(12, 200, 200, 0, 0, { active: true });
  const expected = { x: 200, y: 200, vx: 0, vy: 0 };
  for (let seq = 13; seq <= 15; seq++) stepMovement(expected, RIGHT, rules, map);
  assert.deepEqual(p.state, expected);
});

test('the pending list is bounded, oldest inputs dropped first', () => {
  const { p } = played(500, { maxPending: 64 });
  assert.equal(p.pending.length, 64);
  assert.equal(p.pending[0].seq, 437);
  assert.equal(p.pending[63].seq, 500);
});

test('display position interpolates between the last two local steps', () => {
  const { p, history } = played(3);
  const a = history[2];
  const b = history[3];
  const half = p.displayPosition(0.5);
  near(half.x, (a.x + b.x) / 2);
  near(half.y, (a.y + b.y) / 2);
  assert.deepEqual(p.displayPosition(1), { x: b.x, y: b.y });
  assert.deepEqual(p.position, { x: b.x, y: b.y });
});
