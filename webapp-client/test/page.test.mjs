// The page around the game, with stand-ins for the DOM, the lobby and the session: what the page shows
// (pageview.js), the lobby's wiring (lobbypage.js), the game flow (gameflow.js) and the page's keys (pagekeys.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeElement } from './support.mjs';
import { PageView } from '../js/pageview.js';
import { LobbyPage, validNickname, helloNameOf, codeFieldValue } from '../js/lobbypage.js';
import { installLeave, installRoomCodeCopy, installWake } from '../js/pagekeys.js';
import { GAME_GIVE_UP_MS } from '../js/engine/reconnect.js';

globalThis.document ??= { body: new FakeElement('body'), activeElement: null };
const { GameFlow, reconnectText } = await import('../js/gameflow.js');

/** An element that also takes focus and answers querySelector('.status-text'). */
function el(tag = 'div') {
  const e = new FakeElement(tag);
  e.focused = 0;
  e.focus = () => { e.focused++; };
  e.value = '';
  return e;
}

function newApp() {
  return {
    screen: 'lobby', busy: false, playerId: null, clusterState: null, rooms: new Map(),
    presence: { players: new Map(), total: 0 }, chat: { lobby: [], room: [], roomId: null }, game: null,
    reconnecting: false, reconnects: 0, drop: null, leftRoomId: null, capacity: { min: 2, max: 32 },
    giveUpMs: GAME_GIVE_UP_MS,
  };
}

function newUi() {
  const ui = {};
  for (const k of ['lobby', 'game', 'canvas', 'nickname', 'quickPlay', 'createForm', 'roomName', 'capacity',
    'roomPrivate', 'createRoom', 'codeForm', 'codeInput', 'codeJoin', 'refresh', 'error', 'status', 'leave',
    'clusterNotice', 'lobbyChatForm', 'lobbyChatInput', 'lobbyChatError', 'roomCode']) ui[k] = el();
  const statusText = el('span');
  ui.status.querySelector = (sel) => (sel === '.status-text' ? statusText : null);
  ui.statusText = statusText;
  ui.error.hidden = true;
  ui.lobbyChatError.hidden = true;
  return ui;
}

/** Records each call by method name. */
function recorder(extra = {}) {
  const calls = {};
  return new Proxy({ calls, ...extra }, {
    get: (t, name) => (name in t ? t[name] : (...args) => { (calls[name] ??= []).push(args); }),
  });
}

function newPage(app = newApp(), ui = newUi()) {
  const view = recorder();
  const lobbyChatView = recorder();
  const gameChatView = recorder();
  const body = new FakeElement('body');
  const page = new PageView({ ui, app, view, lobbyChatView, gameChatView, body });
  return { page, app, ui, view, lobbyChatView, gameChatView, body };
}

const room = (id, extra = {}) => ({
  id, name: `Room ${id}`, players: 1, capacity: 8, map: 'Arena', phase: 'waiting', private: false, ...extra,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

// ---------------------------------------------------------------- pageview.js

test('page view: error lines, status, screens and busy buttons', () => {
  const { page, app, ui, view, body } = newPage();
  page.showError('Nope');
  assert.equal(ui.error.textContent, 'Nope');
  assert.equal(ui.error.hidden, false);
  page.showError('');
  assert.equal(ui.error.hidden, true);
  page.showChatError('Too long');
  assert.equal(ui.lobbyChatError.hidden, false);
  page.showChatError('');
  assert.equal(ui.lobbyChatError.hidden, true);
  page.setStatus('online', 'Online as Ann');
  assert.equal(ui.status.dataset.state, 'online');
  assert.equal(ui.statusText.textContent, 'Online as Ann');
  page.showScreen('game');
  assert.deepEqual([app.screen, ui.lobby.hidden, ui.game.hidden, body.dataset.screen], ['game', true, false, 'game']);
  page.showScreen('lobby');
  assert.deepEqual([app.screen, ui.lobby.hidden, ui.game.hidden, body.dataset.screen], ['lobby', false, true, 'lobby']);
  page.setBusy(true);
  assert.equal(app.busy, true);
  assert.deepEqual([ui.quickPlay, ui.refresh, ui.createRoom, ui.codeJoin].map((b) => b.disabled), [true, true, true, true]);
  assert.deepEqual(view.calls.setBusy, [[true]]);
  page.setBusy(false);
  assert.equal(ui.quickPlay.disabled, false);
});

test('page view: the cluster notice shows only while the shared lobby is out of reach', () => {
  const { page, app, ui } = newPage();
  page.setCluster({ state: 'degraded', message: 'Lobby <b>down</b>' });
  assert.equal(ui.clusterNotice.hidden, false);
  assert.equal(ui.clusterNotice.textContent, 'Lobby <b>down</b>', 'as text');
  assert.equal(app.clusterState, 'degraded');
  page.setCluster({ state: 'degraded' });
  assert.equal(ui.clusterNotice.textContent, 'The shared lobby is out of reach.');
  page.setCluster({ state: 'ok' });
  assert.equal(ui.clusterNotice.hidden, true);
  assert.equal(app.clusterState, 'ok');
  page.setCluster(null);
  assert.equal(app.clusterState, null, 'a single node');
});

test('page view: rooms sorted, presence and both chat logs drawn for the own player', () => {
  const { page, app, view, lobbyChatView, gameChatView } = newPage();
  app.playerId = 'p1';
  app.rooms = new Map([['a', room('a', { players: 1 })], ['b', room('b', { players: 5 })]]);
  page.renderRooms();
  assert.equal(view.calls.renderRooms.length, 1);
  assert.equal(view.calls.renderRooms[0][0].length, 2);
  page.renderPresence();
  assert.deepEqual(view.calls.renderPresence[0].slice(1), [0, 'p1']);
  app.chat.lobby = [{ id: 1 }];
  app.chat.room = [{ id: 2 }];
  page.renderChat();
  assert.deepEqual(lobbyChatView.calls.render, [[[{ id: 1 }], 'p1']]);
  assert.deepEqual(gameChatView.calls.render, [[[{ id: 2 }], 'p1']]);
});

// ---------------------------------------------------------------- lobbypage.js

test('nickname rules, the hello name and the room code field', () => {
  assert.equal(validNickname('Ann'), true);
  assert.equal(validNickname(''), false);
  assert.equal(validNickname('x'.repeat(16)), true);
  assert.equal(validNickname('x'.repeat(17)), false);
  assert.equal(validNickname('a\u0007b'), false);
  assert.equal(validNickname('a\u0085b'), false);
  assert.equal(helloNameOf('  Ann  '), 'Ann');
  assert.equal(helloNameOf('   '), 'Player');
  assert.equal(helloNameOf('x'.repeat(20)), 'Player');
  assert.equal(codeFieldValue('ab-c 12xyz'), 'ABC12X');
  assert.equal(codeFieldValue('é!'), '');
});

/** A lobby page with stand-ins for the lobby client, its connection keeper and the game flow. */
function newLobbyPage({ app = newApp(), join = async () => ({ room: room('r1'), gamePath: 'ws/game/r1?ticket=t' }) } = {}) {
  const listeners = {};
  const requests = [];
  const lobby = {
    greetedAs: null,
    on: (type, fn) => { (listeners[type] ??= []).push(fn); },
    quickPlay: () => { requests.push('quickPlay'); return join(); },
    joinRoom: (id) => { requests.push(`joinRoom ${id}`); return join(); },
    joinByCode: (code) => { requests.push(`joinByCode ${code}`); return join(); },
    createRoom: (name, capacity, priv) => { requests.push(`createRoom ${name} ${capacity} ${priv}`); return join(); },
    listRooms: async () => { requests.push('listRooms'); },
    chat: async (channel, text) => { requests.push(`chat ${channel} ${text}`); },
  };
  const conn = {
    ensureGreetedAs: async (name) => { requests.push(`hello ${name}`); lobby.greetedAs = name; },
    ensure: async () => {},
  };
  const flow = recorder();
  const stored = [];
  const nickStore = { get: () => 'Ann', set: (v) => stored.push(v) };
  const parts = newPage(app);
  const lobbyPage = new LobbyPage({ ui: parts.ui, app, lobby, conn, page: parts.page, flow, nickStore });
  const emit = (type, detail) => { for (const fn of listeners[type] ?? []) fn(detail); };
  const fire = (e, type, ev = {}) => Promise.all((e.listeners[type] ?? []).map((fn) => fn({ preventDefault() {}, ...ev })));
  return { ...parts, lobbyPage, lobby, conn, flow, requests, stored, emit, fire };
}

test('lobby pushes: rooms, presence, cluster, and chat by channel (room chat only for our room)', () => {
  const { emit, app, view, ui, lobbyChatView, gameChatView } = newLobbyPage();
  emit('message', { type: 'roomList', rooms: [room('a'), room('b')] });
  assert.deepEqual([...app.rooms.keys()].sort(), ['a', 'b']);
  emit('message', { type: 'roomsChanged', updated: [], closed: ['a'] });
  assert.deepEqual([...app.rooms.keys()], ['b']);
  assert.equal(view.calls.renderRooms.length, 2);
  emit('message', { type: 'presence', players: [{ playerId: 'p2', nickname: 'Bo', status: 'lobby' }], total: 1 });
  assert.equal(app.presence.total, 1);
  assert.equal(view.calls.renderPresence.length, 1);
  emit('message', { type: 'cluster', state: 'degraded' });
  assert.equal(ui.clusterNotice.hidden, false);
  const msg = (channel, id, roomId) => ({
    type: 'chat', channel, roomId, id, at: id, from: { playerId: 'p2', nickname: 'Bo' }, text: `m${id}`,
  });
  emit('message', msg('lobby', 1));
  emit('message', msg('room', 2, 'r1')); // not in a game: not ours
  assert.deepEqual([app.chat.lobby.length, app.chat.room.length], [1, 0]);
  app.game = { room: { id: 'r1' } };
  emit('message', msg('room', 3, 'r1'));
  emit('message', msg('room', 4, 'other'));
  assert.deepEqual(app.chat.room.map((m) => m.text), ['m3']);
  assert.equal(lobbyChatView.calls.render.length, 4);
  assert.equal(gameChatView.calls.render.length, 4);
  emit('message', { type: 'joined' }); // a late reply: nothing happens
  assert.equal(view.calls.renderRooms.length, 2);
});

test('lobby welcome: the player, the server settings, the cluster, and a resume handed to the game flow', () => {
  const { emit, app, ui, flow } = newLobbyPage();
  const resume = { room: room('r1'), gamePath: 'ws/game/r1?ticket=t' };
  emit('welcome', {
    playerId: 'p1', settings: { minCapacity: 2, maxCapacity: 12, seatHoldSeconds: 30 }, cluster: { state: 'ok' }, resume,
  });
  assert.equal(app.playerId, 'p1');
  assert.deepEqual(app.capacity, { min: 2, max: 12 });
  assert.deepEqual([ui.capacity.min, ui.capacity.max], ['2', '12']);
  assert.deepEqual(flow.calls.setGiveUpAfter, [[35000]]);
  assert.equal(app.clusterState, 'ok');
  assert.deepEqual(flow.calls.resume, [[resume]]);
  emit('welcome', { playerId: 'p1', settings: { minCapacity: 9, maxCapacity: 3 } });
  assert.deepEqual(app.capacity, { min: 2, max: 12 }, 'nonsense sizes are ignored');
  assert.deepEqual(flow.calls.setGiveUpAfter.at(-1), [GAME_GIVE_UP_MS]);
  emit('welcome', { playerId: 'p1' });
  assert.equal(flow.calls.setGiveUpAfter.length, 2, 'no settings: the give-up time stays');
  assert.deepEqual(flow.calls.resume.at(-1), [null]);
  assert.equal(app.clusterState, null);
});

test('quick play greets under the nickname, joins and starts the game; a bad nickname asks for another', async () => {
  const { ui, fire, requests, flow, stored, app } = newLobbyPage();
  assert.equal(ui.nickname.value, 'Ann', 'the remembered nickname');
  ui.nickname.value = '  Bea ';
  await fire(ui.quickPlay, 'click');
  await tick();
  assert.deepEqual(requests, ['hello Bea', 'quickPlay']);
  assert.deepEqual(stored, ['Bea']);
  assert.equal(flow.calls.start.length, 1);
  assert.deepEqual(flow.calls.start[0][1], { code: null });
  assert.equal(app.busy, false);
  ui.nickname.value = '';
  await fire(ui.quickPlay, 'click');
  assert.equal(ui.error.textContent, 'Pick a nickname of 1 to 16 characters.');
  assert.equal(ui.nickname.focused, 1);
  assert.equal(requests.length, 2, 'nothing asked');
});

test('a refused join shows the lobby\'s error and frees the buttons; no second request while busy or in a game', async () => {
  let release;
  const { ui, fire, requests, app, flow } = newLobbyPage({
    join: () => new Promise((resolve, reject) => { release = () => reject(new Error('Room is full.')); }),
  });
  fire(ui.quickPlay, 'click');
  await tick();
  assert.equal(app.busy, true);
  assert.equal(ui.quickPlay.disabled, true);
  fire(ui.quickPlay, 'click');
  await tick();
  assert.deepEqual(requests, ['hello Ann', 'quickPlay']);
  release();
  await tick();
  assert.equal(ui.error.textContent, 'Room is full.');
  assert.equal(app.busy, false);
  assert.equal(flow.calls.start, undefined);
  app.game = { room: room('r1') };
  await fire(ui.quickPlay, 'click');
  assert.equal(requests.length, 2);
});

test('join by code checks the code; create checks the size; watch needs a watch path', async () => {
  const { ui, fire, requests, flow, lobbyPage, app } = newLobbyPage();
  ui.codeInput.value = 'ab-c1';
  await fire(ui.codeInput, 'input');
  assert.equal(ui.codeInput.value, 'ABC1');
  await fire(ui.codeForm, 'submit');
  assert.equal(ui.error.textContent, 'Room codes have 6 letters or digits.');
  ui.codeInput.value = 'ABC123';
  await fire(ui.codeForm, 'submit');
  await tick();
  assert.deepEqual(requests.slice(-1), ['joinByCode ABC123']);
  assert.deepEqual(flow.calls.start.at(-1)[1], { code: 'ABC123' });
  ui.capacity.value = '99';
  await fire(ui.createForm, 'submit');
  assert.equal(ui.error.textContent, 'Rooms hold 2 to 32 players.');
  ui.capacity.value = '4';
  ui.roomPrivate.checked = true;
  await fire(ui.createForm, 'submit');
  await tick();
  assert.deepEqual(requests.slice(-1), ["createRoom Ann's room 4 true"]);
  app.rooms = new Map([['w', room('w', { watchPath: 'ws/game/w?watch' })], ['x', room('x')]]);
  lobbyPage.watch('x');
  assert.equal(flow.calls.start.length, 2, 'no watch path: nothing');
  lobbyPage.watch('w');
  assert.deepEqual(flow.calls.start.at(-1), [{ room: app.rooms.get('w'), gamePath: 'ws/game/w?watch' }, { spectator: true }]);
});

test('the lobby chat: an empty line is refused in place, a sent one clears the field', async () => {
  const { ui, fire, requests } = newLobbyPage();
  ui.lobbyChatInput.value = '   ';
  await fire(ui.lobbyChatForm, 'submit');
  assert.equal(ui.lobbyChatError.hidden, false);
  await fire(ui.lobbyChatInput, 'input');
  assert.equal(ui.lobbyChatError.hidden, true);
  ui.lobbyChatInput.value = 'hello';
  await fire(ui.lobbyChatForm, 'submit');
  assert.deepEqual(requests, ['chat lobby hello']);
  assert.equal(ui.lobbyChatInput.value, '');
});

// ---------------------------------------------------------------- gameflow.js

test('the reconnecting notice: what is tried, the next try, and how long the seat is still held', () => {
  assert.equal(reconnectText({ headline: 'Lost.', now: 1000, nextAt: 1500, dropAt: 0, giveUpMs: 20000 }),
    'Lost. Next try in 0.5 s. Your seat is held; giving up in 19 s.');
  assert.equal(reconnectText({ headline: 'Trying…', now: 5000, nextAt: 0, dropAt: 0, giveUpMs: 20000 }),
    'Trying… Your seat is held; giving up in 15 s.');
  assert.equal(reconnectText({ headline: 'x', now: 1000, nextAt: 4000, dropAt: 0, giveUpMs: 20000 }),
    'x Next try in 3 s. Your seat is held; giving up in 19 s.');
  assert.equal(reconnectText({ headline: 'x', now: 30000, nextAt: 0, dropAt: 0, giveUpMs: 20000 }),
    'x Your seat is held; giving up in 0 s.');
});

function newFlow({ greeted = true } = {}) {
  const app = newApp();
  const parts = newPage(app);
  const hud = recorder();
  const leaves = [];
  const lobby = { leave: async () => { leaves.push('leave'); } };
  const conn = { greeted };
  const gameChat = recorder();
  const codes = new Map();
  const roomCodes = { get: (id) => codes.get(id) ?? null, set: (id, c) => codes.set(id, c), clear: () => codes.clear() };
  const flow = new GameFlow({
    app, canvas: el('canvas'), hud, lobby, conn, page: parts.page, gameChat, netsim: { client: null, server: null },
    gameUrl: (p) => `ws://h/${p}`, roomCodes,
  });
  flow.resumer = recorder();
  const ended = [];
  const session = { end: (info) => { ended.push(info); flow.onEnd(info); }, leave: () => session.end({ left: true }) };
  const inGame = (extra = {}) => { app.game = { session, room: room('r1'), code: null, spectator: false, ...extra }; };
  return { ...parts, app, flow, hud, leaves, gameChat, ended, inGame };
}

test('a resume: declined for a room left while the lobby was down, offered to a reconnect, else started', () => {
  const { flow, app, leaves } = newFlow();
  const starts = [];
  flow.start = (...args) => starts.push(args);
  const resume = { room: room('r1'), gamePath: 'ws/game/r1?ticket=t' };
  flow.resume(null);
  flow.resume({ room: {}, gamePath: 'x' });
  app.leftRoomId = 'r1';
  flow.resume(resume);
  assert.deepEqual([leaves.length, app.leftRoomId, starts.length], [1, null, 0]);
  app.game = { room: room('r1') };
  flow.resume(resume);
  assert.equal(flow.resumer.calls.offer, undefined, 'the stream works: nothing to do');
  app.reconnecting = true;
  flow.resume(resume);
  assert.deepEqual(flow.resumer.calls.offer, [[resume]]);
  app.game = null;
  app.reconnecting = false;
  app.busy = true;
  flow.resume(resume);
  assert.equal(starts.length, 0, 'the player asked for something else');
  app.busy = false;
  flow.resume(resume);
  assert.deepEqual(starts, [[{ room: resume.room, gamePath: resume.gamePath }, { resumed: true }]]);
});

test('a drop: final closes end the game, others reconnect with a notice; success and give-up', () => {
  const { flow, app, hud, ended, inGame, gameChat, ui } = newFlow();
  inGame();
  flow.onDrop({ code: 4001, reason: 'no such room', message: 'The room is gone.' });
  assert.equal(ended.length, 1);
  assert.equal(app.game, null);
  assert.equal(ui.error.textContent, 'Disconnected from the game. The room is gone.');

  inGame();
  flow.onDrop({ code: 1006, reason: '', message: 'Lost.' });
  assert.equal(app.reconnecting, true);
  assert.equal(gameChat.calls.reset.length, 2);
  assert.match(hud.calls.setReconnecting.at(-1)[0], /^Connection to the game lost \(1006\)\. Your seat is held; giving up in 20 s\.$/);
  assert.equal(flow.resumer.calls.start.length, 1);
  flow.onDrop({ code: 1006 });
  assert.equal(flow.resumer.calls.start.length, 1, 'one reconnect at a time');
  flow.setGiveUpAfter(35000);
  assert.equal(app.giveUpMs, 35000);
  assert.deepEqual(flow.resumer.calls.setGiveUpAfter, [[35000]]);
  flow.giveUp({ deadline: true, message: 'late' });
  assert.match(ended.at(-1).text, /within 35 s; your seat has been released\.$/);
  assert.equal(app.reconnecting, false);
  assert.equal(app.game, null);
  assert.deepEqual(hud.calls.setReconnecting.at(-1), [null]);
  assert.equal(ui.error.textContent, ended.at(-1).text);

  inGame({ spectator: true });
  flow.onDrop({ code: 1001, reason: 'room closed', message: 'The room closed.' });
  assert.equal(ended.at(-1).text, 'Stopped watching: The room closed.');
});

test('leaving: the lobby releases the seat, or later when it is down; a spectator only closes its stream', () => {
  const down = newFlow({ greeted: false });
  down.inGame();
  down.flow.leave();
  assert.equal(down.app.leftRoomId, 'r1');
  assert.deepEqual(down.leaves, []);
  assert.deepEqual(down.ended, [{ left: true }]);
  assert.equal(down.ui.error.hidden, true);
  assert.equal(down.app.screen, 'lobby');

  const up = newFlow();
  up.inGame();
  up.flow.leave();
  assert.deepEqual(up.leaves, ['leave']);
  up.inGame({ spectator: true });
  up.flow.leave();
  assert.deepEqual(up.leaves, ['leave'], 'no seat to release');
  assert.equal(up.ended.length, 2);
  up.flow.leave(); // no game: nothing
  assert.equal(up.ended.length, 2);
});

// ---------------------------------------------------------------- pagekeys.js

/** A window stand-in that keeps its listeners. */
function fakeWindow() {
  const listeners = {};
  return {
    listeners,
    addEventListener: (type, fn, opts) => { (listeners[type] ??= []).push({ fn, opts }); },
    fire: (type, ev) => { for (const { fn } of listeners[type] ?? []) fn(ev); },
  };
}

test('Leave takes two presses of the button or Esc; the first arms it for a while', async () => {
  const button = el('button');
  const win = fakeWindow();
  let inGame = true;
  const left = [];
  installLeave({ button, win, inGame: () => inGame, onLeave: () => left.push(1), confirmMs: 30 });
  button.click();
  assert.equal(button.textContent, 'Confirm leave');
  assert.equal(button.classList.contains('armed'), true);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(button.textContent, 'Leave', 'disarmed by itself');
  assert.equal(button.classList.contains('armed'), false);
  button.click();
  button.click();
  assert.deepEqual(left, [1]);
  assert.equal(button.textContent, 'Leave');
  const esc = (target = null) => {
    const ev = { code: 'Escape', target, prevented: false, preventDefault() { ev.prevented = true; } };
    win.fire('keydown', ev);
    return ev;
  };
  assert.equal(esc({ tagName: 'INPUT' }).prevented, false, 'Esc in the chat is the chat\'s');
  inGame = false;
  assert.equal(esc().prevented, false, 'not in a game');
  inGame = true;
  assert.equal(esc().prevented, true);
  esc();
  assert.deepEqual(left, [1, 1]);
  let stopped = 0;
  for (const fn of button.listeners.mousedown) fn({ stopPropagation: () => { stopped++; } });
  assert.equal(stopped, 1);
});

test('the room code copies on a press, and any input wakes the lobby connection', async () => {
  const code = el();
  const written = [];
  let current = null;
  installRoomCodeCopy(code, () => current, { clipboard: { writeText: async (t) => { written.push(t); } } });
  code.click();
  current = 'ABC123';
  code.click();
  assert.deepEqual(written, ['ABC123']);
  installRoomCodeCopy(code, () => 'X', { clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
  code.click(); // refused: no unhandled rejection
  await tick();

  const win = fakeWindow();
  const doc = { ...fakeWindow(), visibilityState: 'hidden' };
  let wakes = 0;
  installWake(win, doc, () => wakes++);
  assert.deepEqual(Object.keys(win.listeners).sort(), ['keydown', 'pointerdown']);
  assert.equal(win.listeners.keydown[0].opts.capture, true);
  win.fire('pointerdown', {});
  win.fire('keydown', {});
  doc.fire('visibilitychange');
  assert.equal(wakes, 2, 'not while hidden');
  doc.visibilityState = 'visible';
  doc.fire('visibilitychange');
  assert.equal(wakes, 3);
});
