/** Gets a dropped game stream back: fresh ticket (welcome resume, joinRoom or joinByCode), backoff, give-up. */

import { LobbyError } from './lobby.js';
import { Reconnector, fatal, shutdownHint, GAME_GIVE_UP_MS, GAME_BACKOFF_MS } from './reconnect.js';

/** Close codes of the game stream after which reconnecting cannot help (left; ticket refused; no such room; full). */
export const FINAL_GAME_CLOSES = new Set([1000, 4000, 4001, 4006]);
/** The reason of the 1008 with which an operator removes a player (the operator's console): not to be undone. */
const REMOVED = /^removed by an operator/;
/** The server refused the network simulation the page asked it for (1008 with this reason): no use retrying. */
const NETSIM_REFUSED = /netsim|network simulation/i;
/** Why a game ends when its server shuts down: the restarted server has no seat to give back. */
export const SERVER_RESTARTING = 'The server is restarting, so this game has ended. '
  + 'The lobby reconnects by itself in a few seconds.';

/** What a player reads after its room's server went down (cluster: the lobby answered ROOM_LOST). */
export const MATCH_LOST = 'The server that ran your match went down, so the match was lost. You are back in the lobby.';

function lost(cause) {
  const e = fatal(MATCH_LOST, cause);
  e.lost = true;
  return e;
}

/**
 * Whether a dropped game stream (info {code, reason, message} from the session) ends the game: returns the
 * info for session.end(), or null when a reconnect may get the seat back. A graceful shutdown (1001 with the
 * reconnect hint) ends it with SERVER_RESTARTING: the server's state, the seat included, does not survive
 * the restart (a 1001 for another reason, e.g. "room closed", is retried and finds the room gone).
 * askedServerNetsim: the page asked the server for a network simulation (a 1008 refusing it is final).
 */
export function finalDrop(info, { askedServerNetsim = false } = {}) {
  const { code, reason } = info;
  if (code === null || code === undefined) return null;
  if (shutdownHint(code, reason) !== null) return { code, reason, text: SERVER_RESTARTING };
  const netsimRefused = code === 1008 && askedServerNetsim && NETSIM_REFUSED.test(reason ?? '');
  const removed = code === 1008 && REMOVED.test(reason ?? '');
  return FINAL_GAME_CLOSES.has(code) || netsimRefused || removed ? { code, reason, message: info.message } : null;
}

/**
 * One reconnect try, given what it needs:
 *  - conn: {greeted, ensure(), renew()} (a LobbyConnection)
 *  - lobby: {joinRoom(id), joinByCode(code)} (a LobbyClient)
 *  - game: {room, code, session: {reopen(url)}}
 *  - takeResume(): the resume of a welcome for this room since the last try, or null (taken once)
 *  - toUrl(gamePath): the game stream URL
 *  - onStep(text): what is being tried, for the reconnecting notice
 * Resolves once the stream is back (the session has its new WELCOME); rejects with a fatal error when
 * retrying cannot help (room closed, seat given away, server shutting down), with another error to retry later.
 */
export async function reconnectOnce({ conn, lobby, game, takeResume, toUrl, onStep = () => {} }) {
  onStep(conn.greeted ? 'Asking the lobby for a new ticket…' : 'Reconnecting to the lobby…');
  await conn.ensure();
  let resume = takeResume();
  if (!resume && game.room.private && !game.code) {
    // no code to ask for this private room with: a fresh hello (same token) hands the seat out as a resume
    await conn.renew();
    resume = takeResume();
  }
  let path;
  if (resume) {
    path = resume.gamePath;
  } else {
    try {
      const joined = game.code ? await lobby.joinByCode(game.code) : await lobby.joinRoom(game.room.id);
      path = joined.gamePath;
    } catch (err) {
      if (err instanceof LobbyError && err.code === 'ROOM_NOT_FOUND') throw fatal('The room has closed.', err);
      if (err instanceof LobbyError && err.code === 'ROOM_LOST') throw lost(err);
      if (err instanceof LobbyError && err.code === 'ROOM_FULL') throw fatal('Your seat was given away and the room is full.', err);
      if (err instanceof LobbyError && err.code === 'SHUTTING_DOWN') throw fatal(SERVER_RESTARTING, err);
      throw err;
    }
  }
  onStep('Rejoining the game…');
  try {
    await game.session.reopen(toUrl(path));
  } catch (info) {
    if (info && info.ended) throw fatal('The game has ended.');
    if (info && info.code === 4001) throw fatal('The room has closed.');
    if (info && shutdownHint(info.code, info.reason) !== null) throw fatal(SERVER_RESTARTING);
    throw new Error(info?.message ?? 'The game stream closed.');
  }
}

/**
 * Drives reconnectOnce on the game's backoff schedule (GAME_BACKOFF_MS: 0.5, 0.5, 1, 1, 2 s, then every 4 s)
 * for the game in progress, giving up GAME_GIVE_UP_MS (the seat hold plus a margin) after the drop. offer(resume) hands it a welcome's resume and tries at once.
 */
export class GameResumer {
  constructor({ conn, lobby, getGame, toUrl, onStep, onSchedule, onSuccess, onGiveUp, clock,
    giveUpAfterMs = GAME_GIVE_UP_MS }) {
    this.resume = null;
    this.reconnector = new Reconnector({
      clock,
      giveUpAfterMs,
      delays: GAME_BACKOFF_MS,
      attempt: () => {
        const game = getGame();
        if (!game) return Promise.reject(fatal('The game has ended.'));
        return reconnectOnce({ conn, lobby, game, toUrl, onStep, takeResume: () => this.take(game.room.id) });
      },
      onSchedule,
      onSuccess,
      onGiveUp,
    });
  }
  /** The server's seat hold is known (lobby welcome): give up that long (plus a margin) after the next drop. */
  setGiveUpAfter(ms) {
    this.reconnector.giveUpAfterMs = ms;
  }


  get active() {
    return this.reconnector.active;
  }

  start() {
    this.resume = null;
    this.reconnector.start();
  }

  stop() {
    this.resume = null;
    this.reconnector.stop();
  }

  /** A welcome's resume for roomId arrived: keep it for the next try and try now. */
  offer(resume) {
    if (!this.active) return;
    this.resume = resume;
    this.reconnector.poke();
  }

  take(roomId) {
    const r = this.resume;
    this.resume = null;
    return r && r.room && r.room.id === roomId ? r : null;
  }
}
