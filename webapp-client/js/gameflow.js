/**
 * The page's game flow: starting a game (a `joined` reply, a resume, or watching), a welcome's resume, a dropped
 * stream (the end of the game, or a reconnect with its notice), giving up, the end back to the lobby, and
 * leaving. The GameSession (game.js) runs the game itself; GameResumer (resume.js) gets a dropped stream back.
 */

import { gameOf } from './games/index.js';
import { useGameHelp } from './help.js';
import { closeText } from './engine/messages.js';
import { GameResumer, finalDrop } from './engine/resume.js';
import { ReplayBar } from './engine/replaybar.js';
import { sendFrame } from './engine/stream.js';
import { REPLAY } from './engine/wire.js';

/** How far back a kill replay reaches (seconds), and how long its picture stays after its end. */
export const KILL_REPLAY_SECONDS = 6;
const KILL_REPLAY_LINGER_MS = 1200;

/** The stream path of a kill replay of the room a game path leads to (the same node, in a cluster). */
export function killReplayPath(gamePath, roomId, followId) {
  const at = typeof gamePath === 'string' ? gamePath.indexOf('ws/game/') : -1;
  const prefix = at > 0 ? gamePath.slice(0, at) : '';
  return `${prefix}ws/replay/${encodeURIComponent(roomId)}?last=${KILL_REPLAY_SECONDS}&follow=${followId}`;
}

/** A HUD that shows nothing (the kill replay's picture has no HUD of its own). */
const SILENT_HUD = new Proxy({}, { get: () => () => {} });

const RECONNECT_TEXT_MS = 250;

function seconds(ms) {
  return `${(ms / 1000).toFixed(ms < 1000 ? 1 : 0)} s`;
}

/**
 * The reconnecting notice: what is being tried (headline), when the next try is (nextAt, 0 for none), and how
 * long the seat is still held (the give-up time giveUpMs after the drop at dropAt). Times in ms, one clock.
 */
export function reconnectText({ headline, now, nextAt, dropAt, giveUpMs }) {
  const left = Math.max(0, giveUpMs - (now - dropAt));
  const next = nextAt > now ? ` Next try in ${seconds(nextAt - now)}.` : '';
  return `${headline}${next} Your seat is held; giving up in ${Math.ceil(left / 1000)} s.`;
}

export class GameFlow {
  /**
   * @param {object} o
   * @param {object} o.app the page's state (main.js): game, reconnecting, reconnects, drop, leftRoomId, giveUpMs,
   *   busy, chat
   * @param {HTMLCanvasElement} o.canvas
   * @param {import('./engine/hud.js').Hud} o.hud
   * @param {import('./engine/lobby.js').LobbyClient} o.lobby
   * @param {import('./engine/lobbyconn.js').LobbyConnection} o.conn
   * @param {import('./pageview.js').PageView} o.page
   * @param {import('./gamechat.js').GameChat} o.gameChat
   * @param {{client: string|null, server: string|null}} o.netsim the page's network simulator settings
   * @param {(gamePath: string) => string} o.gameUrl the stream URL of a game path
   * @param {{get(id), set(id, code), clear()}} o.roomCodes the private room's code, kept for a reload
   */
  constructor({ app, canvas, hud, lobby, conn, page, gameChat, netsim, gameUrl, roomCodes }) {
    Object.assign(this, { app, canvas, hud, lobby, conn, page, gameChat, netsim, gameUrl, roomCodes });
    this.textTimer = 0;
    this.nextAt = 0; // when the next reconnect try is (performance.now()), 0 for none
    this.headline = '';
    this.resumer = new GameResumer({
      conn,
      lobby,
      getGame: () => app.game,
      toUrl: gameUrl,
      onStep: (text) => {
        this.nextAt = 0;
        this.updateReconnectText(text);
      },
      onSchedule: ({ delayMs }) => {
        this.nextAt = delayMs === null ? 0 : performance.now() + delayMs;
        this.updateReconnectText(delayMs === null ? 'Could not reconnect yet.' : undefined);
      },
      onSuccess: () => {
        app.reconnecting = false;
        app.reconnects++;
        clearInterval(this.textTimer);
        hud.setReconnecting(null);
      },
      onGiveUp: (reason) => this.giveUp(reason),
    });
  }

  /** How long after a drop the reconnect gives up (the server's seat hold and a margin). */
  setGiveUpAfter(ms) {
    this.app.giveUpMs = ms;
    this.resumer.setGiveUpAfter(ms);
  }

  /**
   * Starts the game of a `joined` reply (or a resume {room, gamePath}); code: the private room's code if known;
   * spectator: watch the room (its watchPath) instead of playing in it.
   */
  start(joined, { code = null, resumed = false, spectator = false, replay = null } = {}) {
    const { app, roomCodes, hud } = this;
    document.activeElement?.blur(); // keys typed into a hidden field would not reach the game
    const room = joined.room;
    const roomCode = spectator ? null : (typeof joined.code === 'string' && joined.code) || code
      || (room.private ? roomCodes.get(room.id) : null) || null;
    if (roomCode) roomCodes.set(room.id, roomCode);
    else roomCodes.clear();
    if (app.chat.roomId !== room.id) app.chat.room = [];
    app.chat.roomId = room.id;
    app.leftRoomId = null;
    const game = gameOf(room.game);
    if (!game) {
      this.page.showError(`This page cannot play ${room.game} yet; reload it.`);
      return;
    }
    this.page.showScreen('game');
    useGameHelp(game.help);
    const session = new game.Session({
      room, canvas: this.canvas, hud, onDrop: (info) => this.onDrop(info), onEnd: (info) => this.onEnd(info),
      netsim: this.netsim, toUrl: this.gameUrl, spectator,
    });
    app.game = { session, room, code: roomCode, spectator, replay, gamePath: joined.gamePath, replayBar: null };
    document.body.dataset.spectator = spectator ? '1' : '0';
    if (replay) {
      const bar = new ReplayBar(document, {
        send: (bytes) => sendFrame(session, bytes), downloadHref: new URL(replay.downloadPath, location.href).href,
      });
      app.game.replayBar = bar;
      session.onReplay = (f) => bar.update(f);
    } else if (!spectator) {
      session.onKilled = (killer) => this.offerKillReplay(killer);
    }
    const started = session.start(this.gameUrl(joined.gamePath));
    hud.setRoomCode(roomCode);
    this.page.renderChat();
    started.then(() => {
      if (resumed) app.reconnects++;
    }, (info) => {
      if (!info.ended && app.game?.session === session) this.onDrop(info);
    });
  }

  /** A welcome's resume: go back into that room's game, feed a reconnect in progress, or decline it. */
  resume(resume) {
    const { app } = this;
    if (!resume || typeof resume !== 'object' || !resume.room || typeof resume.room.id !== 'string'
      || typeof resume.gamePath !== 'string') return;
    if (app.leftRoomId === resume.room.id) {
      app.leftRoomId = null;
      this.lobby.leave().catch(() => { /* already released */ });
      return;
    }
    if (app.game) {
      if (app.reconnecting && app.game.room.id === resume.room.id) this.resumer.offer(resume);
      return; // otherwise the game stream works: the seat is ours already
    }
    if (app.busy) return; // the player just asked for something else
    this.page.showError('');
    this.start({ room: resume.room, gamePath: resume.gamePath }, { resumed: true });
  }

  /**
   * The game stream closed under us: finish the session (left, refused, room gone, server restarting: back to
   * the lobby, whose connection comes back by itself), or keep the screen and reconnect.
   */
  onDrop(info) {
    const { app } = this;
    const game = app.game;
    if (!game || app.reconnecting) return;
    if (game.spectator) { // nothing is held for a spectator: back to the lobby, which lists the room if it still runs
      game.session.end({ text: `Stopped watching: ${info.message ?? closeText(info.code, info.reason)}` });
      return;
    }
    const ending = finalDrop(info, { askedServerNetsim: this.netsim.server !== null });
    if (ending) {
      game.session.end(ending);
      return;
    }
    app.reconnecting = true;
    app.drop = { info, at: performance.now() };
    this.gameChat.reset();
    this.updateReconnectText(`Connection to the game lost${info.code ? ` (${info.code})` : ''}.`);
    clearInterval(this.textTimer);
    this.textTimer = setInterval(() => this.updateReconnectText(), RECONNECT_TEXT_MS);
    this.resumer.start();
  }

  /** The reconnecting notice, with a new headline or the last one. */
  updateReconnectText(headline) {
    const { app } = this;
    if (!app.reconnecting) return;
    if (headline !== undefined) this.headline = headline;
    this.hud.setReconnecting(reconnectText({
      headline: this.headline, now: performance.now(), nextAt: this.nextAt, dropAt: app.drop.at, giveUpMs: app.giveUpMs,
    }));
  }

  /** The reconnect gave up (deadline, room lost, a fatal refusal): the seat is released and the game ends. */
  giveUp(reason) {
    const { app } = this;
    const game = app.game;
    if (!game) return;
    let text = `Could not get back into the game: ${reason?.message ?? 'unknown error'}`;
    if (reason?.lost) text = reason.message; // the room's server went down (cluster): say so plainly
    else if (reason?.deadline) {
      text = `Lost the connection to the game and could not get back in within ${Math.round(app.giveUpMs / 1000)} s; `
        + 'your seat has been released.';
    }
    if (this.conn.greeted) this.lobby.leave().catch(() => { /* nothing held any more */ });
    else app.leftRoomId = game.room.id;
    game.session.end({ text });
  }

  /** Watches a replay the lobby lists ({id, room, game, map, watchPath, downloadPath}; replays.js). */
  watchReplay(replay) {
    if (this.app.busy || this.app.game) return;
    this.page.showError('');
    this.start({ room: { id: replay.id, name: `Replay · ${replay.room}`, game: replay.game, map: replay.map },
      gamePath: replay.watchPath }, { spectator: true, replay });
  }

  /**
   * The own player was eliminated by {id, name}: the respawn notice offers the kill replay (button or R) until the
   * player is back.
   */
  offerKillReplay(killer) {
    const game = this.app.game;
    if (!game || game.spectator || !killer?.id) return;
    game.killer = killer;
    this.hud.offerKillReplay?.(() => this.watchKill());
  }

  /**
   * The last seconds of the room as the killer saw them, in a picture in the corner (no HUD, no sound, no keys
   * but Esc), while the game goes on: a replay stream of the same node. It closes itself after its end.
   */
  watchKill() {
    const game = this.app.game;
    if (!game || !game.killer || this.killcam) return;
    const entry = gameOf(game.room.game);
    const canvas = document.getElementById('killcam-canvas');
    const label = document.getElementById('killcam-label');
    if (!entry || !canvas) return;
    canvas.hidden = false;
    label.hidden = false;
    document.getElementById('killcam-name').textContent = game.killer.name ?? '';
    let lingering = null;
    const seen = { killer: game.killer.name ?? null, opened: performance.now(), snapshots: 0, ended: false, closed: false };
    this.app.killReplay = seen;
    const close = () => {
      clearTimeout(lingering);
      seen.snapshots = session.snapshotsReceived;
      seen.closed = true;
      if (this.killcam?.session === session) this.killcam = null;
      canvas.hidden = true;
      label.hidden = true;
      window.removeEventListener('keydown', onKey, true);
      if (!session.ended) session.end({ left: true });
    };
    const onKey = (e) => {
      if (e.code === 'Escape') {
        e.stopPropagation();
        e.preventDefault();
        close();
      }
    };
    const session = new entry.Session({
      room: game.room, canvas, hud: SILENT_HUD, onDrop: close, onEnd: close, netsim: { client: null, server: null },
      spectator: true, picture: true,
    });
    session.onReplay = (f) => {
      seen.snapshots = session.snapshotsReceived;
      if ((f.flags & REPLAY.AT_END) && lingering === null) {
        seen.ended = true;
        lingering = setTimeout(close, KILL_REPLAY_LINGER_MS);
      }
    };
    this.killcam = { session, close };
    window.addEventListener('keydown', onKey, true);
    session.start(this.gameUrl(killReplayPath(game.gamePath, game.room.id, game.killer.id))).catch(close);
  }

  /** The session ended: back to the lobby, with the reason unless the player left. */
  onEnd(info) {
    const { app, hud, page } = this;
    app.game?.replayBar?.detach();
    this.killcam?.close();
    this.resumer.stop();
    clearInterval(this.textTimer);
    app.reconnecting = false;
    app.drop = null;
    app.game = null;
    document.body.dataset.spectator = '0';
    app.chat.room = [];
    app.chat.roomId = null;
    this.roomCodes.clear();
    this.gameChat.reset();
    hud.setReconnecting(null);
    hud.setRoomCode(null);
    page.renderChat();
    page.showScreen('lobby');
    if (info.left) page.showError('');
    else page.showError(info.text
      ?? `Disconnected from the game. ${info.message ?? closeText(info.code, info.reason)}`);
  }

  /** Leaves the game on purpose: the lobby releases the seat (later, if it is down), the stream closes. */
  leave() {
    const { app } = this;
    const game = app.game;
    if (!game) return;
    if (game.spectator) {
      game.session.leave(); // a spectator holds no seat: closing the stream is all
      return;
    }
    if (this.conn.greeted) this.lobby.leave().catch(() => { /* the seat goes when the hold runs out */ });
    else app.leftRoomId = game.room.id;
    game.session.leave();
  }
}
