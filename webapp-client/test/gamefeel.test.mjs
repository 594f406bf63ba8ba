// Game feel in the session: own shots flash, kills burst in the victim's colour, hits shake the camera (not
// with reduced motion), and the debug state counts them. Browser stand-ins as in game.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex, anything, FakeWebSocket } from './support.mjs';
import { playerColor, SELF_COLOR } from '../js/games/arena/render.js';
import { SHAKE_MS } from '../js/games/arena/effects.js';

const welcomeHex = fixture('golden.json').frames.find((f) => f.name === 'welcome').hex; // selfId 3, 60 Hz
const snapshots = fixture('snapshots.json').frames.map((f) => fromHex(f.hex));

const motion = { matches: false }; // the prefers-reduced-motion query's answer
globalThis.window = {
  innerWidth: 1280, innerHeight: 800, devicePixelRatio: 1, addEventListener() {}, removeEventListener() {},
  matchMedia: () => motion,
};
globalThis.WebSocket = FakeWebSocket;
globalThis.requestAnimationFrame = () => 1;
globalThis.cancelAnimationFrame = () => {};
const { GameSession } = await import('../js/games/arena/game.js');

async function startSession() {
  const hud = new Proxy({}, { get: () => () => {} });
  const canvas = { getContext: () => anything(), addEventListener() {}, removeEventListener() {}, width: 0, height: 0 };
  const session = new GameSession({ room: { id: 'r1', name: 'Room' }, canvas, hud, onDrop() {}, onEnd() {} });
  const started = session.start('ws://h/ws/game/r1?ticket=t');
  const ws = FakeWebSocket.all.at(-1);
  await Promise.resolve();
  ws.receive(fromHex(welcomeHex));
  await started;
  session.sound = { play: () => true, toggleMute() {}, muted: false, played: 0, counts: {} };
  return { session, ws };
}

test('an own shot flashes the own muzzle at once', async () => {
  const { session, ws } = await startSession();
  for (const s of snapshots.slice(0, 6)) ws.receive(s); // the own player (3) is in the last one, playing
  const now = performance.now();
  session.controls.mouseDown = true;
  session.lastFrame = now;
  session.frame(now + 17);
  assert.equal(session.debugState().localProjectiles, 1);
  assert.equal(session.effects.flash(session.selfId, now + 17), 1);
  const fx = session.debugState().effects;
  assert.equal(fx.flashes, 1);
  assert.ok(Array.isArray(fx.markerBoxes));
  session.end({ left: true });
});

test('a kill bursts in the victim\'s colour when it vanishes; hits taken and own kills shake', async () => {
  const { session } = await startSession();
  const me = session.selfId;
  session.buffer = { delayMs: 100 }; // the interpolation delay others are drawn with
  const s = { entities: [{ id: 9, kind: 1, x: 700, y: 400, flags: 0 }, { id: me, kind: 1, x: 50, y: 60, flags: 0 }] };
  session.onEvent({ type: 'HIT', attackerId: 9, victimId: me, damage: 20, healthAfter: 80 }, s, 1000);
  assert.equal(session.effects.counts.shakes, 1, 'hurt');
  session.onEvent({ type: 'KILL', killerId: me, victimId: 9 }, s, 2000);
  assert.deepEqual(session.effects.bursts.map(({ x, y, at, color }) => ({ x, y, at, color })),
    [{ x: 700, y: 400, at: 2100, color: playerColor(9) }], 'where and when it is drawn dying');
  assert.equal(session.effects.counts.shakes, 2, 'a smaller shake for the own kill');
  assert.equal(session.effects.shakes[1].at, 2100);
  session.onEvent({ type: 'KILL', killerId: 5, victimId: 77 }, s, 3000); // not in view: nothing to show
  assert.equal(session.effects.counts.bursts, 1);
  session.placed = false;
  session.onEvent({ type: 'KILL', killerId: 9, victimId: me }, s, 4000); // the own player vanishes at once
  assert.deepEqual(session.effects.bursts.at(-1).at, 4000);
  assert.equal(session.effects.bursts.at(-1).color, SELF_COLOR);
  const fx = session.debugState().effects;
  assert.equal(fx.bursts, 2);
  assert.equal(fx.shakes, 2);
  assert.equal(fx.reducedMotion, false);
  session.end({ left: true });
});

test('with prefers-reduced-motion the camera never shakes', async () => {
  motion.matches = true;
  try {
    const { session } = await startSession();
    const me = session.selfId;
    session.onEvent({ type: 'HIT', attackerId: 9, victimId: me, damage: 20, healthAfter: 80 }, { entities: [] }, 1000);
    assert.deepEqual(session.effects.shakeOffset(1010), { x: 0, y: 0 });
    const fx = session.debugState().effects;
    assert.equal(fx.shakes, 0);
    assert.equal(fx.reducedMotion, true);
    assert.ok(fx.shakeMs <= SHAKE_MS);
    session.end({ left: true });
  } finally {
    motion.matches = false;
  }
});
