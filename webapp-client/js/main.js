/**
 * The page's entry point: finds the page's elements, holds the page's state (`app`), builds the lobby
 * connection, the views, the game flow and the lobby's wiring, connects, and installs the debug handle.
 * What each part does: pageview.js (what the page shows), lobbypage.js (the lobby's pushes, nickname and
 * forms), gameflow.js (a game's start, drop, reconnect, end and leave), pagekeys.js (Leave, the room code,
 * waking the lobby connection).
 */

import { LobbyClient, LobbyError } from './engine/lobby.js';
import { Hud } from './engine/hud.js';
import { wsUrl } from './urls.js';
import { GAME_GIVE_UP_MS } from './engine/reconnect.js';
import { LobbyConnection } from './engine/lobbyconn.js';
import { tokenStore, roomCodeStore, storedString, browserStorage, NICKNAME_KEY } from './engine/storage.js';
import { sortPresence } from './presence.js';
import { LobbyView } from './lobbyview.js';
import { ChatLogView } from './chatview.js';
import { GameChat } from './gamechat.js';
import { netsimFromPage, withServerNetsim } from './engine/netsim.js';
import { installHelp } from './help.js';
import { pageState, installDebugHandle } from './debughandle.js';
import { PageView } from './pageview.js';
import { GameFlow } from './gameflow.js';
import { LobbyPage, helloNameOf } from './lobbypage.js';
import { installLeave, installRoomCodeCopy, installWake } from './pagekeys.js';

const $ = (id) => document.getElementById(id);
const ui = {
  lobby: $('lobby-screen'), game: $('game-screen'), canvas: $('game-canvas'),
  nickname: $('nickname'), quickPlay: $('quick-play'), createForm: $('create-form'), roomName: $('room-name'),
  capacity: $('room-capacity'), roomPrivate: $('room-private'), createRoom: $('create-room'),
  codeForm: $('code-form'), codeInput: $('code-input'), codeJoin: $('code-join'),
  refresh: $('refresh'), replaysRefresh: $('replays-refresh'), error: $('lobby-error'), status: $('lobby-status'), leave: $('leave'),
  clusterNotice: $('cluster-notice'),
  lobbyChatForm: $('lobby-chat-form'), lobbyChatInput: $('lobby-chat-input'), lobbyChatError: $('lobby-chat-error'),
  roomCode: $('room-code'), gameChoice: $('game-choice'), gameBlurb: $('game-blurb'),
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
const lobby = new LobbyClient(wsUrl('ws/lobby', location.href), { tokenStore: tokenStore() });
const hud = new Hud();
const view = new LobbyView({
  roomList: $('room-list'), roomsEmpty: $('rooms-empty'), onlineList: $('online-list'), onlineCount: $('online-count'),
  replayList: $('replay-list'), replaysEmpty: $('replays-empty'),
}, {
  onJoin: (roomId) => lobbyPage.join(roomId), onWatch: (roomId) => lobbyPage.watch(roomId),
  onReplay: (replay) => flow.watchReplay(replay), downloadUrl: (path) => new URL(path, location.href).href,
});

/** Everything the page knows; the debug handle reads it. */
const app = {
  screen: 'lobby',
  busy: false,
  playerId: null, // last greeted identity (the token keeps it across reconnects)
  clusterState: null, // cluster mode: 'ok' or 'degraded' (the shared lobby out of reach); null on a single node
  rooms: new Map(),
  replays: [], // the replays the server keeps (its listReplays reply), newest first
  presence: { players: new Map(), total: 0 },
  chat: { lobby: [], room: [], roomId: null },
  game: null, // {session, room, code, spectator}
  reconnecting: false,
  reconnects: 0,
  drop: null, // {info, at} of the drop being repaired
  leftRoomId: null, // left while the lobby was down: a resume for it is declined
  capacity: { min: 2, max: 32 }, // room sizes the server takes (its welcome's settings)
  giveUpMs: GAME_GIVE_UP_MS, // a dropped game's reconnect gives up after this (the server's seat hold + margin)
};

const page = new PageView({
  ui, app, view, body: document.body,
  lobbyChatView: new ChatLogView($('lobby-chat-log'), { empty: $('lobby-chat-empty') }),
  gameChatView: new ChatLogView($('game-chat-log')),
});

const conn = new LobbyConnection(lobby, {
  helloName: () => helloNameOf(ui.nickname.value),
  onStatus: (state, text) => page.setStatus(state, text),
  onRefused: (err) => {
    if (app.screen === 'lobby') page.showError(err.message);
  },
});
installWake(window, document, () => conn.wake());

const gameChat = new GameChat({
  els: { root: $('game-chat'), form: $('game-chat-form'), input: $('game-chat-input'), error: $('game-chat-error') },
  canvas: ui.canvas,
  isActive: () => app.screen === 'game' && app.game !== null && !app.game.spectator, // spectators have no room chat
  onTyping: (typing) => app.game?.session.controls.setSuspended(typing),
  send: (text) => lobby.chat('room', text),
});

const flow = new GameFlow({
  app, canvas: ui.canvas, hud, lobby, conn, page, gameChat, netsim, gameUrl, roomCodes: roomCodeStore(),
});
const lobbyPage = new LobbyPage({ ui, app, lobby, conn, page, flow, nickStore });

installLeave({
  button: ui.leave, win: window, inGame: () => app.screen === 'game' && Boolean(app.game), onLeave: () => flow.leave(),
});
installRoomCodeCopy(ui.roomCode, () => app.game?.code);
installHelp(document, window); // keyboard or touch help in the lobby and the game
page.showScreen('lobby');
conn.ensure().catch((err) => {
  if (err instanceof LobbyError) page.showError(err.message); // e.g. a refused nickname
  else conn.retry();
});

// read-only state for automated browser tests (never the session token): window.skirmish.state
installDebugHandle(window, () => pageState({
  app, playerId: lobby.playerId, netsim, presence: sortPresence(app.presence, app.playerId),
}));
