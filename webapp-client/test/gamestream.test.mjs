// A game session's stream (gamestream.js): an open fails on a close or silence before the WELCOME, a welcomed
// stream that closes is a drop, a reopen resumes, pings start with the WELCOME, and the end closes and fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex, anything, FakeWebSocket } from './support.mjs';
import { OPCODES } from '../js/games/arena/protocol.js';

const welcome = fromHex(fixture('golden.json').frames.find((f) => f.name === 'welcome').hex);
const pong = fromHex(fixture('golden.json').frames.find((f) => f.name === 'pong').hex);

/** Records the close code and reason (the browser's WebSocket takes them, the shared stand-in ignores them). */
class ClosingSocket extends FakeWebSocket {
  close(code, reason) {
    this.closed = { code, reason };
    super.close();
  }
}

globalThis.window = {
  innerWidth: 1280, innerHeight: 800, devicePixelRatio: 1, addEventListener() {}, removeEventListener() {},
};
globalThis.WebSocket = ClosingSocket;
globalThis.requestAnimationFrame = () => 1;
globalThis.cancelAnimationFrame = () => {};
const { GameSession } = await import('../js/games/arena/game.js');
const { netsimProfileOf } = await import('../js/engine/stream.js');

function newSession() {
  const drops = [];
  const ends = [];
  const hud = new Proxy({}, { get: () => () => {} });
  const canvas = { getContext: () => anything(), addEventListener() {}, removeEventListener() {}, width: 0, height: 0 };
  const session = new GameSession({
    room: { id: 'r1', name: 'Room' }, canvas, hud, onDrop: (info) => drops.push(info), onEnd: (info) => ends.push(info),
  });
  return { session, drops, ends };
}

/** Runs fn with setTimeout and setInterval recorded instead of scheduled; returns the recorded callbacks. */
function withTimers(fn) {
  const saved = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval };
  const timers = [];
  globalThis.setTimeout = (cb, ms) => { timers.push({ cb, ms, kind: 'timeout' }); return timers.length; };
  globalThis.setInterval = (cb, ms) => { timers.push({ cb, ms, kind: 'interval' }); return timers.length; };
  try {
    fn();
  } finally {
    Object.assign(globalThis, saved);
  }
  return timers;
}

const pings = (ws) => ws.sent.filter((b) => b[0] === OPCODES.PING).length;

test('a close before the WELCOME fails the open; after it, a close is a drop and reopen brings the stream back', async () => {
  const { session, drops, ends } = newSession();
  const started = session.start('ws://h/ws/game/r1?ticket=a');
  const first = ClosingSocket.all.at(-1);
  first.onclose({ code: 4000, reason: 'bad ticket' });
  await assert.rejects(started, (info) => info.code === 4000 && info.reason === 'bad ticket' && typeof info.message === 'string');
  assert.deepEqual(drops, [], 'a stream that never welcomed is no drop');

  const again = session.reopen('ws://h/ws/game/r1?ticket=b');
  const second = ClosingSocket.all.at(-1);
  await Promise.resolve();
  assert.equal(second.sent[0][0], OPCODES.PING, 'the client speaks first');
  second.receive(welcome);
  assert.deepEqual(await again, { resumed: false });
  second.onclose({ code: 1006, reason: '' });
  assert.equal(drops.length, 1);
  assert.equal(drops[0].code, 1006);
  assert.equal(session.ws, null);

  const third = session.reopen('ws://h/ws/game/r1?ticket=c');
  const ws = ClosingSocket.all.at(-1);
  ws.receive(welcome);
  assert.deepEqual(await third, { resumed: true }, 'a later WELCOME resumes the session');
  assert.deepEqual(ends, []);
  session.end({ left: true });
});

test('a reopen closes the current stream quietly; frames of the old stream are ignored', async () => {
  const { session, drops, ends } = newSession();
  const started = session.start('ws://h/ws/game/r1?ticket=a');
  const old = ClosingSocket.all.at(-1);
  old.receive(welcome);
  await started;
  const reopened = session.reopen('ws://h/ws/game/r1?ticket=b');
  assert.deepEqual(old.closed, { code: 1000, reason: 'client closing' });
  old.receive(Uint8Array.of(0x7f)); // a bad frame would end the session, were it read
  old.onclose({ code: 1006, reason: '' });
  assert.deepEqual(ends, []);
  const ws = ClosingSocket.all.at(-1);
  ws.receive(welcome);
  await reopened;
  assert.deepEqual(drops, []);
  session.end({ left: true });
});

test('no WELCOME in time: the stream is dropped and the open fails; the WELCOME starts the pings', async () => {
  const { session } = newSession();
  let started;
  const timers = withTimers(() => { started = session.start('ws://h/ws/game/r1?ticket=a'); });
  const ws = ClosingSocket.all.at(-1);
  const timeout = timers.find((t) => t.kind === 'timeout');
  assert.equal(timeout.ms, 10000);
  timeout.cb();
  await assert.rejects(started, { code: null, message: 'The game server did not answer in time.' });
  assert.deepEqual(ws.closed, { code: 1000, reason: 'client closing' });

  let reopened;
  const more = withTimers(() => { reopened = session.reopen('ws://h/ws/game/r1?ticket=b'); });
  const next = ClosingSocket.all.at(-1);
  await Promise.resolve();
  assert.equal(pings(next), 1, 'the client speaks first');
  const intervals = withTimers(() => next.receive(welcome));
  await reopened;
  assert.equal(pings(next), 2, 'a ping with the WELCOME');
  const ping = intervals.find((t) => t.kind === 'interval');
  assert.equal(ping.ms, 1000);
  ping.cb();
  assert.equal(pings(next), 3, 'then one a second');
  more.find((t) => t.kind === 'timeout').cb(); // the welcome timeout of this stream comes too late: nothing happens
  assert.equal(session.ws.socket, next, 'the stream stays');
  session.end({ left: true });
});

test('a welcomed stream silent for 1.5 s (a network lost without a close) is dropped and reported to resume', async () => {
  const { session, drops } = newSession();
  const realNow = Date.now;
  let now = 1_000_000;
  Date.now = () => now;
  try {
    let started;
    withTimers(() => { started = session.start('ws://h/ws/game/r1?ticket=a'); });
    const ws = ClosingSocket.all.at(-1);
    const timers = withTimers(() => ws.receive(welcome));
    await started;
    const check = timers.filter((t) => t.kind === 'interval').find((t) => t.ms === 250);
    assert.ok(check, 'a stall check four times a second once welcomed');
    now += 1400;
    check.cb();
    assert.deepEqual(drops, [], 'quiet for 1.4 s: not yet');
    ws.receive(pong); // anything that comes (a snapshot, a pong) counts
    now += 1400;
    check.cb();
    assert.deepEqual(drops, [], 'heard 1.4 s ago');
    now += 200;
    check.cb();
    assert.equal(drops.length, 1, 'silent for 1.6 s: dropped');
    assert.equal(drops[0].stalled, true);
    assert.match(drops[0].message, /reconnecting/);
    assert.deepEqual(ws.closed, { code: 1000, reason: 'stalled' });
    check.cb();
    assert.equal(drops.length, 1, 'reported once');
  } finally {
    Date.now = realNow;
    session.end({ left: true });
  }
});

test('the end closes the stream (reason leave when the player left), fails an open in progress, and reports once', async () => {
  const { session, ends } = newSession();
  const started = session.start('ws://h/ws/game/r1?ticket=a');
  const ws = ClosingSocket.all.at(-1);
  session.leave();
  await assert.rejects(started, { ended: true });
  assert.deepEqual(ws.closed, { code: 1000, reason: 'leave' });
  assert.deepEqual(ends, [{ left: true }]);
  session.end({ message: 'again' });
  assert.equal(ends.length, 1, 'onEnd once');
  await assert.rejects(session.reopen('ws://h/x'), { message: 'The session has ended.' });

  const other = newSession();
  const begun = other.session.start('ws://h/ws/game/r1?ticket=b');
  const ows = ClosingSocket.all.at(-1);
  ows.receive(welcome);
  await begun;
  other.session.end({ message: 'Bad frame' });
  assert.deepEqual(ows.closed, { code: 1000, reason: 'client closing' });
});

test('the client-side simulator profile of a spec: none when off or invalid', () => {
  assert.equal(netsimProfileOf(null), null);
  assert.equal(netsimProfileOf(''), null);
  assert.equal(netsimProfileOf('nonsense'), null);
  assert.equal(netsimProfileOf('both:50~10').up.latencyMs, 50);
});
