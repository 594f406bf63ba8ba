// Light cycles in the browser: the wire against the golden stream shared with Java (cycles.json), bad frames, the
// turn frames, the controls' turns, and a session over a fake stream.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex, toHex, FakeWebSocket, anything } from './support.mjs';
import { CyclesDecoder, encodeTurns, trailPoints } from '../js/games/cycles/wire.js';
import { turnsTo, CyclesControls } from '../js/games/cycles/input.js';
import { layout, headAt } from '../js/games/cycles/draw.js';
import { ProtocolError, OPCODES } from '../js/engine/wire.js';

const golden = fixture('cycles.json');

/** A decoded frame in the fixture's shape. */
function asFixture(f) {
  if (f.op !== 'SNAPSHOT') return f;
  return {
    op: f.op, tick: f.tick, full: f.full, ackSeq: f.ackSeq, phase: f.phase, phaseEndTick: f.phaseEndTick,
    cycles: f.cycles.map((c) => [c.id, c.x, c.y, c.dir, c.flags, c.startX, c.startY, c.corners]),
    events: f.events,
    roster: f.roster ? f.roster.players : null,
  };
}

test('cycles.json decodes in order to the stored values (the Java decoder checks the same file)', () => {
  const d = new CyclesDecoder();
  let deltas = 0;
  for (const [i, f] of golden.frames.entries()) {
    const frame = d.decode(fromHex(f.hex));
    assert.deepEqual(asFixture(frame), f.value, `frame ${i}`);
    if (frame.op === 'SNAPSHOT' && !frame.full) deltas++;
  }
  assert.ok(deltas > 40, `deltas: ${deltas}`);
});

test('a delta without a baseline and a truncated delta are refused; a failed delta drops the baseline', () => {
  const frames = golden.frames.map((f) => fromHex(f.hex));
  const d = new CyclesDecoder();
  d.decode(frames[0]); // WELCOME
  assert.throws(() => d.decode(frames[5]), (e) => e instanceof ProtocolError && /without a baseline/.test(e.message));
  d.decode(frames[1]);
  assert.ok(d.hasBaseline);
  // a delta cut short: refused, and the baseline is gone (the next delta is refused too)
  assert.throws(() => d.decode(frames[2].slice(0, frames[2].length - 1)), (e) => e instanceof ProtocolError && /truncated/.test(e.message));
  assert.equal(d.hasBaseline, false);
  assert.throws(() => d.decode(frames[2]), /without a baseline/);
  assert.throws(() => new CyclesDecoder().decode(frames[1]), /before WELCOME/);
  const truncated = frames[1].slice(0, 10);
  const e = new CyclesDecoder();
  e.decode(frames[0]);
  assert.throws(() => e.decode(truncated), /truncated/);
});

test('a WELCOME of another game is refused', () => {
  const w = fromHex(golden.frames[0].hex);
  const i = toHex(w).indexOf(toHex(new TextEncoder().encode('cycles')));
  const other = w.slice();
  other.set(new TextEncoder().encode('cyclez'), i / 2);
  assert.throws(() => new CyclesDecoder().decode(other), /another game: cyclez/);
});

test('turns go out as INPUT (one) or INPUTS (several) with one byte each', () => {
  assert.equal(toHex(encodeTurns(7, [-1])), '010000000701');
  assert.equal(toHex(encodeTurns(7, [1, 1])), '0400000007020202');
  assert.equal(encodeTurns(9, [0, -1, 1]).length, 6 + 3);
  assert.throws(() => encodeTurns(1, []), RangeError);
  assert.throws(() => encodeTurns(1, [1, 1, 1, 1, 1]), RangeError);
});

test('a direction key becomes the turns that lead there from where the cycle will head', () => {
  assert.deepEqual(turnsTo(0, 0), []);
  assert.deepEqual(turnsTo(0, 1), [1]);
  assert.deepEqual(turnsTo(0, 3), [-1]);
  assert.deepEqual(turnsTo(0, 2), [1, 1]);
  assert.deepEqual(turnsTo(3, 0), [1]);
});

test('the track fits the canvas whole, and a head moves on along its direction between snapshots', () => {
  assert.deepEqual(layout(960, 640, 96, 64), { cell: 10, ox: 0, oy: 0 });
  assert.deepEqual(layout(1000, 500, 96, 64), { cell: 7, ox: 164, oy: 26 });
  const c = { x: 10, y: 5, dir: 1, flags: 5, startX: 10, startY: 1, corners: [] };
  assert.deepEqual(headAt(c, 0.5, true), [10, 5.5]);
  assert.deepEqual(headAt(c, 0.5, false), [10, 5]);
  assert.deepEqual(headAt({ ...c, flags: 4 }, 0.5, true), [10, 5], 'a crashed cycle stands');
  assert.deepEqual(trailPoints({ ...c, corners: [[10, 3]] }), [[10, 1], [10, 3], [10, 5]]);
});

/** What a session needs of a browser page, faked for node. */
function browserGlobals() {
  globalThis.WebSocket = FakeWebSocket;
  globalThis.requestAnimationFrame = () => 1;
  globalThis.cancelAnimationFrame = () => {};
  globalThis.localStorage = { getItem: () => null, setItem: () => {} };
  globalThis.window ??= { addEventListener() {}, removeEventListener() {} };
}

test('a session plays the golden stream: welcome, snapshots, a turn sent at once, the results', async () => {
  browserGlobals();
  const { CyclesSession } = await import('../js/games/cycles/session.js');
  const notices = [];
  const hud = new Proxy({}, { get: (t, k) => (k === 'addNotice' || k === 'addKill' ? (...a) => notices.push(a) : () => {}) });
  const canvas = { getContext: () => anything(), clientWidth: 960, clientHeight: 640, width: 0, height: 0, setAttribute() {}, addEventListener() {}, removeEventListener() {} };
  let ended = null;
  const s = new CyclesSession({ room: { id: 'c1', name: 'Cycles', game: 'cycles' }, canvas, hud, onDrop: () => {}, onEnd: (i) => { ended = i; } });
  const started = s.start('ws://x/ws/game/c1?ticket=t');
  await new Promise((r) => setTimeout(r, 0));
  const ws = FakeWebSocket.all.at(-1);
  assert.equal(ws.sent[0][0], OPCODES.PING, 'the client speaks first');
  for (const f of golden.frames) ws.receive(fromHex(f.hex));
  await started;
  assert.equal(s.selfId, 1);
  assert.equal(s.snapshotsReceived, golden.frames.length - 1);
  assert.ok(notices.some(([text]) => /crashed/.test(text)), 'the crash is in the feed');
  s.frame(1000); // draws without throwing
  const before = ws.sent.length;
  s.turn([-1]);
  assert.equal(ws.sent.length, before + 1);
  assert.equal(ws.sent.at(-1)[0], OPCODES.INPUT);
  assert.ok(s.debugState().cycles.length === 2);
  s.leave();
  assert.deepEqual(ended, { left: true });
});

test('a spectator\'s turn keys and taps watch the previous or next rider (FOLLOW), and send no input', async () => {
  browserGlobals();
  const { CyclesSession } = await import('../js/games/cycles/session.js');
  const hud = new Proxy({}, { get: () => () => {} });
  const canvas = { getContext: () => anything(), clientWidth: 960, clientHeight: 640, width: 0, height: 0, setAttribute() {}, addEventListener() {}, removeEventListener() {} };
  const s = new CyclesSession({ room: { id: 'c1', name: 'Cycles', game: 'cycles' }, canvas, hud, onDrop: () => {}, onEnd: () => {}, spectator: true });
  const started = s.start('ws://x/ws/game/c1?watch');
  await new Promise((r) => setTimeout(r, 0));
  const ws = FakeWebSocket.all.at(-1);
  const w = fromHex(golden.frames[0].hex);
  w[3] = 0; // self id 0: a spectator's WELCOME
  w[2] = 0;
  ws.receive(w);
  await started;
  const before = ws.sent.length;
  s.turn([1]);
  s.turn([-1]);
  assert.deepEqual(ws.sent.slice(before).map((f) => [...f]), [[OPCODES.FOLLOW, 1], [OPCODES.FOLLOW, 0xff]]);
  s.leave();
});

test('a finger coming down turns at once: left half left, right half right; not the mouse, not while typing', () => {
  globalThis.window ??= { addEventListener() {}, removeEventListener() {} };
  const listeners = new Map();
  const surface = {
    getBoundingClientRect: () => ({ left: 100, top: 0, width: 400, height: 300 }),
    addEventListener: (type, fn) => listeners.set(type, fn),
    removeEventListener: (type) => listeners.delete(type),
  };
  const turns = [];
  const c = new CyclesControls(surface, { onTurns: (t) => turns.push(t), heading: () => 0 });
  c.attach();
  const down = (clientX, pointerType = 'touch', pointerId = 1) =>
    listeners.get('pointerdown')({ pointerId, clientX, clientY: 10, pointerType });
  down(150);
  down(350, 'touch', 2);
  down(299, 'pen', 3);
  assert.deepEqual(turns, [[-1], [1], [-1]], 'before the finger lifts');
  down(150, 'mouse');
  c.setSuspended(true);
  down(150);
  c.setSuspended(false);
  assert.equal(turns.length, 3);
  c.detach();
  assert.equal(listeners.has('pointerdown'), false);
});
