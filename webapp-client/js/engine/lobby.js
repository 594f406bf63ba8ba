/** Lobby WebSocket client: JSON requests (hello with token, rooms, join, leave, chat) as promises, pushes as events. */

import { PROTOCOL_VERSION, LIMITS } from './wire.js';
import { errorText } from './messages.js';

export { errorText };

/** A lobby `error` answer: code (e.g. ROOM_FULL), the server's message, re (the failed request type). */
export class LobbyError extends Error {
  constructor(code, serverMessage, re) {
    super(errorText(code, serverMessage));
    this.name = 'LobbyError';
    this.code = code;
    this.serverMessage = serverMessage;
    this.re = re;
  }
}

const REQUEST_TIMEOUT_MS = 10000;
const CONNECT_TIMEOUT_MS = 10000;

/**
 * Server messages that are pushes, always delivered as 'message' events; a `rooms` reply is delivered too, so
 * that the room list follows it.
 */
export const PUSH_TYPES = Object.freeze(new Set(['rooms', 'roomList', 'roomsChanged', 'presence', 'presenceChanged',
  'chatHistory', 'chat', 'cluster']));

/** Errors after which a hello is repeated without the token. */
const TOKEN_ERRORS = new Set(['INVALID_TOKEN', 'TOKEN_EXPIRED']);

/**
 * One lobby connection. Requests resolve with the matching answer (by type) or reject with a LobbyError
 * (matched by its `re`). Events: 'open', 'close' ({code, reason}), 'welcome' (each greeting, without the
 * token), 'message' (pushes, and answers no request waited for).
 * tokenStore ({get, set, clear}) keeps the session token: sent in hello, replaced by each welcome's.
 */
export class LobbyClient {
  constructor(url, { WebSocketImpl = globalThis.WebSocket, tokenStore = null } = {}) {
    this.url = url;
    this.WebSocketImpl = WebSocketImpl;
    this.tokenStore = tokenStore;
    this.ws = null;
    this.pending = [];
    this.listeners = new Map();
    this.welcome = null; // the server's answer to our hello, less the token: {playerId, nickname, server, resume?}
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type).delete(fn);
  }

  emit(type, detail) {
    for (const fn of this.listeners.get(type) ?? []) fn(detail);
  }

  get connected() {
    return this.ws !== null && this.ws.readyState === 1;
  }

  get playerId() {
    return this.welcome?.playerId ?? null;
  }

  /** Opens the connection (closing any previous one); resolves once it is open. */
  connect() {
    this.close();
    return new Promise((resolve, reject) => {
      const ws = new this.WebSocketImpl(this.url);
      this.ws = ws;
      let opened = false;
      const timer = setTimeout(() => {
        if (opened || this.ws !== ws) return;
        try { ws.close(); } catch { /* not even connecting */ }
        ws.onclose?.({ code: 1006, reason: 'connect timeout' }); // a hung connect counts as lost
      }, CONNECT_TIMEOUT_MS);
      ws.onopen = () => {
        opened = true;
        clearTimeout(timer);
        this.emit('open');
        resolve();
      };
      ws.onmessage = (ev) => this.receive(ev.data);
      ws.onclose = (ev) => {
        clearTimeout(timer);
        if (this.ws !== ws) return;
        this.ws = null;
        this.welcome = null;
        this.failPending(new Error(`lobby connection closed (${ev.code})`));
        if (!opened) reject(new Error(`could not connect to the lobby (${ev.code})`));
        this.emit('close', { code: ev.code, reason: ev.reason });
      };
    });
  }

  /** Closes the connection on purpose (no reconnect is implied). */
  close() {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    this.welcome = null;
    this.failPending(new Error('lobby connection closed'));
    ws.onopen = ws.onmessage = ws.onclose = null;
    try { ws.close(1000, 'bye'); } catch { /* already closing */ }
  }

  failPending(error) {
    const list = this.pending;
    this.pending = [];
    for (const p of list) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return; // not ours to judge: the server only sends JSON
    }
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    if (msg.type === 'error') {
      const i = this.pending.findIndex((p) => p.type === msg.re);
      const p = i >= 0 ? this.pending.splice(i, 1)[0] : this.pending.shift();
      const error = new LobbyError(msg.code, msg.message ?? '', msg.re);
      if (p) {
        clearTimeout(p.timer);
        p.reject(error);
      } else {
        this.emit('message', msg);
      }
      return;
    }
    const i = this.pending.findIndex((p) => p.expect === msg.type);
    if (i >= 0) {
      const [p] = this.pending.splice(i, 1);
      clearTimeout(p.timer);
      p.resolve(msg);
    }
    if (i < 0 || PUSH_TYPES.has(msg.type)) this.emit('message', msg);
  }

  /** Sends {type, ...fields} and waits for an answer of type expect. */
  request(type, fields, expect) {
    if (!this.connected) return Promise.reject(new Error('not connected to the lobby'));
    const text = JSON.stringify({ type, ...fields });
    if (new TextEncoder().encode(text).length > LIMITS.MAX_CLIENT_TEXT_BYTES) {
      return Promise.reject(new Error('request too large'));
    }
    return new Promise((resolve, reject) => {
      const p = { type, expect, resolve, reject };
      p.timer = setTimeout(() => {
        this.pending = this.pending.filter((q) => q !== p);
        reject(new Error(`no answer to ${type}`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.push(p);
      this.ws.send(text);
    });
  }

  /**
   * Greets the server, with the stored session token when there is one; a refused token (INVALID_TOKEN,
   * TOKEN_EXPIRED) is dropped and the hello repeated without it. Resolves with the welcome, less its token.
   */
  async hello(nickname) {
    const token = this.tokenStore?.get() ?? null;
    let welcome;
    try {
      welcome = await this.request('hello', this.helloFields(nickname, token), 'welcome');
    } catch (err) {
      if (!(token && err instanceof LobbyError && TOKEN_ERRORS.has(err.code))) throw err;
      this.tokenStore.clear();
      welcome = await this.request('hello', this.helloFields(nickname, null), 'welcome');
    }
    const { token: fresh, ...rest } = welcome;
    if (typeof fresh === 'string' && fresh) this.tokenStore?.set(fresh);
    this.welcome = Object.freeze(rest);
    this.greetedAs = nickname;
    this.emit('welcome', this.welcome);
    return this.welcome;
  }

  helloFields(nickname, token) {
    return token ? { nickname, protocol: PROTOCOL_VERSION, token } : { nickname, protocol: PROTOCOL_VERSION };
  }

  /** Makes sure this connection is greeted as nickname, reconnecting when it was greeted as someone else. */
  async ensureHello(nickname) {
    if (this.connected && this.welcome && this.greetedAs === nickname) return this.welcome;
    if (!this.connected || this.welcome) await this.connect();
    return this.hello(nickname);
  }

  /** The replays the server keeps, newest first (the `replays` reply's list; docs/replays.md). */
  async listReplays() {
    return (await this.request('listReplays', {}, 'replays')).replays ?? [];
  }

  async listRooms() {
    return (await this.request('listRooms', {}, 'rooms')).rooms ?? [];
  }

  /**
   * Creates a room of `game` (the server's default game when null) and joins it; resolves with the `joined` message
   * ({room, ticket, gamePath, code?}).
   */
  createRoom(name, capacity, isPrivate = false, game = null) {
    const fields = { name };
    if (capacity !== undefined) fields.capacity = capacity;
    if (isPrivate) fields.private = true;
    if (game) fields.game = game;
    return this.request('createRoom', fields, 'joined');
  }

  joinRoom(roomId) {
    return this.request('joinRoom', { roomId }, 'joined');
  }

  /** Joins a private room by its 6-character code (case-insensitive; sent upper-case). */
  joinByCode(code) {
    return this.request('joinByCode', { code: String(code).trim().toUpperCase() }, 'joined');
  }

  /** Posts text to 'lobby' or 'room'; resolves with `chatSent` ({id}). */
  chat(channel, text) {
    return this.request('chat', { channel, text }, 'chatSent');
  }

  /** The fullest open room of `game` (the server's default game when null), or a new one. */
  quickPlay(game = null) {
    return this.request('quickPlay', game ? { game } : {}, 'joined');
  }

  leave() {
    return this.request('leave', {}, 'left');
  }
}
