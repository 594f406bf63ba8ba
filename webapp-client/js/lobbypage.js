/**
 * The lobby's wiring: the lobby connection's pushes (rooms, presence, chat, cluster) and welcome (settings,
 * resume), the nickname, and the lobby screen's controls: quick play, join, watch, create, join by code,
 * refresh and the lobby chat. What they show goes through PageView (pageview.js), games through GameFlow
 * (gameflow.js).
 */

import { gameOf } from './games/index.js';
import { LobbyError } from './engine/lobby.js';
import { gameGiveUpMs } from './engine/reconnect.js';
import { roomsFromList, applyRoomsChanged, watchPathOf } from './rooms.js';
import { presenceFromList, applyPresenceChanged } from './presence.js';
import { replaysFromList } from './replays.js';
import { validateChat, chatFromHistory, appendChat } from './chat.js';

const CODE_PATTERN = /^[A-Z0-9]{6}$/;

/** Whether a (trimmed) nickname is one the server takes: 1 to 16 characters, no control characters. */
export function validNickname(name) {
  return name.length >= 1 && name.length <= 16 && !/[\u0000-\u001f\u007f-\u009f]/.test(name);
}

/** A name for an automatic hello (page load, reconnect): the field's value if valid, else a stand-in. */
export function helloNameOf(value) {
  const name = value.trim();
  return validNickname(name) ? name : 'Player';
}

/** What the room code field keeps of a typed value: capitals and digits, 6 at most. */
export function codeFieldValue(value) {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6);
}

export class LobbyPage {
  /**
   * @param {object} o
   * @param {object} o.ui the page's elements (main.js)
   * @param {object} o.app the page's state (main.js)
   * @param {import('./engine/lobby.js').LobbyClient} o.lobby
   * @param {import('./engine/lobbyconn.js').LobbyConnection} o.conn
   * @param {import('./pageview.js').PageView} o.page
   * @param {import('./gameflow.js').GameFlow} o.flow
   * @param {{get(): string|null, set(value: string)}} o.nickStore the remembered nickname
   */
  constructor({ ui, app, lobby, conn, page, flow, nickStore }) {
    Object.assign(this, { ui, app, lobby, conn, page, flow, nickStore });
    lobby.on('message', (msg) => this.onPush(msg));
    lobby.on('welcome', (w) => this.onWelcome(w));
    this.wireNickname();
    this.wireForms();
  }

  /** A push (or a reply nobody waited for) of the lobby: the state it changes, drawn again. */
  onPush(msg) {
    const { app, page } = this;
    switch (msg.type) {
      case 'roomList': // the push after welcome
      case 'rooms': // a listRooms reply (Refresh)
        app.rooms = roomsFromList(msg.rooms);
        page.renderRooms();
        break;
      case 'roomsChanged':
        app.rooms = applyRoomsChanged(app.rooms, msg);
        page.renderRooms();
        break;
      case 'presence':
        app.presence = presenceFromList(msg);
        page.renderPresence();
        break;
      case 'presenceChanged':
        app.presence = applyPresenceChanged(app.presence, msg);
        page.renderPresence();
        break;
      case 'chatHistory':
        if (msg.channel === 'lobby') app.chat.lobby = chatFromHistory(msg.messages);
        else if (msg.channel === 'room' && this.forOurRoom(msg.roomId)) app.chat.room = chatFromHistory(msg.messages);
        page.renderChat();
        break;
      case 'cluster':
        page.setCluster(msg);
        break;
      case 'chat':
        if (msg.channel === 'lobby') app.chat.lobby = appendChat(app.chat.lobby, msg);
        else if (msg.channel === 'room' && this.forOurRoom(msg.roomId)) app.chat.room = appendChat(app.chat.room, msg);
        page.renderChat();
        break;
      default:
        break; // replies nobody waited for (a late answer after a timeout)
    }
  }

  /** Whether a room-channel message or history belongs to the room we play in. */
  forOurRoom(roomId) {
    const { app } = this;
    return app.game !== null && (roomId === undefined || roomId === null || roomId === app.game.room.id);
  }

  /** Asks the server for its replays and shows them; a failure leaves the list as it was. */
  async refreshReplays() {
    try {
      await this.conn.ensure();
      this.app.replays = replaysFromList(await this.lobby.listReplays());
      this.page.renderReplays();
    } catch {
      // the lobby is down or busy: the list stays, Refresh tries again
    }
  }

  onWelcome(w) {
    this.app.playerId = w.playerId;
    this.refreshReplays();
    this.applyServerSettings(w.settings);
    this.page.setCluster(w.cluster ?? null);
    this.page.renderPresence();
    this.flow.resume(w.resume ?? null);
  }

  /**
   * What the server says of its settings (lobby welcome, protocol 7): the room sizes the create form offers and how
   * long a dropped seat is held (the reconnect gives up a little after). Missing values keep the defaults.
   */
  applyServerSettings(s) {
    if (!s || typeof s !== 'object') return;
    if (Number.isInteger(s.minCapacity) && Number.isInteger(s.maxCapacity) && s.minCapacity <= s.maxCapacity) {
      this.app.capacity = { min: s.minCapacity, max: s.maxCapacity };
      this.ui.capacity.min = String(s.minCapacity);
      this.ui.capacity.max = String(s.maxCapacity);
    }
    this.offerGames(s.games, s.defaultGame);
    this.flow.setGiveUpAfter(gameGiveUpMs(s.seatHoldSeconds));
  }

  /**
   * The games the server offers (protocol 8: [{name, maxCapacity, ...}]) that this page can play, in the game
   * choice; the server's default game chosen unless the player chose another.
   */
  offerGames(games, defaultGame) {
    const select = this.ui.gameChoice;
    if (!select || !Array.isArray(games)) return;
    const playable = games.filter((g) => g && typeof g.name === 'string' && gameOf(g.name));
    if (!playable.length) return;
    const chosen = select.dataset.chosen === '1' ? select.value : defaultGame;
    this.app.games = new Map(playable.map((g) => [g.name, g]));
    const same = select.options && [...select.options].map((o) => o.value).join() === playable.map((g) => g.name).join();
    if (!same) select.replaceChildren(...playable.map((g) => {
      const o = document.createElement('option');
      o.value = g.name;
      o.textContent = gameOf(g.name).title;
      return o;
    }));
    select.value = this.app.games.has(chosen) ? chosen : playable[0].name;
    this.showGameBlurb();
  }

  /** The game the player chose (null: the server's default). */
  chosenGame() {
    return this.ui.gameChoice?.value || null;
  }

  showGameBlurb() {
    const g = gameOf(this.chosenGame());
    if (this.ui.gameBlurb && g) this.ui.gameBlurb.textContent = g.blurb;
  }

  /** The nickname as the server will see it, or null with an error shown when it is not valid. */
  nickname() {
    const name = this.ui.nickname.value.trim();
    if (!validNickname(name)) {
      this.page.showError('Pick a nickname of 1 to 16 characters.');
      this.ui.nickname.focus();
      return null;
    }
    this.nickStore.set(name);
    return name;
  }

  /** Greets with the current nickname (reconnecting when it changed) and runs a request that joins a room. */
  async play(joinRequest, { code = null } = {}) {
    const { app, page } = this;
    if (app.busy || app.game) return;
    const name = this.nickname();
    if (!name) return;
    page.showError('');
    page.setBusy(true);
    try {
      await this.conn.ensureGreetedAs(name);
      if (app.game) return; // that hello resumed a game
      const joined = await joinRequest();
      this.flow.start(joined, { code });
    } catch (err) {
      page.showError(err.message);
    } finally {
      page.setBusy(false);
    }
  }

  /** Plays in a room of the list. */
  join(roomId) {
    this.play(() => this.lobby.joinRoom(roomId));
  }

  /** Watches a public room as a spectator: no seat, no lobby request; the room summary says where (watchPath). */
  watch(roomId) {
    const { app } = this;
    if (app.busy || app.game) return;
    const room = app.rooms.get(roomId);
    const path = watchPathOf(room);
    if (!path) return;
    this.page.showError('');
    this.flow.start({ room, gamePath: path }, { spectator: true });
  }

  /** The nickname field: the remembered one (or a made-up one), greeted again under a new name as it changes. */
  wireNickname() {
    const { ui, app, lobby, conn } = this;
    ui.nickname.value = this.nickStore.get() ?? `Player${Math.floor(100 + Math.random() * 900)}`;
    ui.nickname.addEventListener('change', () => {
      const name = ui.nickname.value.trim();
      if (!validNickname(name)) return;
      this.nickStore.set(name);
      // greet again under the new name (same player thanks to the token) so others see it at once
      if (lobby.greetedAs !== name && !app.game && !app.busy) {
        conn.ensureGreetedAs(name).catch((err) => {
          if (err instanceof LobbyError) this.page.showError(err.message); // a lost connection reconnects by itself
        });
      }
    });
    ui.nickname.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.play(() => lobby.quickPlay(this.chosenGame()));
    });
  }

  /** Quick play, refresh, create, join by code and the lobby chat. */
  wireForms() {
    const { ui, app, lobby, conn, page } = this;
    ui.quickPlay.addEventListener('click', () => this.play(() => lobby.quickPlay(this.chosenGame())));
    ui.gameChoice?.addEventListener('change', () => {
      ui.gameChoice.dataset.chosen = '1';
      this.showGameBlurb();
    });
    ui.refresh.addEventListener('click', async () => {
      page.showError('');
      try {
        await conn.ensure();
        await lobby.listRooms(); // the answer goes through the same reducer as the pushes
      } catch (err) {
        page.showError(err.message);
      }
    });
    ui.replaysRefresh?.addEventListener('click', () => this.refreshReplays());
    page.onLobby = () => this.refreshReplays();
    ui.createForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const nick = ui.nickname.value.trim();
      const name = ui.roomName.value.trim() || `${nick || 'Player'}'s room`.slice(0, 32);
      const capacity = Number(ui.capacity.value);
      const game = this.chosenGame();
      const { min } = app.capacity;
      const max = Math.min(app.capacity.max, app.games?.get(game)?.maxCapacity ?? app.capacity.max);
      if (!Number.isInteger(capacity) || capacity < min || capacity > max) {
        page.showError(`Rooms hold ${min} to ${max} players.`);
        return;
      }
      const isPrivate = ui.roomPrivate.checked;
      this.play(() => lobby.createRoom(name, capacity, isPrivate, game));
    });
    ui.codeInput.addEventListener('input', () => {
      const v = codeFieldValue(ui.codeInput.value);
      if (v !== ui.codeInput.value) ui.codeInput.value = v;
    });
    ui.codeForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const code = ui.codeInput.value.trim().toUpperCase();
      if (!CODE_PATTERN.test(code)) {
        page.showError('Room codes have 6 letters or digits.');
        ui.codeInput.focus();
        return;
      }
      this.play(() => lobby.joinByCode(code), { code });
    });
    ui.lobbyChatForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = validateChat(ui.lobbyChatInput.value);
      if (!v.ok) {
        page.showChatError(v.error);
        return;
      }
      try {
        await conn.ensure();
        await lobby.chat('lobby', v.text);
        ui.lobbyChatInput.value = '';
        page.showChatError('');
      } catch (err) {
        page.showChatError(err.message);
      }
    });
    ui.lobbyChatInput.addEventListener('input', () => {
      if (!ui.lobbyChatError.hidden) page.showChatError('');
    });
  }
}
