/** Page glue: lobby connection (token, pushes, chat), lobby screen, game start/resume/reconnect, debug handle. */

import { LobbyClient, LobbyError } from './lobby.js';
import { GameSession } from './game.js';
import { Hud } from './hud.js';
import { wsUrl } from './urls.js';
import { closeText, plainText } from './messages.js';
import { GAME_GIVE_UP_MS, gameGiveUpMs } from './reconnect.js';
import { LobbyConnection } from './lobbyconn.js';
import { GameResumer, finalDrop } from './resume.js';
import { tokenStore, roomCodeStore, storedString, browserStorage, NICKNAME_KEY } from './storage.js';
import { roomsFromList, applyRoomsChanged, sortRooms, watchPathOf } from './rooms.js';
import { presenceFromList, applyPresenceChanged, sortPresence } from './presence.js';
import { validateChat, chatFromHistory, appendChat } from './chat.js';
import { LobbyView } from './lobbyview.js';
import { ChatLogView } from './chatview.js';
import { GameChat } from './gamechat.js';
import { setText } from './dom.js';
import { netsimFromPage, withServerNetsim } from './netsim.js';
import { TwoStep } from './confirm.js';
import { installHelp } from './help.js';
import { pageState, installDebugHandle } from './debughandle.js';

const LEAVE_CONFIRM_MS = 3000; // the second press of Leave (or Esc) must come within this
const CODE_PATTERN = /^[A-Z0-9]{6}$/;
const RECONNECT_TEXT_MS = 250;

const $ = (id) => document.getElementById(id);
const ui = {
  lobby: $('lobby-screen'), game: $('game-screen'), canvas: $('game-canvas'),
  nickname: $('nickname'), quickPlay: $('quick-play'), createForm: $('create-form'), roomName: $('room-name'),
  capacity: $('room-capacity'), roomPrivate: $('room-private'), createRoom: $('create-room'),
  codeForm: $('code-form'), codeInput: $('code-input'), codeJoin: $('code-join'),
  refresh: $('refresh'), error: $('lobby-error'), status: $('lobby-status'), leave: $('leave'),
  clusterNotice: $('cluster-notice'),
  lobbyChatForm: $('lobby-chat-form'), lobbyChatInput: $('lobby-chat-input'), lobbyChatError: $('lobby-chat-error'),
  roomCode: $('room-code'),
};

/**
 * Network simulation (debug): ?netsim=SPEC puts the client's game streams behind the client-side simulator
 * (the N key cycles it in game), ?servernetsim=SPEC asks the server to simulate SPEC (it must allow it).
 */
const netsimPage = netsimFromPage(location.href);
if (netsimPage.error) console.warn(`Ignoring ?netsim: ${netsimPage.error}`);
const netsim = { client: netsimPage.client, server: netsimPage.server };
/** The game stream URL of a game path (with the server-side simulation asked for, if any). */
const gameUrl = (path) => withServerNetsim(wsUrl(path, location.href), netsim.server);

const nickStore = storedString(browserStorage('localStorage'), NICKNAME_KEY);
const roomCodes = roomCodeStore();
const lobby = new LobbyClient(wsUrl('ws/lobby', location.href), { tokenStore: tokenStore() });
const hud = new Hud();
const view = new LobbyView({
  roomList: $('room-list'), roomsEmpty: $('rooms-empty'), onlineList: $('online-list'), onlineCount: $('online-count'),
}, { onJoin: (roomId) => play(() => lobby.joinRoom(roomId)), onWatch: (roomId) => watch(roomId) });
const lobbyChatView = new ChatLogView($('lobby-chat-log'), { empty: $('lobby-chat-empty') });
const gameChatView = new ChatLogView($('game-chat-log'));

/** Everything the page knows; the debug handle reads it. */
const app = {
  screen: 'lobby',
  busy: false,
  playerId: null, // last greeted identity (the token keeps it across reconnects)
  clusterState: null, // cluster mode: 'ok' or 'degraded' (the shared lobby out of reach); null on a single node
  rooms: new Map(),
  presence: { players: new Map(), total: 0 },
  chat: { lobby: [], room: [], roomId: null },
  game: null, // {session, room, code}
  reconnecting: false,
  reconnects: 0,
  drop: null, // {info, at} of the drop being repaired
  leftRoomId: null, // left while the lobby was down: a resume for it is declined
  capacity: { min: 2, max: 32 }, // room sizes the server takes (its welcome's settings)
  giveUpMs: GAME_GIVE_UP_MS, // a dropped game's reconnect gives up after this (the server's seat hold + margin)
};

// ---------------------------------------------------------------- small helpers

/** The nickname as the server will see it, or null with an error shown when it is not valid. */
function nickname() {
  const name = ui.nickname.value.trim();
  if (name.length < 1 || name.length > 16 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    showError('Pick a nickname of 1 to 16 characters.');
    ui.nickname.focus();
    return null;
  }
  nickStore.set(name);
  return name;
}

/** A name for an automatic hello (page load, reconnect): the field if valid, else a stand-in. */
function helloName() {
  const name = ui.nickname.value.trim();
  return name.length >= 1 && name.length <= 16 && !/[\u0000-\u001f\u007f-\u009f]/.test(name) ? name : 'Player';
}

function showError(text) {
  setText(ui.error, text);
  ui.error.hidden = !text;
}

function showChatError(text) {
  setText(ui.lobbyChatError, text);
  ui.lobbyChatError.hidden = !text;
}

/**
 * The cluster's state from a `cluster` message or a welcome's `cluster` field (cluster mode only): while the
 * shared lobby is out of reach the lobby says so; matches in play are not affected.
 */
function setCluster(cluster) {
  const degraded = cluster !== null && typeof cluster === 'object' && cluster.state === 'degraded';
  setText(ui.clusterNotice, degraded ? plainText(cluster.message, 'The shared lobby is out of reach.') : '');
  ui.clusterNotice.hidden = !degraded;
  app.clusterState = degraded ? 'degraded' : (cluster ? 'ok' : null);
}

function setStatus(state, text) {
  ui.status.dataset.state = state;
  setText(ui.status.querySelector('.status-text'), text);
}

function setBusy(value) {
  app.busy = value;
  for (const b of [ui.quickPlay, ui.refresh, ui.createRoom, ui.codeJoin]) b.disabled = value;
  view.setBusy(value);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(ms < 1000 ? 1 : 0)} s`;
}

// ---------------------------------------------------------------- lobby state (pushes)

function renderRooms() {
  view.renderRooms(sortRooms(app.rooms));
}

function renderPresence() {
  view.renderPresence(sortPresence(app.presence, app.playerId), app.presence.total, app.playerId);
}

function renderChat() {
  lobbyChatView.render(app.chat.lobby, app.playerId);
  gameChatView.render(app.chat.room, app.playerId);
}

/** Whether a room-channel message or history belongs to the room we play in. */
function forOurRoom(roomId) {
  return app.game !== null && (roomId === undefined || roomId === null || roomId === app.game.room.id);
}

lobby.on('message', (msg) => {
  switch (msg.type) {
    case 'roomList': // the push after welcome
    case 'rooms': // a listRooms reply (Refresh)
      app.rooms = roomsFromList(msg.rooms);
      renderRooms();
      break;
    case 'roomsChanged':
      app.rooms = applyRoomsChanged(app.rooms, msg);
      renderRooms();
      break;
    case 'presence':
      app.presence = presenceFromList(msg);
      renderPresence();
      break;
    case 'presenceChanged':
      app.presence = applyPresenceChanged(app.presence, msg);
      renderPresence();
      break;
    case 'chatHistory':
      if (msg.channel === 'lobby') app.chat.lobby = chatFromHistory(msg.messages);
      else if (msg.channel === 'room' && forOurRoom(msg.roomId)) app.chat.room = chatFromHistory(msg.messages);
      renderChat();
      break;
    case 'cluster':
      setCluster(msg);
      break;
    case 'chat':
      if (msg.channel === 'lobby') app.chat.lobby = appendChat(app.chat.lobby, msg);
      else if (msg.channel === 'room' && forOurRoom(msg.roomId)) app.chat.room = appendChat(app.chat.room, msg);
      renderChat();
      break;
    default:
      break; // replies nobody waited for (a late answer after a timeout)
  }
});

// ---------------------------------------------------------------- lobby connection

const conn = new LobbyConnection(lobby, {
  helloName,
  onStatus: setStatus,
  onRefused: (err) => {
    if (app.screen === 'lobby') showError(err.message);
  },
});

lobby.on('welcome', (w) => {
  app.playerId = w.playerId;
  applyServerSettings(w.settings);
  setCluster(w.cluster ?? null);
  renderPresence();
  handleResume(w.resume ?? null);
});

for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, () => conn.wake(), { capture: true });
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') conn.wake();
});

/**
 * What the server says of its settings (lobby welcome, protocol 7): the room sizes the create form offers and how
 * long a dropped seat is held (the reconnect gives up a little after). Missing values keep the defaults.
 */
function applyServerSettings(s) {
  if (!s || typeof s !== 'object') return;
  if (Number.isInteger(s.minCapacity) && Number.isInteger(s.maxCapacity) && s.minCapacity <= s.maxCapacity) {
    app.capacity = { min: s.minCapacity, max: s.maxCapacity };
    ui.capacity.min = String(s.minCapacity);
    ui.capacity.max = String(s.maxCapacity);
  }
  app.giveUpMs = gameGiveUpMs(s.seatHoldSeconds);
  resumer.setGiveUpAfter(app.giveUpMs);
}

/** A welcome's resume: go back into that room's game, feed a reconnect in progress, or decline it. */
function handleResume(resume) {
  if (!resume || typeof resume !== 'object' || !resume.room || typeof resume.room.id !== 'string'
    || typeof resume.gamePath !== 'string') return;
  if (app.leftRoomId === resume.room.id) {
    app.leftRoomId = null;
    lobby.leave().catch(() => { /* already released */ });
    return;
  }
  if (app.game) {
    if (app.reconnecting && app.game.room.id === resume.room.id) resumer.offer(resume);
    return; // otherwise the game stream works: the seat is ours already
  }
  if (app.busy) return; // the player just asked for something else
  showError('');
  startGame({ room: resume.room, gamePath: resume.gamePath }, { resumed: true });
}

/** Greets with the current nickname (reconnecting when it changed) and runs a request that joins a room. */
async function play(joinRequest, { code = null } = {}) {
  if (app.busy || app.game) return;
  const name = nickname();
  if (!name) return;
  showError('');
  setBusy(true);
  try {
    await conn.ensureGreetedAs(name);
    if (app.game) return; // that hello resumed a game
    const joined = await joinRequest();
    startGame(joined, { code });
  } catch (err) {
    showError(err.message);
  } finally {
    setBusy(false);
  }
}

/** Watches a public room as a spectator: no seat, no lobby request; the room summary says where (watchPath). */
function watch(roomId) {
  if (app.busy || app.game) return;
  const room = app.rooms.get(roomId);
  const path = watchPathOf(room);
  if (!path) return;
  showError('');
  startGame({ room, gamePath: path }, { spectator: true });
}

// ---------------------------------------------------------------- screens and the game

function showScreen(name) {
  app.screen = name;
  ui.lobby.hidden = name !== 'lobby';
  ui.game.hidden = name !== 'game';
  document.body.dataset.screen = name;
}

/**
 * Starts the game of a `joined` reply (or a resume {room, gamePath}); code: the private room's code if known;
 * spectator: watch the room (its watchPath) instead of playing in it.
 */
function startGame(joined, { code = null, resumed = false, spectator = false } = {}) {
  document.activeElement?.blur(); // keys typed into a hidden field would not reach the game
  const room = joined.room;
  const roomCode = spectator ? null : (typeof joined.code === 'string' && joined.code) || code
    || (room.private ? roomCodes.get(room.id) : null) || null;
  if (roomCode) roomCodes.set(room.id, roomCode);
  else roomCodes.clear();
  if (app.chat.roomId !== room.id) app.chat.room = [];
  app.chat.roomId = room.id;
  app.leftRoomId = null;
  showScreen('game');
  const session = new GameSession({
    room, canvas: ui.canvas, hud, onDrop: onGameDrop, onEnd: onGameEnd, netsim, toUrl: gameUrl, spectator,
  });
  app.game = { session, room, code: roomCode, spectator };
  document.body.dataset.spectator = spectator ? '1' : '0';
  const started = session.start(gameUrl(joined.gamePath));
  hud.setRoomCode(roomCode);
  renderChat();
  started.then(() => {
    if (resumed) app.reconnects++;
  }, (info) => {
    if (!info.ended && app.game?.session === session) onGameDrop(info);
  });
}

/**
 * The game stream closed under us: finish the session (left, refused, room gone, server restarting: back to
 * the lobby, whose connection comes back by itself), or keep the screen and reconnect.
 */
function onGameDrop(info) {
  const game = app.game;
  if (!game || app.reconnecting) return;
  if (game.spectator) { // nothing is held for a spectator: back to the lobby, which lists the room if it still runs
    game.session.end({ text: `Stopped watching: ${info.message ?? closeText(info.code, info.reason)}` });
    return;
  }
  const ending = finalDrop(info, { askedServerNetsim: netsim.server !== null });
  if (ending) {
    game.session.end(ending);
    return;
  }
  app.reconnecting = true;
  app.drop = { info, at: performance.now() };
  gameChat.reset();
  updateReconnectText(`Connection to the game lost${info.code ? ` (${info.code})` : ''}.`);
  clearInterval(reconnectTextTimer);
  reconnectTextTimer = setInterval(() => updateReconnectText(), RECONNECT_TEXT_MS);
  resumer.start();
}

let reconnectTextTimer = 0;
let reconnectNextAt = 0;
let reconnectHeadline = '';

/** The reconnecting notice: what is being tried, when the next try is, and how long the seat is held. */
function updateReconnectText(headline) {
  if (!app.reconnecting) return;
  if (headline !== undefined) reconnectHeadline = headline;
  const now = performance.now();
  const left = Math.max(0, app.giveUpMs - (now - app.drop.at));
  const next = reconnectNextAt > now ? ` Next try in ${seconds(reconnectNextAt - now)}.` : '';
  hud.setReconnecting(`${reconnectHeadline}${next} Your seat is held; giving up in ${Math.ceil(left / 1000)} s.`);
}

const resumer = new GameResumer({
  conn,
  lobby,
  getGame: () => app.game,
  toUrl: gameUrl,
  onStep: (text) => {
    reconnectNextAt = 0;
    updateReconnectText(text);
  },
  onSchedule: ({ delayMs }) => {
    reconnectNextAt = delayMs === null ? 0 : performance.now() + delayMs;
    updateReconnectText(delayMs === null ? 'Could not reconnect yet.' : undefined);
  },
  onSuccess: () => {
    app.reconnecting = false;
    app.reconnects++;
    clearInterval(reconnectTextTimer);
    hud.setReconnecting(null);
  },
  onGiveUp: (reason) => {
    const game = app.game;
    if (!game) return;
    let text = `Could not get back into the game: ${reason?.message ?? 'unknown error'}`;
    if (reason?.lost) text = reason.message; // the room's server went down (cluster): say so plainly
    else if (reason?.deadline) {
      text = `Lost the connection to the game and could not get back in within ${Math.round(app.giveUpMs / 1000)} s; your seat has been released.`;
    }
    if (conn.greeted) lobby.leave().catch(() => { /* nothing held any more */ });
    else app.leftRoomId = game.room.id;
    game.session.end({ text });
  },
});

function onGameEnd(info) {
  resumer.stop();
  clearInterval(reconnectTextTimer);
  app.reconnecting = false;
  app.drop = null;
  app.game = null;
  document.body.dataset.spectator = '0';
  app.chat.room = [];
  app.chat.roomId = null;
  roomCodes.clear();
  gameChat.reset();
  hud.setReconnecting(null);
  hud.setRoomCode(null);
  renderChat();
  showScreen('lobby');
  if (info.left) showError('');
  else showError(info.text ?? `Disconnected from the game. ${info.message ?? closeText(info.code, info.reason)}`);
}

function leaveGame() {
  const game = app.game;
  if (!game) return;
  if (game.spectator) {
    game.session.leave(); // a spectator holds no seat: closing the stream is all
    return;
  }
  if (conn.greeted) lobby.leave().catch(() => { /* the seat goes when the hold runs out */ });
  else app.leftRoomId = game.room.id;
  game.session.leave();
}

const gameChat = new GameChat({
  els: { root: $('game-chat'), form: $('game-chat-form'), input: $('game-chat-input'), error: $('game-chat-error') },
  canvas: ui.canvas,
  isActive: () => app.screen === 'game' && app.game !== null && !app.game.spectator, // spectators have no room chat
  onTyping: (typing) => app.game?.session.controls.setSuspended(typing),
  send: (text) => lobby.chat('room', text),
});

// ---------------------------------------------------------------- wiring

ui.nickname.value = nickStore.get() ?? `Player${Math.floor(100 + Math.random() * 900)}`;
ui.nickname.addEventListener('change', () => {
  const name = ui.nickname.value.trim();
  if (name !== helloName()) return;
  nickStore.set(name);
  // greet again under the new name (same player thanks to the token) so others see it at once
  if (lobby.greetedAs !== name && !app.game && !app.busy) {
    conn.ensureGreetedAs(name).catch((err) => {
      if (err instanceof LobbyError) showError(err.message); // a lost connection reconnects by itself
    });
  }
});
ui.nickname.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') play(() => lobby.quickPlay());
});
ui.quickPlay.addEventListener('click', () => play(() => lobby.quickPlay()));
ui.refresh.addEventListener('click', async () => {
  showError('');
  try {
    await conn.ensure();
    await lobby.listRooms(); // the answer goes through the same reducer as the pushes
  } catch (err) {
    showError(err.message);
  }
});
ui.createForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const nick = ui.nickname.value.trim();
  const name = ui.roomName.value.trim() || `${nick || 'Player'}'s room`.slice(0, 32);
  const capacity = Number(ui.capacity.value);
  const { min, max } = app.capacity;
  if (!Number.isInteger(capacity) || capacity < min || capacity > max) {
    showError(`Rooms hold ${min} to ${max} players.`);
    return;
  }
  const isPrivate = ui.roomPrivate.checked;
  play(() => lobby.createRoom(name, capacity, isPrivate));
});
ui.codeInput.addEventListener('input', () => {
  const v = ui.codeInput.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6);
  if (v !== ui.codeInput.value) ui.codeInput.value = v;
});
ui.codeForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const code = ui.codeInput.value.trim().toUpperCase();
  if (!CODE_PATTERN.test(code)) {
    showError('Room codes have 6 letters or digits.');
    ui.codeInput.focus();
    return;
  }
  play(() => lobby.joinByCode(code), { code });
});
ui.lobbyChatForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const v = validateChat(ui.lobbyChatInput.value);
  if (!v.ok) {
    showChatError(v.error);
    return;
  }
  try {
    await conn.ensure();
    await lobby.chat('lobby', v.text);
    ui.lobbyChatInput.value = '';
    showChatError('');
  } catch (err) {
    showChatError(err.message);
  }
});
ui.lobbyChatInput.addEventListener('input', () => {
  if (!ui.lobbyChatError.hidden) showChatError('');
});
// Leave takes two presses (the button or Esc) within three seconds: a stray click where you aim does not leave
const leaveStep = new TwoStep(LEAVE_CONFIRM_MS);
let leaveTimer = null;
function disarmLeave() {
  leaveStep.reset();
  clearTimeout(leaveTimer);
  ui.leave.textContent = 'Leave';
  ui.leave.classList.remove('armed');
}
function pressLeave() {
  if (leaveStep.press(performance.now()) === 'confirmed') {
    disarmLeave();
    leaveGame();
    return;
  }
  ui.leave.textContent = 'Confirm leave'; // short: it must fit one line on a phone
  ui.leave.classList.add('armed');
  clearTimeout(leaveTimer);
  leaveTimer = setTimeout(disarmLeave, LEAVE_CONFIRM_MS);
}
ui.leave.addEventListener('click', pressLeave);
window.addEventListener('keydown', (e) => {
  const t = e.target;
  if (e.code !== 'Escape' || app.screen !== 'game' || !app.game) return;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return; // Esc in the chat closes the chat
  e.preventDefault();
  pressLeave();
});
ui.leave.addEventListener('mousedown', (e) => e.stopPropagation());
ui.roomCode.addEventListener('click', () => {
  const code = app.game?.code;
  if (code) navigator.clipboard?.writeText(code).catch(() => { /* not allowed here: the code is selectable */ });
});

installHelp(document, window); // keyboard or touch help in the lobby and the game
showScreen('lobby');
conn.ensure().catch((err) => {
  if (err instanceof LobbyError) showError(err.message); // e.g. a refused nickname
  else conn.retry();
});

// read-only state for automated browser tests (never the session token): window.skirmish.state
installDebugHandle(window, () => pageState({
  app, playerId: lobby.playerId, netsim, presence: sortPresence(app.presence, app.playerId),
}));
