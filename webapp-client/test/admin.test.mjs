// The operator's console without a browser: requests and their failures, the state, the chart geometry and
// drawing, the close-code table and the room/player rows (text only, kept across refreshes, two-step buttons).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anything, fakeDocument } from './support.mjs';
import { TwoStep } from '../js/confirm.js';
import {
  SECRET_KEY, authHeader, secretProblem, describeFailure, apiRequest, actionPath, consoleBase, normalizeState,
  nodeTotals, nodeBadge, drainButton, formatCloses, playerStatus, formatNumber, formatSpan, niceMax, chartBox,
  chartSeries, chartLines, CHARTS, crisp, canvasSize, drawChart, renderCloses, RoomsView,
} from '../js/adminview.js';

const EVIL = '<img src=x onerror=alert(1)>';

test('the secret goes in a Bearer header, trimmed; empty or non-ASCII secrets are refused before sending', () => {
  assert.equal(SECRET_KEY, 'skirmish.adminSecret');
  assert.deepEqual(authHeader('s3cret'), { Authorization: 'Bearer s3cret' });
  assert.deepEqual(authHeader('  s3cret \n'), { Authorization: 'Bearer s3cret' });
  assert.equal(secretProblem('s3cret!'), null);
  assert.equal(secretProblem(' s3cret '), null, 'the server strips it too');
  assert.match(secretProblem(''), /Enter/);
  assert.match(secretProblem('   '), /Enter/);
  assert.match(secretProblem(undefined), /Enter/);
  assert.match(secretProblem('clé'), /ASCII/);
  assert.match(secretProblem('two words'), /ASCII/);
});

test('failures map to messages: 401 and 429 log out, 404 tells the console off from a failed action', () => {
  const auth = describeFailure(401, { error: 'wrong or missing secret' });
  assert.deepEqual([auth.kind, auth.logout], ['auth', true]);
  assert.match(auth.message, /Wrong secret/);
  const limited = describeFailure(429, { error: 'too many wrong secrets; wait a minute' });
  assert.deepEqual([limited.kind, limited.logout], ['limited', true]);
  assert.match(limited.message, /minute/);
  const off = describeFailure(404, { error: 'the console is off: set admin.secret' });
  assert.deepEqual(off, { kind: 'off', message: 'The console is off: set admin.secret.', logout: true });
  const failed = describeFailure(404, { ok: false, error: 'no such room on this node' });
  assert.deepEqual(failed, { kind: 'failed', message: 'No such room on this node.', logout: false });
  assert.equal(describeFailure(404, null).message, 'Not found.');
  const broken = describeFailure(500, null);
  assert.deepEqual([broken.kind, broken.logout, broken.message], ['server', false, 'The server answered 500.']);
  assert.equal(describeFailure(503, { error: 'busy' }).message, 'The server answered 503: busy.');
});

/** A fetch that answers status with body (a value sent as JSON, or a string as it is) and records the calls. */
function fakeFetch(status, body) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, init });
    return {
      status,
      async json() { return typeof body === 'string' ? JSON.parse(body) : body; },
    };
  };
  fn.calls = calls;
  return fn;
}

test('apiRequest sends the secret and gives the JSON, or the failure; it never throws', async () => {
  const state = { draining: false, rooms: [] };
  const ok = fakeFetch(200, state);
  assert.deepEqual(await apiRequest(ok, 'http://h/admin/api/state', { secret: 'abc' }), { ok: true, status: 200, data: state });
  assert.equal(ok.calls[0].init.method, 'GET');
  assert.equal(ok.calls[0].init.headers.Authorization, 'Bearer abc');
  assert.equal(ok.calls[0].init.cache, 'no-store');

  const post = fakeFetch(200, { ok: true });
  assert.equal((await apiRequest(post, 'u', { method: 'POST', secret: 'abc' })).ok, true);
  assert.equal(post.calls[0].init.method, 'POST');

  const r401 = await apiRequest(fakeFetch(401, { error: 'wrong or missing secret' }), 'u', { secret: 'x' });
  assert.deepEqual([r401.ok, r401.status, r401.kind, r401.logout], [false, 401, 'auth', true]);
  const r429 = await apiRequest(fakeFetch(429, { error: 'too many' }), 'u', { secret: 'x' });
  assert.equal(r429.kind, 'limited');
  const off = await apiRequest(fakeFetch(404, { error: 'the console is off: set admin.secret' }), 'u', { secret: 'x' });
  assert.deepEqual([off.kind, off.message], ['off', 'The console is off: set admin.secret.']);
  const kick = await apiRequest(fakeFetch(404, { ok: false, error: 'that player has no seat on this node' }), 'u');
  assert.deepEqual([kick.kind, kick.message, kick.logout], ['failed', 'That player has no seat on this node.', false]);
  const html = await apiRequest(fakeFetch(502, '<html>bad gateway'), 'u');
  assert.deepEqual([html.kind, html.status], ['server', 502]);
  const notJson = await apiRequest(fakeFetch(200, '<html>'), 'u');
  assert.deepEqual([notJson.ok, notJson.kind], [false, 'server']);

  const down = await apiRequest(async () => { throw new TypeError('Failed to fetch'); }, 'u');
  assert.deepEqual([down.ok, down.status, down.kind, down.logout], [false, 0, 'network', false]);
  const aborted = await apiRequest(async () => { throw Object.assign(new Error('x'), { name: 'AbortError' }); }, 'u');
  assert.equal(aborted.kind, 'aborted');
});

test('action paths encode their argument and sit under admin/api/, relative to the page', () => {
  assert.equal(actionPath('close', 'r-1'), 'admin/api/close?room=r-1');
  assert.equal(actionPath('kick', 'a b&c=d'), 'admin/api/kick?player=a%20b%26c%3Dd');
  assert.equal(actionPath('drain', true), 'admin/api/drain?on=true');
  assert.equal(actionPath('drain', false), 'admin/api/drain?on=false');
  assert.throws(() => actionPath('reboot'));
  assert.equal(consoleBase('http://h:8084/admin'), 'http://h:8084/');
  assert.equal(consoleBase('http://h:8084/admin/?x=1#y'), 'http://h:8084/');
  assert.equal(consoleBase('http://h:8084/admin.html'), 'http://h:8084/');
  assert.equal(consoleBase('https://h/game/admin'), 'https://h/game/');
  assert.equal(new URL(actionPath('close', 'r1'), consoleBase('https://h/game/admin')).href, 'https://h/game/admin/api/close?room=r1');
});

const STATE = {
  draining: false, stopping: false, connections: 7, sampleSeconds: 5,
  rooms: [
    { id: 'r2', name: 'Zeta', private: true, capacity: 8, seatsTaken: 2, spectators: 1, phase: 'playing', tick: 1200,
      players: [{ playerId: 'p1', nickname: 'ann', connected: true }, { playerId: 'p2', nickname: 'bob', connected: false }] },
    { id: 'r1', name: 'Alpha', private: false, capacity: 4, seatsTaken: 1, spectators: 0, phase: 'waiting', tick: 30,
      players: [{ playerId: 'p3', nickname: 'cy', connected: true }] },
  ],
  history: [
    { at: 10_000, connections: 5, players: 3, spectators: 1, rooms: 2, tickMeanMs: 0.4, tickP99Ms: 1.6, kBytesPerSecond: 12.5 },
    { at: 5_000, connections: 4, players: 2, spectators: 0, rooms: 1, tickMeanMs: 0.3, tickP99Ms: 0.9, kBytesPerSecond: 8 },
  ],
  recentCloses: { '4003 HEARTBEAT_TIMEOUT': 2, '1001 GOING_AWAY': 5 },
};

test('the state is checked and ordered: rooms by name, history by time; junk becomes zero or empty', () => {
  const s = normalizeState(STATE);
  assert.deepEqual(s.rooms.map((r) => r.id), ['r1', 'r2']);
  assert.deepEqual(s.history.map((h) => h.at), [5_000, 10_000]);
  assert.equal(s.rooms[1].players[1].connected, false);
  assert.equal(s.rooms[1].private, true);
  assert.deepEqual(nodeTotals(s), { rooms: 2, players: 3, spectators: 1, reconnecting: 1, connections: 7 });

  const junk = normalizeState({ rooms: [null, { id: 3, name: null, players: [{ playerId: 'x' }, 5] }], history: [{ at: 'x' }, {}],
    connections: 'many', sampleSeconds: 0 });
  assert.equal(junk.connections, 0);
  assert.equal(junk.sampleSeconds, 5);
  assert.deepEqual(junk.history, []);
  assert.deepEqual(junk.rooms, [{ id: '3', name: '', private: false, capacity: 0, seatsTaken: 0, spectators: 0, phase: '',
    tick: 0, players: [{ playerId: 'x', nickname: '', connected: false }] }]);
  assert.deepEqual(normalizeState(null).rooms, []);
  assert.deepEqual(normalizeState(undefined).recentCloses, {});
});

test('the badge and the Drain button follow the node', () => {
  assert.deepEqual(nodeBadge({ draining: false, stopping: false }), { text: 'Serving', tone: 'ok' });
  assert.deepEqual(nodeBadge({ draining: true, stopping: false }), { text: 'Draining', tone: 'warn' });
  assert.deepEqual(nodeBadge({ draining: true, stopping: true }), { text: 'Stopping', tone: 'danger' });
  assert.deepEqual(drainButton(false), { text: 'Drain node', next: true });
  assert.deepEqual(drainButton(true), { text: 'Stop draining', next: false });
  assert.equal(playerStatus({ connected: true }), 'connected');
  assert.equal(playerStatus({ connected: false }), 'reconnecting');
});

test('recent closes: most frequent first, then by code; names read as words; zero and broken counts left out', () => {
  const rows = formatCloses({
    '4003 HEARTBEAT_TIMEOUT': 2, '1001 GOING_AWAY': 5, '1008 POLICY_VIOLATION': 2, '4004 IDLE': 0, '4002 SLOW_CLIENT': 'x',
    'odd key': 1,
  });
  assert.deepEqual(rows, [
    { code: 1001, name: 'GOING_AWAY', label: 'going away', count: 5 },
    { code: 1008, name: 'POLICY_VIOLATION', label: 'policy violation', count: 2 },
    { code: 4003, name: 'HEARTBEAT_TIMEOUT', label: 'heartbeat timeout', count: 2 },
    { code: null, name: 'odd key', label: 'odd key', count: 1 },
  ]);
  assert.deepEqual(formatCloses({}), []);
  assert.deepEqual(formatCloses(undefined), []);
});

test('numbers, spans and axis tops read well', () => {
  assert.equal(formatNumber(12), '12');
  assert.equal(formatNumber(1234.6), '1235');
  assert.equal(formatNumber(12.345), '12.3');
  assert.equal(formatNumber(0.456), '0.46');
  assert.equal(formatNumber(2.5), '2.5');
  assert.equal(formatNumber(NaN), '–');
  assert.equal(formatSpan(45_000), '45 s');
  assert.equal(formatSpan(90_000), '1 min 30 s');
  assert.equal(formatSpan(300_000), '5 min');
  assert.equal(formatSpan(-5), '0 s');
  assert.deepEqual([0, -1, NaN, 1, 3, 7, 10, 11, 24, 26, 0.3, 0.07, 0.21, 120, 999].map(niceMax),
    [1, 1, 1, 1, 5, 10, 10, 20, 25, 50, 0.5, 0.1, 0.25, 200, 1000]);
});

test('a series runs from the window start (left) to the newest sample (right), 0 at the bottom, max at the top', () => {
  const box = { x: 40, y: 10, width: 300, height: 100 };
  const history = [
    { at: 1_000_000 - 300_000, v: 0 },
    { at: 1_000_000 - 150_000, v: 5 },
    { at: 1_000_000, v: 10 },
  ];
  const s = chartSeries(history, 'v', box, { unit: 'ms' });
  assert.equal(s.max, 10);
  assert.equal(s.maxLabel, '10 ms');
  assert.equal(s.last, 10);
  assert.equal(s.spanMs, 300_000);
  assert.deepEqual(s.points.map((p) => [p.x, p.y]), [[40, 110], [190, 60], [340, 10]]);
  assert.deepEqual(s.points.map((p) => p.gap), [false, true, true], 'a sample every 150 s is a gap at 5 s sampling');

  const young = chartSeries([{ at: 50_000, v: 3 }, { at: 55_000, v: 4 }], 'v', box);
  assert.equal(young.max, 5, 'niceMax of 4');
  assert.equal(young.maxLabel, '5');
  assert.equal(young.points[1].x, 340, 'the newest sample is at the right edge');
  assert.equal(young.points[0].x, 335, '5 s of a 5 min window is 5 px of 300');
  assert.equal(young.points[0].y, 10 + 100 - (3 / 5) * 100);
  assert.deepEqual(young.points.map((p) => p.gap), [false, false]);

  const old = chartSeries([{ at: 0, v: 100 }, { at: 400_000, v: 1 }], 'v', box);
  assert.equal(old.points.length, 1, 'older than the window: left out');
  assert.equal(old.max, 1);

  const clamp = chartSeries([{ at: 0, v: 50 }], 'v', box, { max: 10 });
  assert.equal(clamp.points[0].y, 10, 'above max: drawn at the top');

  const none = chartSeries([], 'v', box);
  assert.deepEqual([none.points, none.max, none.last, none.spanMs], [[], 1, null, 0]);
  assert.equal(chartSeries([{ at: 0, v: 0 }], 'v', box).points[0].y, 110, 'all zero: a line at the bottom');
});

test('the lines of a chart share one scale; the four charts cover the history fields', () => {
  assert.deepEqual(CHARTS.map((c) => c.id), ['connections', 'players', 'tick', 'bandwidth']);
  const keys = CHARTS.flatMap((c) => c.lines.map((l) => l.key));
  assert.deepEqual(keys, ['connections', 'players', 'spectators', 'tickMeanMs', 'tickP99Ms', 'kBytesPerSecond']);
  const history = normalizeState(STATE).history;
  const tick = chartLines(history, CHARTS[2], chartBox(300, 130));
  assert.deepEqual(tick.map((l) => l.max), [2, 2], 'p99 1.6 sets the top for both');
  assert.equal(tick[0].maxLabel, '2 ms');
  assert.deepEqual(tick.map((l) => l.last), [0.4, 1.6]);
  const box = chartBox(300, 130);
  assert.deepEqual(box, { x: 40, y: 8, width: 252, height: 102 });
  assert.deepEqual(chartBox(10, 10), { x: 40, y: 8, width: 1, height: 1 });
});

test('canvases follow devicePixelRatio; hairlines land on whole device pixels', () => {
  assert.deepEqual(canvasSize(300, 130, 2), { width: 600, height: 260, scale: 2 });
  assert.deepEqual(canvasSize(300.4, 130, 1.5), { width: 451, height: 195, scale: 1.5 });
  assert.deepEqual(canvasSize(0, 0, undefined), { width: 1, height: 1, scale: 1 });
  assert.equal(crisp(10, 1), 10.5, '1 px line at dpr 1: centre on the half pixel');
  assert.equal(crisp(10.2, 2), 10, '1 px line at dpr 2 is 2 device px: on the whole pixel');
  assert.equal(crisp(10, 3), 10 + 0.5 / 3);
});

/** A 2D context that records the calls and property writes it cares about. */
function recordingContext() {
  const calls = [];
  const state = {};
  return new Proxy({}, {
    get: (t, k) => (k === 'calls' ? calls : k in state ? state[k] : (...args) => { calls.push([k, ...args]); }),
    set: (t, k, v) => { state[k] = v; calls.push([`${String(k)}=`, v]); return true; },
  });
}

test('drawing: the dpr transform, max and 0 labels, the time span, lines and a note while there is no sample', () => {
  const s = normalizeState(STATE);
  const ctx = recordingContext();
  const lines = drawChart(ctx, { width: 300, height: 130, dpr: 2 }, CHARTS[1], s.history, 5);
  assert.deepEqual(ctx.calls[0], ['setTransform', 2, 0, 0, 2, 0, 0]);
  const texts = ctx.calls.filter((c) => c[0] === 'fillText').map((c) => c[1]);
  assert.deepEqual(texts, ['5', '0', '−5 min', 'now'], 'players 3 → axis top 5');
  assert.equal(lines.length, 2);
  assert.equal(ctx.calls.filter((c) => c[0] === 'stroke').length, 3, 'the grid and two lines');
  assert.ok(ctx.calls.some((c) => c[0] === 'strokeStyle=' && c[1] === '#a78bfa'), 'the spectators line');

  const tick = recordingContext();
  drawChart(tick, { width: 300, height: 130, dpr: 1 }, CHARTS[2], s.history, 5);
  assert.deepEqual(tick.calls.filter((c) => c[0] === 'fillText').map((c) => c[1]).slice(0, 2), ['2', '0'],
    'the axis says numbers; "ms" is in the legend');

  const empty = recordingContext();
  drawChart(empty, { width: 300, height: 130, dpr: 1 }, CHARTS[0], [], 5);
  const note = empty.calls.filter((c) => c[0] === 'fillText').map((c) => c[1]);
  assert.match(note.at(-1), /collecting samples \(one every 5 s\)/);

  // any context, any size, gaps: no exception
  const gappy = [{ at: 0, connections: 1 }, { at: 5000, connections: 2 }, { at: 60_000, connections: 3 }, { at: 65_000, connections: 1 }]
    .map((h) => ({ ...h, players: 0, spectators: 0, tickMeanMs: 0, tickP99Ms: 0, kBytesPerSecond: 0 }));
  for (const chart of CHARTS) {
    assert.doesNotThrow(() => drawChart(anything(), { width: 10, height: 10, dpr: 3 }, chart, gappy, 5));
    assert.doesNotThrow(() => drawChart(anything(), { width: 500, height: 130, dpr: 1 }, chart, gappy.slice(0, 1), 5));
  }
});

// ------------------------------------------------------------------ rows, with just enough DOM

/** A RoomsView over a fake table, its two-step buttons on a clock the test moves. */
function roomsFixture() {
  const doc = fakeDocument();
  const table = doc.createElement('table');
  const clock = { now: 0 };
  const steps = new Map();
  const events = [];
  const step = (kind, key) => {
    const k = `${kind}:${key}`;
    if (!steps.has(k)) steps.set(k, new TwoStep(3000));
    return steps.get(k);
  };
  const view = new RoomsView(table, {
    press: (kind, key) => step(kind, key).press(clock.now),
    armed: (kind, key) => steps.get(`${kind}:${key}`)?.armed(clock.now) ?? false,
    onArm: (b) => { events.push(['arm', b.dataset.kind, b.dataset.key]); b.textContent = b.dataset.armedText; b.classList.add('armed'); },
    onConfirm: (b) => events.push(['confirm', b.dataset.kind, b.dataset.key, b.dataset.label]),
  });
  return { doc, table, clock, view, events };
}

test('room names and nicknames reach the page only as text', () => {
  const { table, view } = roomsFixture();
  const state = normalizeState({ rooms: [{ id: 'r9', name: EVIL, capacity: 4, seatsTaken: 1, spectators: 2, phase: 'playing',
    tick: 77, players: [{ playerId: 'p9', nickname: EVIL, connected: false }] }] });
  view.render(state.rooms);
  assert.equal(table.children.length, 1);
  const body = table.children[0];
  assert.equal(body.tagName, 'TBODY');
  assert.equal(body.dataset.roomId, 'r9');
  assert.equal(body.byClass('name')[0].textContent, EVIL);
  assert.equal(body.byClass('name')[0].title, EVIL);
  assert.equal(body.byClass('seats')[0].textContent, '1/4');
  assert.equal(body.byClass('spectators')[0].textContent, '2');
  assert.equal(body.byClass('tick')[0].textContent, '77');
  assert.equal(body.byClass('pill')[0].textContent, 'In match');
  assert.equal(body.byClass('pill')[0].className, 'pill pill-playing');
  assert.equal(body.byClass('private-tag')[0].hidden, true);
  assert.equal(body.byClass('nick')[0].textContent, EVIL);
  assert.equal(body.byClass('conn')[0].textContent, 'reconnecting');
  assert.equal(body.byClass('conn')[0].className, 'conn conn-reconnecting');
  const [close, kick] = body.all((e) => e.tagName === 'BUTTON');
  assert.deepEqual([close.textContent, close.dataset.kind, close.dataset.key, close.dataset.label], ['Close room', 'close', 'r9', EVIL]);
  assert.deepEqual([kick.textContent, kick.dataset.kind, kick.dataset.key], ['Kick', 'kick', 'p9']);

  const tbody = fakeDocument().createElement('tbody');
  renderCloses(tbody, formatCloses({ '1008 POLICY_VIOLATION': 3, [EVIL]: 1 }));
  assert.deepEqual(tbody.children.map((tr) => tr.children.map((td) => td.textContent)),
    [['1008', 'policy violation', '3'], ['–', EVIL, '1']]);
  renderCloses(tbody, []);
  assert.equal(tbody.children.length, 0);
});

test('rows are kept across refreshes: an armed Kick survives the 2 s poll; a second press in 3 s confirms', () => {
  const { table, view, clock, events } = roomsFixture();
  view.render(normalizeState(STATE).rooms);
  const zeta = table.children[1];
  assert.equal(zeta.dataset.roomId, 'r2');
  const bob = zeta.all((e) => e.dataset.playerId === 'p2')[0];
  const kick = bob.all((e) => e.tagName === 'BUTTON')[0];

  clock.now = 1000;
  kick.click();
  assert.deepEqual(events, [['arm', 'kick', 'p2']]);
  clock.now = 3000;
  view.render(normalizeState({ ...STATE, rooms: [...STATE.rooms].reverse() }).rooms);
  assert.equal(table.children[1], zeta, 'the same element');
  assert.equal(zeta.all((e) => e.dataset.playerId === 'p2')[0], bob);
  assert.equal(kick.textContent, 'Confirm kick', 'still armed after the refresh');
  assert.ok(kick.classList.contains('armed'));
  kick.click();
  assert.deepEqual(events[1], ['confirm', 'kick', 'p2', 'bob']);

  clock.now = 10_000;
  view.render(normalizeState(STATE).rooms);
  assert.equal(kick.textContent, 'Kick', 'disarmed once confirmed');
  assert.equal(kick.classList.contains('armed'), false);

  // a late second press arms again instead of confirming
  const close = zeta.all((e) => e.dataset.kind === 'close')[0];
  close.click();
  clock.now = 13_500;
  close.click();
  assert.deepEqual(events.slice(2).map((e) => e[0]), ['arm', 'arm']);

  // bob leaves, then the room closes
  const next = structuredClone(STATE);
  next.rooms[0].players.pop();
  view.render(normalizeState(next).rooms);
  assert.equal(zeta.all((e) => e.dataset.playerId === 'p2').length, 0);
  assert.equal(zeta.all((e) => e.dataset.playerId === 'p1').length, 1);
  next.rooms.shift();
  view.render(normalizeState(next).rooms);
  assert.deepEqual(table.children.map((b) => b.dataset.roomId), ['r1']);
  assert.equal(view.playerCaches.has('r2'), false, 'a closed room forgets its players');

  // a room nobody sits in says so
  next.rooms[0].players = [];
  view.render(normalizeState(next).rooms);
  const alpha = table.children[0];
  assert.equal(alpha.byClass('players')[0].hidden, true);
  assert.equal(alpha.byClass('no-players')[0].hidden, false);
});
