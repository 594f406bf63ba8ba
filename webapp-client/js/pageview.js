/**
 * What the page shows outside the game canvas: which screen is up, the lobby's error line, the lobby chat's
 * error, the connection status, the cluster notice, the busy state of the lobby's buttons, and the rooms,
 * who is online and the two chat logs, drawn from the page's state (`app`, main.js).
 */

import { setText } from './dom.js';
import { plainText } from './engine/messages.js';
import { sortRooms } from './rooms.js';
import { sortPresence } from './presence.js';

export class PageView {
  /**
   * @param {object} o
   * @param {object} o.ui the page's elements (main.js): lobby, game, error, lobbyChatError, status, clusterNotice,
   *   and the buttons quickPlay, refresh, createRoom, codeJoin
   * @param {object} o.app the page's state: screen, busy, clusterState, rooms, presence, chat, playerId
   * @param {import('./lobbyview.js').LobbyView} o.view the room table and the online list
   * @param {import('./chatview.js').ChatLogView} o.lobbyChatView
   * @param {import('./chatview.js').ChatLogView} o.gameChatView
   * @param {HTMLElement} o.body gets data-screen
   */
  constructor({ ui, app, view, lobbyChatView, gameChatView, body }) {
    Object.assign(this, { ui, app, view, lobbyChatView, gameChatView, body });
  }

  /** Shows the 'lobby' or the 'game' screen. */
  showScreen(name) {
    const { ui } = this;
    const was = this.app.screen;
    this.app.screen = name;
    ui.lobby.hidden = name !== 'lobby';
    ui.game.hidden = name !== 'game';
    this.body.dataset.screen = name;
    if (name === 'lobby' && was !== 'lobby') this.onLobby?.(); // back from a game: the lists may have grown
  }

  /** The lobby's error line ('' hides it). */
  showError(text) {
    setText(this.ui.error, text);
    this.ui.error.hidden = !text;
  }

  /** The lobby chat's error line ('' hides it). */
  showChatError(text) {
    setText(this.ui.lobbyChatError, text);
    this.ui.lobbyChatError.hidden = !text;
  }

  /** The status line of the lobby connection: state 'connecting', 'online' or 'offline', and its text. */
  setStatus(state, text) {
    this.ui.status.dataset.state = state;
    setText(this.ui.status.querySelector('.status-text'), text);
  }

  /**
   * The cluster's state from a `cluster` message or a welcome's `cluster` field (cluster mode only): while the
   * shared lobby is out of reach the lobby says so; matches in play are not affected.
   */
  setCluster(cluster) {
    const degraded = cluster !== null && typeof cluster === 'object' && cluster.state === 'degraded';
    setText(this.ui.clusterNotice, degraded ? plainText(cluster.message, 'The shared lobby is out of reach.') : '');
    this.ui.clusterNotice.hidden = !degraded;
    this.app.clusterState = degraded ? 'degraded' : (cluster ? 'ok' : null);
  }

  /** While a request that joins a room runs, the buttons that would start another are disabled. */
  setBusy(value) {
    const { ui } = this;
    this.app.busy = value;
    for (const b of [ui.quickPlay, ui.refresh, ui.createRoom, ui.codeJoin]) b.disabled = value;
    this.view.setBusy(value);
  }

  renderRooms() {
    this.view.renderRooms(sortRooms(this.app.rooms));
  }

  renderReplays() {
    this.view.renderReplays(this.app.replays);
  }

  renderPresence() {
    const { app } = this;
    this.view.renderPresence(sortPresence(app.presence, app.playerId), app.presence.total, app.playerId);
  }

  renderChat() {
    const { app } = this;
    this.lobbyChatView.render(app.chat.lobby, app.playerId);
    this.gameChatView.render(app.chat.room, app.playerId);
  }
}
