/** Page glue: lobby screen, lobby connection, switching to and from the game, and the debug handle. */

import { LobbyClient } from './lobby.js';
import { GameSession } from './game.js';
import { Hud } from './hud.js';
import { wsUrl } from './urls.js';
import { closeText } from './messages.js';

const NICK_KEY = 'skirmish.nickname';
const ROOM_POLL_MS = 4000;
const PHASE_LABELS = { waiting: 'Waiting', playing: 'In match', results: 'Results' };

const $ = (id) => document.getElementById(id);
const ui = {
  lobby: $('lobby-screen'), game: $('game-screen'), canvas: $('game-canvas'),
  nickname: $('nickname'), quickPlay: $('quick-play'), createForm: $('create-form'), roomName: $('room-name'),
  capacity: $('room-capacity'), refresh: $('refresh'), roomList: $('room-list'), roomsEmpty: $('rooms-empty'),
  error: $('lobby-error'), status: $('lobby-status'), leave: $('leave'),
};

const lobby = new LobbyClient(wsUrl('ws/lobby', location.href));
const hud = new Hud();
let session = null;
let screen = 'lobby';
let busy = false;
let pollTimer = 0;
let reconnectTimer = 0;
let reconnectDelay = 1000;

// ---------------------------------------------------------------- helpers

function storedNickname() {
  try {
    return localStorage.getItem(NICK_KEY);
  } catch {
    return null;
  }
}

function storeNickname(name) {
  try {
    localStorage.setItem(NICK_KEY, name);
  } catch { /* private mode: not remembered */ }
}

/** The nickname as the server will see it, or null with an error shown when it is not valid. */
function nickname() {
  const name = ui.nickname.value.trim();
  if (name.length < 1 || name.length > 16 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    showError('Pick a nickname of 1 to 16 characters.');
    ui.nickname.focus();
    return null;
  }
  storeNickname(name);
  return name;
}

function showError(text) {
  ui.error.textContent = text;
  ui.error.hidden = !text;
}

function setStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.querySelector('.status-text').textContent = text;
}

function setBusy(value) {
  busy = value;
  for (const b of [ui.quickPlay, ui.refresh, ui.createForm.querySelector('button')]) b.disabled = value;
  for (const b of ui.roomList.querySelectorAll('button')) b.disabled = value || b.dataset.full === '1';
}

// ---------------------------------------------------------------- room list

function renderRooms(rooms) {
  const rows = rooms.map((room) => {
    const tr = document.createElement('tr');
    const cells = [
      [room.name, 'name'], [room.map ?? '', 'muted'], [`${room.players}/${room.capacity}`, 'num'],
    ];
    for (const [text, cls] of cells) {
      const td = document.createElement('td');
      td.className = cls;
      td.textContent = String(text);
      tr.append(td);
    }
    const phase = document.createElement('td');
    const pill = document.createElement('span');
    pill.className = `pill pill-${String(room.phase)}`;
    pill.textContent = PHASE_LABELS[room.phase] ?? String(room.phase);
    phase.append(pill);
    const action = document.createElement('td');
    action.className = 'action';
    const join = document.createElement('button');
    join.type = 'button';
    join.className = 'btn btn-small';
    const full = room.players >= room.capacity;
    join.textContent = full ? 'Full' : 'Join';
    join.dataset.full = full ? '1' : '0';
    join.disabled = busy || full;
    join.addEventListener('click', () => play(() => lobby.joinRoom(room.id)));
    action.append(join);
    tr.append(phase, action);
    return tr;
  });
  ui.roomList.replaceChildren(...rows);
  ui.roomsEmpty.hidden = rooms.length > 0;
}

async function refreshRooms({ quiet = false } = {}) {
  if (!lobby.connected || !lobby.welcome) return;
  try {
    renderRooms(await lobby.listRooms());
  } catch (err) {
    if (!quiet) showError(err.message);
  }
}

function startPolling() {
  clearInterval(pollTimer);
  pollTimer = setInterval(() => {
    if (screen === 'lobby' && !busy && document.visibilityState === 'visible') refreshRooms({ quiet: true });
  }, ROOM_POLL_MS);
}

// ---------------------------------------------------------------- lobby connection

async function connectLobby() {
  clearTimeout(reconnectTimer);
  if (lobby.connected) return; // already reconnected by a Play click
  setStatus('connecting', 'Connecting…');
  try {
    await lobby.connect();
    reconnectDelay = 1000;
    const name = ui.nickname.value.trim();
    const welcome = await lobby.hello(name.length >= 1 && name.length <= 16 ? name : 'Player');
    setStatus('online', `Online as ${welcome.nickname}${welcome.server ? ` · ${welcome.server}` : ''}`);
    await refreshRooms();
  } catch (err) {
    if (lobby.connected) showError(err.message); // e.g. a refused nickname
  }
}

lobby.on('open', () => clearTimeout(reconnectTimer));
lobby.on('close', ({ code }) => {
  const wait = reconnectDelay;
  reconnectDelay = Math.min(10000, reconnectDelay * 2);
  const why = code === 1013 ? 'Server busy' : 'Disconnected';
  setStatus('offline', `${why}, retrying in ${Math.round(wait / 1000)} s…`);
  reconnectTimer = setTimeout(connectLobby, wait);
});

/** Greets with the current nickname (reconnecting when it changed) and runs a request that joins a room. */
async function play(joinRequest) {
  if (busy) return;
  const name = nickname();
  if (!name) return;
  showError('');
  setBusy(true);
  try {
    const welcome = await lobby.ensureHello(name);
    setStatus('online', `Online as ${welcome.nickname}${welcome.server ? ` · ${welcome.server}` : ''}`);
    const joined = await joinRequest();
    startGame(joined);
  } catch (err) {
    showError(err.message);
    refreshRooms({ quiet: true });
  } finally {
    setBusy(false);
  }
}

// ---------------------------------------------------------------- screens

function showScreen(name) {
  screen = name;
  ui.lobby.hidden = name !== 'lobby';
  ui.game.hidden = name !== 'game';
  document.body.dataset.screen = name;
}

function startGame(joined) {
  document.activeElement?.blur(); // keys typed into a hidden field would not reach the game
  showScreen('game');
  session = new GameSession({
    url: wsUrl(joined.gamePath, location.href),
    room: joined.room,
    canvas: ui.canvas,
    hud,
    onEnd: (info) => {
      session = null;
      showScreen('lobby');
      showError(info.left ? '' : `Disconnected from the game. ${info.message ?? closeText(info.code, info.reason)}`);
      refreshRooms({ quiet: true });
      setTimeout(() => refreshRooms({ quiet: true }), 600); // once the server has seen us go
    },
  });
  session.start();
}

function leaveGame() {
  if (!session) return;
  if (lobby.connected) lobby.leave().catch(() => { /* the closed stream leaves the room anyway */ });
  session.leave();
}

// ---------------------------------------------------------------- wiring

ui.nickname.value = storedNickname() ?? `Player${Math.floor(100 + Math.random() * 900)}`;
ui.nickname.addEventListener('change', () => {
  const name = ui.nickname.value.trim();
  if (name.length >= 1 && name.length <= 16) storeNickname(name);
});
ui.nickname.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') play(() => lobby.quickPlay());
});
ui.quickPlay.addEventListener('click', () => play(() => lobby.quickPlay()));
ui.refresh.addEventListener('click', () => {
  showError('');
  refreshRooms();
});
ui.createForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const nick = ui.nickname.value.trim();
  const name = ui.roomName.value.trim() || `${nick || 'Player'}'s room`.slice(0, 32);
  const capacity = Number(ui.capacity.value);
  if (!Number.isInteger(capacity) || capacity < 2 || capacity > 32) {
    showError('Rooms hold 2 to 32 players.');
    return;
  }
  play(() => lobby.createRoom(name, capacity));
});
ui.leave.addEventListener('click', leaveGame);
ui.leave.addEventListener('mousedown', (e) => e.stopPropagation());

showScreen('lobby');
connectLobby();
startPolling();

/** Read-only state for automated browser tests. */
const debugHandle = Object.freeze({
  get state() {
    const game = session ? session.debugState() : null;
    return Object.freeze({
      screen,
      playerId: lobby.playerId,
      selfId: game?.selfId ?? null,
      roomId: game?.roomId ?? null,
      entities: game?.entities ?? [],
      ownPosition: game?.ownPosition ?? null,
      snapshotsReceived: game?.snapshotsReceived ?? 0,
      lastTick: game?.lastTick ?? null,
      roster: game?.roster ?? null,
      prediction: game?.prediction ?? null,
    });
  },
});
Object.defineProperty(window, 'skirmish', { value: debugHandle, writable: false, configurable: false, enumerable: true });
