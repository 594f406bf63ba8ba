// Game session glue with stand-ins for the browser: per-stream snapshot decoding, RESYNC after a bad snapshot,
// the view tick in inputs, the phase clock, own projectiles and the network simulator toggle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex, anything, FakeWebSocket } from './support.mjs';
import { decodeClientFrame, OPCODES, BUTTONS } from '../js/games/arena/protocol.js';

const welcomeHex = fixture('golden.json').frames.find((f) => f.name === 'welcome').hex; // selfId 3, 60 Hz
const snapshots = fixture('snapshots.json').frames.map((f) => fromHex(f.hex));

globalThis.window = {
  innerWidth: 1920, innerHeight: 1080, devicePixelRatio: 1, addEventListener() {}, removeEventListener() {},
};
globalThis.WebSocket = FakeWebSocket;
globalThis.requestAnimationFrame = () => 1;
globalThis.cancelAnimationFrame = () => {};
const { GameSession } = await import('../js/games/arena/game.js');

/** A HUD that records its calls by method name. */
function fakeHud() {
  const calls = {};
  return {
    calls,
    hud: new Proxy({}, { get: (t, name) => (...args) => { (calls[name] ??= []).push(args); } }),
  };
}

async function startSession(netsim = { client: null, server: null }, { toUrl = null, drops = [], spectator = false } = {}) {
  const { hud, calls } = fakeHud();
  const ends = [];
  const canvas = { getContext: () => anything(), addEventListener() {}, removeEventListener() {}, width: 0, height: 0 };
  const session = new GameSession({
    room: { id: 'r1', name: 'Room' }, canvas, hud, onDrop: (info) => drops.push(info), onEnd: (info) => ends.push(info),
    netsim, toUrl, spectator,
  });
  const started = session.start(spectator ? 'ws://h/ws/game/r1?watch' : 'ws://h/ws/game/r1?ticket=t');
  const ws = FakeWebSocket.all.at(-1);
  await Promise.resolve();
  // a spectator's welcome names no entity of its own (selfId 0)
  ws.receive(fromHex(spectator ? `${welcomeHex.slice(0, 4)}0000${welcomeHex.slice(8)}` : welcomeHex));
  await started;
  return { session, ws, calls, ends };
}

const sentOps = (ws) => ws.sent.map((b) => b[0]);

test('one decoder per stream: snapshots decode in order, the welcome sets view limits and timers', async () => {
  const { session, ws, ends } = await startSession();
  assert.equal(sentOps(ws)[0], OPCODES.PING, 'the client speaks first');
  for (const s of snapshots) ws.receive(s);
  session.lastFrame = performance.now();
  session.frame(session.lastFrame + 17); // draws a frame (and sizes the canvas)
  const st = session.debugState();
  assert.equal(st.lastTick, 1018);
  assert.equal(st.snapshotsReceived, snapshots.length);
  assert.equal(st.resyncs, 0);
  assert.deepEqual(session.renderer.view, { width: 1600, height: 1000 });
  assert.ok(session.renderer.scale >= 1920 / 1600, 'a big window zooms in');
  assert.equal(typeof st.interpolationDelayMs, 'number');
  assert.equal(st.netsim, null);
  assert.deepEqual(ends, []);
  session.end({ left: true });
});

test('a bad snapshot sends RESYNC once and deltas are ignored until a full snapshot; other bad frames end', async () => {
  const { session, ws, ends } = await startSession();
  for (const s of snapshots.slice(0, 7)) ws.receive(s);
  ws.receive(snapshots[7].slice(0, 10)); // the full one, cut short
  ws.receive(snapshots[8]); // a delta on the lost baseline
  ws.receive(snapshots[8]);
  assert.deepEqual(ends, [], 'the session goes on');
  assert.deepEqual(sentOps(ws).filter((op) => op === OPCODES.RESYNC), [OPCODES.RESYNC], 'one RESYNC');
  let st = session.debugState();
  assert.equal(st.resyncs, 1);
  assert.equal(st.snapshotsRefused, 3);
  assert.match(st.lastSnapshotError, /truncated frame/);
  assert.equal(st.lastTick, 1014);
  ws.receive(Uint8Array.of(0x81, 0x00, 0x01)); // a broken full snapshot: ask again
  assert.equal(session.debugState().resyncs, 2);
  ws.receive(snapshots[8]);
  assert.equal(session.debugState().resyncs, 2);
  ws.receive(snapshots[7]); // the full snapshot the server sends after the RESYNC
  ws.receive(snapshots[8]);
  st = session.debugState();
  assert.equal(st.lastTick, 1018);
  assert.equal(st.resyncs, 2);
  assert.equal(st.snapshotsRefused, 5);
  // a later failure asks again
  ws.receive(Uint8Array.of(0x81, 0x02, 0xff));
  assert.equal(session.debugState().resyncs, 3);
  // a bad frame of another kind still ends the session
  ws.receive(Uint8Array.of(0x7f));
  assert.equal(ends.length, 1);
  assert.match(ends[0].message, /Bad frame from the game server: unknown opcode 0x7f/);
});

/** The RUNS frames a session sent (protocol 9), each as {firstSeq, runs: [{ticks, buttons, aim16, viewTick, viewFraction}]}. */
function sentRuns(ws) {
  return ws.sent.filter((b) => b[0] === OPCODES.RUNS).map((b) => {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const runs = [];
    for (let i = 0, at = 6; i < b[5]; i++, at += 9) {
      runs.push({ ticks: b[at], buttons: b[at + 1], aim16: v.getUint16(at + 2), viewTick: v.getUint32(at + 4),
        viewFraction: b[at + 8] });
    }
    return { firstSeq: v.getUint32(1), runs };
  });
}

/** The inputs a session sent, one per tick the RUNS frames cover, in order ({seq, ...the run's input}). */
function sentInputs(ws) {
  return sentRuns(ws).flatMap((f) => {
    let seq = f.firstSeq;
    return f.runs.flatMap((r) => Array.from({ length: r.ticks }, () => ({ ...r, seq: seq++ })));
  });
}

test('inputs carry the tick remote entities are drawn at (0 before any snapshot)', async () => {
  const { session, ws } = await startSession();
  const t0 = performance.now();
  session.lastFrame = t0;
  session.frame(t0 + 2 * session.stepMs + 1); // two input steps: the first goes at once, the second waits
  assert.equal(sentInputs(ws).length, 1);
  assert.equal(sentInputs(ws)[0].viewTick, 0);
  assert.equal(sentInputs(ws)[0].viewFraction, 0);
  for (const s of snapshots.slice(0, 6)) ws.receive(s);
  const now = performance.now();
  session.lastFrame = now;
  session.acc = 0;
  session.controls.mouseDown = true; // a press goes at once, with what waits
  session.frame(now + session.stepMs + 1);
  assert.equal(sentInputs(ws).length, 3);
  const last = sentInputs(ws).at(-1);
  const view = last.viewTick + last.viewFraction / 256;
  const renderTick = session.buffer.renderTick(now + session.stepMs + 1);
  assert.ok(view > 990 && view <= 1012 + session.buffer.extrapolateTicks, `view tick ${view}`);
  assert.ok(Math.abs(view - session.buffer.shownTick(renderTick)) < 1 / 256 + 1e-9);
  session.end({ left: true });
});

test('inputs go on change: the first at once, a press or release at once with what waits, a steady input as a keep-alive', async () => {
  const { session, ws } = await startSession();
  const step = () => session.stepInput(0);
  step();
  assert.deepEqual(sentRuns(ws).map((f) => f.firstSeq), [1], 'the stream\'s first input goes at once');
  step();
  step();
  assert.equal(sentRuns(ws).length, 1, 'the same input waits');
  session.controls.mouseDown = true; // fire: what waits and the shot go now, in one frame
  step();
  assert.deepEqual(sentRuns(ws).at(-1), {
    firstSeq: 2,
    runs: [{ ...sentRuns(ws).at(-1).runs[0], ticks: 2, buttons: 0 }, { ...sentRuns(ws).at(-1).runs[1], ticks: 1, buttons: BUTTONS.FIRE }],
  });
  session.controls.mouseDown = false; // released: at once
  step();
  assert.deepEqual(sentRuns(ws).at(-1).firstSeq, 5);
  for (let i = 0; i < 15; i++) step(); // nothing changes: one keep-alive after 15 ticks
  assert.equal(sentRuns(ws).length, 4);
  assert.deepEqual(sentRuns(ws).at(-1).runs.map((r) => r.ticks), [15]);
  assert.equal(sentInputs(ws).map((i) => i.seq).join(), Array.from({ length: 20 }, (_, i) => i + 1).join(),
    'every tick once, in order');
  assert.equal(session.debugState().prediction.inputFrames, 4);
  session.end({ left: true });
});

test('the phase clock counts to phaseEndTick; own shots show at once and hand over on acknowledgement', async () => {
  const { session, ws, calls } = await startSession();
  for (const s of snapshots.slice(0, 6)) ws.receive(s); // the own player (3) is in the last one, playing
  const now = performance.now();
  session.updateHud(now);
  const [phase, seconds] = calls.setClock.at(-1);
  assert.equal(phase, 'PLAYING');
  const expected = (18000 - session.buffer.estimateServerTick(now)) / 60;
  assert.ok(Math.abs(seconds - expected) < 1e-6 && seconds > 280 && seconds < 284, `${seconds} s left`);
  // fire: a local projectile at once, dropped when the server acknowledges the input (ack 91 > our seq)
  session.controls.mouseDown = true;
  assert.equal(session.controls.buttons() & BUTTONS.FIRE, BUTTONS.FIRE);
  session.lastFrame = now;
  session.frame(now + 17);
  assert.equal(session.debugState().localProjectiles, 1);
  ws.receive(snapshots[6]);
  assert.equal(session.debugState().localProjectiles, 0);
  // waiting: no clock
  ws.receive(snapshots[7]);
  ws.receive(snapshots[8]);
  session.updateHud(performance.now());
  assert.deepEqual(calls.setClock.at(-1).slice(0, 2), ['WAITING', 0]);
  session.end({ left: true });
});

test('the network statistics are off until the player presses I, and the choice is in the debug state', async () => {
  const { session, calls } = await startSession();
  assert.deepEqual(calls.setStatsVisible.at(-1), [false], 'off by default');
  assert.equal(session.debugState().statsVisible, false);
  session.toggleStats();
  assert.deepEqual(calls.setStatsVisible.at(-1), [true]);
  assert.equal(session.debugState().statsVisible, true);
  session.toggleStats();
  assert.deepEqual(calls.setStatsVisible.at(-1), [false]);
  session.end({ left: true });
});

test('sounds: a kill, a hit given and a hit taken, the own respawn', async () => {
  const { session } = await startSession();
  const played = [];
  session.sound = { play: (name) => { played.push(name); return true; }, muted: false, played: 0 };
  const me = session.selfId;
  const s = { entities: [] };
  session.onEvent({ type: 'HIT', attackerId: me, victimId: 99, damage: 20, healthAfter: 80 }, s, 0);
  session.onEvent({ type: 'HIT', attackerId: 99, victimId: me, damage: 20, healthAfter: 80 }, s, 0);
  session.onEvent({ type: 'KILL', killerId: me, victimId: 99 }, s, 0);
  session.onEvent({ type: 'KILL', killerId: 98, victimId: 99 }, s, 0);
  session.onEvent({ type: 'RESPAWN', playerId: me, x: 1, y: 1 }, s, 0);
  assert.deepEqual(played, ['hit', 'hurt', 'kill', 'respawn']);
  session.end({ left: true });
});

test('the netsim key cycles the client-side simulator and the HUD indicator', async () => {
  const netsim = { client: null, server: 'down:80' };
  const { session, ws, calls } = await startSession(netsim);
  assert.deepEqual(calls.setNetsim.at(-1), [null]);
  session.cycleNetsim();
  assert.equal(netsim.client, 'both:50~10');
  assert.deepEqual(calls.setNetsim.at(-1), ['NETSIM 50±10 ms']);
  assert.equal(session.ws.profile.up.latencyMs, 50);
  const st = session.debugState();
  assert.equal(st.netsim, 'both:50~10');
  assert.equal(st.serverNetsim, 'down:80');
  // sends now wait on the simulated upstream
  const before = ws.sent.length;
  session.sendPing();
  assert.equal(ws.sent.length, before);
  session.cycleNetsim();
  session.cycleNetsim();
  assert.equal(netsim.client, null);
  assert.deepEqual(calls.setNetsim.at(-1), [null]);
  assert.equal(session.debugState().netsim, null);
  session.end({ left: true });
});

test('a key action runs once per press, not on repeats, with modifiers or while typing', async () => {
  const { Controls } = await import('../js/games/arena/input.js');
  const c = new Controls({});
  let runs = 0;
  c.onAction('KeyN', () => runs++);
  const key = (code, extra = {}) => ({ code, target: null, preventDefault() {}, ...extra });
  c.onKey(key('KeyN'), true);
  c.onKey(key('KeyN', { repeat: true }), true);
  c.onKey(key('KeyN'), false);
  assert.equal(runs, 1);
  c.onKey(key('KeyN', { ctrlKey: true }), true);
  c.onKey(key('KeyN', { target: { tagName: 'INPUT' } }), true);
  c.setSuspended(true);
  c.onKey(key('KeyN'), true);
  c.setSuspended(false);
  assert.equal(runs, 1);
  c.onKey(key('KeyW'), true);
  assert.equal(c.buttons(), BUTTONS.UP, 'other keys still steer');
});

/** A MOVED frame: opcode 0x83, u16 length, the game path in UTF-8. */
function movedFrame(path) {
  const b = new TextEncoder().encode(path);
  return Uint8Array.from([OPCODES.MOVED, b.length >> 8, b.length & 0xff, ...b]);
}

test('MOVED: the session opens the new game path at once and closes the old stream, without a drop', async () => {
  const drops = [];
  const { session, ws, ends } = await startSession(undefined, { toUrl: (p) => `ws://h/${p}`, drops });
  for (const s of snapshots.slice(0, 3)) ws.receive(s);
  ws.receive(movedFrame('n/b/ws/game/r1?ticket=t1.x'));
  const next = FakeWebSocket.all.at(-1);
  assert.notEqual(next, ws);
  assert.equal(next.url, 'ws://h/n/b/ws/game/r1?ticket=t1.x');
  assert.equal(ws.readyState, 3, 'the old stream is closed');
  await Promise.resolve();
  assert.equal(sentOps(next)[0], OPCODES.PING, 'the client speaks first on the new stream too');
  next.receive(fromHex(welcomeHex));
  for (const s of snapshots) next.receive(s);
  assert.equal(session.debugState().moves, 1);
  assert.equal(typeof session.debugState().movePauseMs, 'number', 'the pause of the move is measured');
  assert.equal(session.debugState().snapshotsReceived > 0, true);
  assert.deepEqual(drops, []);
  assert.deepEqual(ends, []);
  session.end({ left: true });
});

test('MOVED: a new stream that fails is a drop (the lobby resumes); without toUrl the frame is ignored', async () => {
  const drops = [];
  const { session, ws } = await startSession(undefined, { toUrl: (p) => `ws://h/${p}`, drops });
  ws.receive(movedFrame('n/b/ws/game/r1?ticket=t1.x'));
  const next = FakeWebSocket.all.at(-1);
  next.onclose?.({ code: 1006, reason: '' });
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(drops.length, 1);
  assert.equal(drops[0].code, 1006);

  const plain = await startSession();
  const before = FakeWebSocket.all.length;
  plain.ws.receive(movedFrame('n/b/ws/game/r1?ticket=t1.y'));
  assert.equal(FakeWebSocket.all.length, before, 'no new stream');
  assert.equal(plain.session.debugState().moves, 0);
  session.end({ left: true });
  plain.session.end({ left: true });
});

test('a spectator sends no inputs, centres on the player FOLLOWING names, and switches with keys and buttons', async () => {
  const { session, ws, calls } = await startSession(undefined, { spectator: true });
  try {
    assert.equal(session.selfId, 0);
    ws.receive(Uint8Array.of(OPCODES.FOLLOWING, 0, 1));
    for (const s of snapshots.slice(0, 8)) ws.receive(s); // player 1 is in all of these
    let now = performance.now();
    session.lastFrame = now;
    for (let i = 0; i < 10; i++) session.frame(now += 17);
    assert.deepEqual(sentOps(ws).filter((op) => op === OPCODES.INPUT || op === OPCODES.INPUTS), [], 'no inputs');
    const st = session.debugState().spectator;
    assert.equal(st.following, 1);
    assert.equal(st.inView, true);
    const watched = session.latest.entities.find((e) => e.id === 1);
    assert.ok(Math.hypot(st.camera.x - watched.x, st.camera.y - watched.y) < 200, 'the view is on the watched player');
    assert.deepEqual(calls.setSpectating.at(-1)[0], { name: st.name });
    session.controls.actions.get('KeyD')();
    session.controls.actions.get('ArrowLeft')();
    calls.setSpectating.at(-1)[1](1); // the HUD's next button
    const follows = ws.sent.filter((b) => b[0] === OPCODES.FOLLOW).map((b) => decodeClientFrame(b).step);
    assert.deepEqual(follows, [1, -1, 1]);
    ws.receive(Uint8Array.of(OPCODES.FOLLOWING, 0, 0));
    session.frame(now += 17);
    assert.deepEqual(calls.setSpectating.at(-1)[0], { name: null }, 'nobody to watch');
    assert.deepEqual(session.debugState().spectator.camera, st.camera, 'the view stays where it was');
  } finally {
    session.end({ left: true });
  }
});

test('a player session sends no FOLLOW and shows no spectator bar', async () => {
  const { session, ws, calls } = await startSession();
  session.follow(1);
  assert.deepEqual(ws.sent.filter((b) => b[0] === OPCODES.FOLLOW), []);
  assert.equal(calls.setSpectating, undefined);
  assert.equal(session.debugState().spectator, null);
  session.end({ left: true });
});

test('after a stall a frame catches up at most 5 input steps and drops the rest of the backlog', async () => {
  const { session, ws } = await startSession();
  const t0 = performance.now();
  session.lastFrame = t0;
  session.acc = 0;
  session.frame(t0 + 20 * session.stepMs + 3);
  assert.equal(session.debugState().prediction.lastSeq, 5);
  assert.ok(session.acc >= 0 && session.acc < session.stepMs, `acc ${session.acc}`);
  assert.equal(sentInputs(ws).length, 1, 'the first input went at once, the other four wait (nothing changed)');
  session.end({ left: true });
});

test('edge arrows point at every other player off the window, sent by the server or only on the radar', async () => {
  const { arrowPoints } = await import('../js/games/arena/gamedraw.js');
  const { edgeArrows } = await import('../js/games/arena/render.js');
  // a 1,280 x 800 window at scale 1 shows 1,280 x 800 units; the server sends a wider area (1,600 x 1,000 plus a
  // margin), so a player 800 units to the side or 500 above is sent, drawn off screen, and on no radar
  const players = [{ x: 0, y: 0, self: true }, { x: 800, y: 0 }, { x: 0, y: -500 }, { x: 100, y: 100 }];
  const points = arrowPoints(null, players);
  assert.deepEqual(points, [{ x: 800, y: 0 }, { x: 0, y: -500 }, { x: 100, y: 100 }], 'not the own player');
  const arrows = edgeArrows(points, { x: 0, y: 0 }, 1280, 800, 1);
  assert.equal(arrows.length, 2, 'one arrow for each player off the window, none for the one on it');
  assert.ok(Math.abs(arrows[0].angle) < 1e-9, 'the first points right');
  assert.ok(Math.abs(arrows[1].angle + Math.PI / 2) < 1e-9, 'the second points up');
  assert.deepEqual(arrowPoints([{ x: 5000, y: 0 }], players).length, 4, 'radar points come too');
});

test('radar points: none once stale, none near a player drawn now (the own player does not count)', async () => {
  const { radarPoints } = await import('../js/games/arena/gamedraw.js');
  const radar = { at: 1000, points: [{ x: 100, y: 100 }, { x: 2000, y: 2000 }] };
  assert.equal(radarPoints(null, 1000, []), null);
  assert.equal(radarPoints(radar, 3500, []), null, 'stale');
  assert.deepEqual(radarPoints(radar, 3499, []), radar.points);
  assert.deepEqual(radarPoints(radar, 1500, [{ x: 300, y: 300 }]), [{ x: 2000, y: 2000 }], 'that player came into view');
  assert.deepEqual(radarPoints(radar, 1500, [{ x: 100, y: 100, self: true }]), radar.points);
  assert.deepEqual(radarPoints(radar, 1500, [{ x: 500, y: 100 }]), radar.points, '400 units off: another player');
});
