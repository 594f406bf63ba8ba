/** Gets a dropped game stream back: fresh ticket (welcome resume, joinRoom or joinByCode), backoff, give-up. */

import { LobbyError } from './lobby.js';
import { Reconnector, fatal, GAME_GIVE_UP_MS } from './reconnect.js';

/**
 * One reconnect try, given what it needs:
 *  - conn: {greeted, ensure(), renew()} (a LobbyConnection)
 *  - lobby: {joinRoom(id), joinByCode(code)} (a LobbyClient)
 *  - game: {room, code, session: {reopen(url)}}
 *  - takeResume(): the resume of a welcome for this room since the last try, or null (taken once)
 *  - toUrl(gamePath): the game stream URL
 *  - onStep(text): what is being tried, for the reconnecting notice
 * Resolves once the stream is back (the session has its new WELCOME); rejects with a fatal error when
 * retrying cannot help (room closed, seat given away), with another error to retry later.
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
      if (err instanceof LobbyError && err.code === 'ROOM_FULL') throw fatal('Your seat was given away and the room is full.', err);
      throw err;
    }
  }
  onStep('Rejoining the game…');
  try {
    await game.session.reopen(toUrl(path));
  } catch (info) {
    if (info && info.ended) throw fatal('The game has ended.');
    if (info && info.code === 4001) throw fatal('The room has closed.');
    throw new Error(info?.message ?? 'The game stream closed.');
  }
}

/**
 * Drives reconnectOnce on the backoff schedule for the game in progress, giving up GAME_GIVE_UP_MS (the seat
 * hold plus a margin) after the drop. offer(resume) hands it a welcome's resume and tries at once.
 */
export class GameResumer {
  constructor({ conn, lobby, getGame, toUrl, onStep, onSchedule, onSuccess, onGiveUp, clock,
    giveUpAfterMs = GAME_GIVE_UP_MS }) {
    this.resume = null;
    this.reconnector = new Reconnector({
      clock,
      giveUpAfterMs,
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
