/** Keeps the lobby connection greeted: serialized connect/hello, automatic reconnect with backoff, idle (4004) pause. */

import { LobbyError } from './lobby.js';
import { Reconnector, fatal, shutdownHint, shutdownDelay } from './reconnect.js';
import { closeMessage, plainText } from './messages.js';

/** Why the lobby is reconnecting, for the status line: set by the close, kept until the next welcome. */
const RETRY_TEXT = Object.freeze({
  lost: { now: 'Disconnected from the lobby, reconnecting…', later: 'Disconnected from the lobby, retrying in' },
  busy: { now: 'Server busy, reconnecting…', later: 'Server busy, retrying in' },
  restart: { now: 'Server restarting, reconnecting…', later: 'Server restarting, reconnecting in' },
});

/** The status text while reconnecting: why (a RETRY_TEXT key, or a close text of its own) and when. */
export function retryText(why, delayMs = null) {
  const t = Object.hasOwn(RETRY_TEXT, why) ? RETRY_TEXT[why] : null;
  const when = delayMs === null ? null : `${(delayMs / 1000).toFixed(1)} s…`;
  if (t) return when ? `${t.later} ${when}` : t.now;
  return when ? `${why} Retrying in ${when}` : why; // e.g. 4005: the close code's own text
}

/**
 * Wraps a LobbyClient. Every connect/hello runs as one queued task, so a reconnect, a name change and a
 * click never race on the single connection. After an unexpected close it reconnects (0.5, 1, 2, 4 s, then
 * every 4 s, for ever) and says hello again (the client sends the stored token). After a graceful shutdown
 * (1001 with the hint "server shutting down; reconnect in N ms") the first retry waits N ms plus a random
 * 0..N ms (random() of the options, Math.random by default). After too many connections from this address
 * (4005) the status says so and the backoff is the usual one. After a close for inactivity (4004) it waits
 * for wake(), the next sign of life from the player.
 * onStatus(state: 'connecting'|'online'|'offline', text) reports what the footer should say.
 */
export class LobbyConnection {
  constructor(lobby, { helloName, onStatus = () => {}, onRefused = () => {}, clock, random = Math.random } = {}) {
    this.lobby = lobby;
    this.helloName = helloName;
    this.onStatus = onStatus;
    this.queue = Promise.resolve();
    this.idle = false;
    this.why = 'lost'; // why the reconnector runs (RETRY_TEXT key or a close text)
    this.reconnector = new Reconnector({
      clock,
      attempt: async () => {
        try {
          await this.ensure();
        } catch (err) {
          if (err instanceof LobbyError) throw fatal(err.message, err); // connected, but the hello was refused
          throw err;
        }
      },
      onSchedule: ({ delayMs }) => onStatus('offline', retryText(this.why, delayMs)),
      onGiveUp: (err) => {
        onStatus('offline', 'Not signed in');
        onRefused(err);
      },
    });
    lobby.on('welcome', (w) => {
      this.idle = false;
      this.why = 'lost';
      this.reconnector.stop();
      const server = plainText(w.server);
      onStatus('online', `Online as ${plainText(w.nickname, '?')}${server ? ` · ${server}` : ''}`);
    });
    lobby.on('close', ({ code, reason }) => {
      if (code === 4004) {
        this.idle = true;
        onStatus('offline', 'Disconnected after a long idle time; back as soon as you are');
        return;
      }
      const hintMs = shutdownHint(code, reason);
      if (hintMs !== null) {
        this.why = 'restart';
        this.reconnector.delayNext(shutdownDelay(hintMs, random));
      } else if (code === 4005) {
        this.why = closeMessage(code);
      } else if (code === 1013) {
        this.why = 'busy';
      } else if (!this.reconnector.active) {
        this.why = 'lost'; // a try that fails while reconnecting keeps the reason of the run
      }
      onStatus('offline', retryText(this.why));
      this.reconnector.start();
    });
  }

  get greeted() {
    return this.lobby.connected && this.lobby.welcome !== null;
  }

  /** Runs fn after every earlier connect/hello task. */
  task(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** The greeted connection (under any name): reuses it, or connects and says hello. Resolves with the welcome. */
  ensure() {
    if (this.greeted) return Promise.resolve(this.lobby.welcome);
    return this.task(async () => {
      if (this.greeted) return this.lobby.welcome;
      this.onStatus('connecting', 'Connecting…');
      if (!this.lobby.connected) await this.lobby.connect();
      return this.lobby.hello(this.helloName());
    });
  }

  /** The connection greeted as name: a new hello on a new connection when the name changed (same token). */
  ensureGreetedAs(name) {
    return this.task(async () => {
      if (this.greeted && this.lobby.greetedAs === name) return this.lobby.welcome;
      if (this.lobby.connected && !this.lobby.welcome) return this.lobby.hello(name);
      return this.lobby.ensureHello(name);
    });
  }

  /** A fresh connection and hello (its welcome tells about a held seat); the old connection closes quietly. */
  renew() {
    return this.task(async () => {
      this.lobby.close();
      await this.lobby.connect();
      return this.lobby.hello(this.helloName());
    });
  }

  /** Starts reconnecting in the background (e.g. the first connect failed). */
  retry() {
    this.reconnector.start();
  }

  /** The player is back: reconnect now if the lobby closed us for inactivity. */
  wake() {
    if (!this.idle) return;
    this.idle = false;
    this.reconnector.start();
    this.reconnector.poke();
  }
}
