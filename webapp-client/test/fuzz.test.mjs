// Mutation fuzzing, seeded and deterministic: the decoder of server frames (stateless frames and the stateful
// snapshot decoder) from the shared fixtures, and the lobby client's handling of incoming JSON messages.
// A failure prints the case (hex or text) that reproduces it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex, toHex, seeded as mulberry32 } from './support.mjs';
import { decodeServerFrame, ProtocolError, CLOSE_CODES, KINDS, PROTOCOL_VERSION } from '../js/games/arena/protocol.js';
import { SnapshotDecoder } from '../js/games/arena/snapshot.js';
import { LobbyClient, LobbyError } from '../js/engine/lobby.js';
import { LobbyConnection } from '../js/engine/lobbyconn.js';
import { chatKey } from '../js/chatview.js';
import { roomsFromList, applyRoomsChanged, sortRooms, phaseLabel } from '../js/rooms.js';
import { presenceFromList, applyPresenceChanged, sortPresence, statusText } from '../js/presence.js';
import { chatFromHistory, appendChat } from '../js/chat.js';

const BINARY_CASES = 50000;
const LOBBY_CASES = 20000;


const BOUNDARY = [0, 1, 0x7f, 0x80, 0xfe, 0xff];

/**
 * Seeded mutations of valid frames (as the server's Mutator.java): bit flips, random and boundary bytes,
 * insertions, deletions, truncations, duplications, splices of two frames, and purely random frames.
 */
class Mutator {
  constructor(seed, corpus) {
    this.rnd = mulberry32(seed);
    this.corpus = corpus;
  }

  int(n) {
    return Math.floor(this.rnd() * n);
  }

  randomBytes(n) {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }

  /** One to four mutations of a random corpus frame, or (one time in ten) random bytes. */
  next() {
    if (this.int(10) === 0) return this.randomBytes(this.int(80));
    let b = this.corpus[this.int(this.corpus.length)].slice();
    const n = 1 + this.int(4);
    for (let i = 0; i < n; i++) b = this.mutate(b);
    return b;
  }

  mutate(b) {
    const len = b.length;
    switch (this.int(8)) {
      case 0: // flip a bit
        if (len > 0) b[this.int(len)] ^= 1 << this.int(8);
        return b;
      case 1: // a random byte
        if (len > 0) b[this.int(len)] = this.int(256);
        return b;
      case 2: // a boundary byte
        if (len > 0) b[this.int(len)] = BOUNDARY[this.int(BOUNDARY.length)];
        return b;
      case 3: { // insert random bytes
        const at = this.int(len + 1);
        const extra = this.randomBytes(1 + this.int(8));
        const out = new Uint8Array(len + extra.length);
        out.set(b.subarray(0, at));
        out.set(extra, at);
        out.set(b.subarray(at), at + extra.length);
        return out;
      }
      case 4: { // delete a range
        if (len === 0) return b;
        const at = this.int(len);
        const n = 1 + this.int(Math.min(8, len - at));
        const out = new Uint8Array(len - n);
        out.set(b.subarray(0, at));
        out.set(b.subarray(at + n), at);
        return out;
      }
      case 5: // truncate
        return b.slice(0, this.int(len + 1));
      case 6: { // duplicate a range at the end
        if (len === 0) return b;
        const at = this.int(len);
        const n = 1 + this.int(len - at);
        const out = new Uint8Array(len + n);
        out.set(b);
        out.set(b.subarray(at, at + n), len);
        return out;
      }
      default: { // splice: this frame's head, another frame's tail
        const other = this.corpus[this.int(this.corpus.length)];
        const head = this.int(len + 1);
        const tail = this.int(other.length + 1);
        const out = new Uint8Array(head + other.length - tail);
        out.set(b.subarray(0, head));
        out.set(other.subarray(tail), head);
        return out;
      }
    }
  }
}

/** What a decoded server frame must look like, whatever bytes it came from. */
function checkFrame(f) {
  assert.ok(['WELCOME', 'SNAPSHOT', 'PONG', 'MOVED', 'FOLLOWING', 'REPLAY'].includes(f.op), f.op);
  if (f.op === 'REPLAY') {
    for (const k of ['flags', 'speedQuarters', 'tickRateHz', 'position', 'length']) {
      assert.ok(Number.isInteger(f[k]) && f[k] >= 0 && f[k] <= 0xffffffff, k);
    }
  } else if (f.op === 'MOVED') {
    assert.equal(typeof f.gamePath, 'string');
  } else if (f.op === 'FOLLOWING') {
    assert.ok(Number.isInteger(f.entityId) && f.entityId >= 0 && f.entityId <= 0xffff);
  } else if (f.op === 'WELCOME') {
    for (const w of f.walls) assert.ok(w[2] > 0 && w[3] > 0, 'walls are not empty');
  } else if (f.op === 'SNAPSHOT') {
    const ids = f.entities.map((e) => e.id);
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], 'entities in strictly increasing id order');
    for (const e of f.entities) {
      assert.ok(e.x >= 0 && e.x < 4096 && e.y >= 0 && e.y < 4096, 'positions in range');
      assert.ok(e.kind === KINDS.PLAYER || e.kind === KINDS.PROJECTILE);
    }
  }
}

/** A ProtocolError with a documented close code and a message; anything else fails with the case. */
function checkRejection(err, bytes, prefix) {
  if (!(err instanceof ProtocolError)) {
    assert.fail(`case ${toHex(bytes)} after ${prefix} frame(s) threw ${err?.name}: ${err?.message}\n${err?.stack}`);
  }
  if (![CLOSE_CODES.INVALID_PAYLOAD, CLOSE_CODES.UNSUPPORTED_DATA].includes(err.closeCode)
    || typeof err.message !== 'string' || err.message.length === 0) {
    assert.fail(`case ${toHex(bytes)} after ${prefix} frame(s): close code ${err.closeCode}, message ${err.message}`);
  }
}

/** The frame as the browser hands it over (an ArrayBuffer), or as a view at an offset into a larger buffer. */
function asInput(bytes, shifted) {
  if (!shifted) return bytes.slice().buffer;
  const buf = new Uint8Array(bytes.length + 5).fill(0xaa);
  buf.set(bytes, 3);
  return buf.subarray(3, 3 + bytes.length);
}

/**
 * A decoder in the state of `source` (its baseline and roster), without decoding the prefix again. The
 * decoder replaces its state and entity arrays rather than changing them, except valid (reset on a failure)
 * and the roster map, which are copied.
 */
function copyDecoder(source) {
  const d = new SnapshotDecoder();
  d.state = { ...source.state };
  d.roster = new Map(source.roster);
  d.rosterVersion = source.rosterVersion;
  return d;
}

test('server frame fuzz: the decoder returns a frame or throws ProtocolError, nothing else', () => {
  const golden = fixture('golden.json').frames.filter((f) => f.direction === 'server').map((f) => fromHex(f.hex));
  const sequence = fixture('snapshots.json').frames.map((f) => fromHex(f.hex));
  // decoders after 0..n frames of the sequence; a copy of one decodes the next frame as the original does
  const after = [new SnapshotDecoder()];
  for (const bytes of sequence) {
    const d = copyDecoder(after.at(-1));
    decodeServerFrame(bytes, d);
    after.push(d);
  }
  for (let k = 0; k < sequence.length; k++) {
    const fresh = new SnapshotDecoder();
    for (let j = 0; j < k; j++) decodeServerFrame(sequence[j], fresh);
    const copy = copyDecoder(after[k]);
    assert.deepEqual(decodeServerFrame(sequence[k], copy), decodeServerFrame(sequence[k], fresh));
    assert.deepEqual(copy.state, fresh.state);
  }
  const m = new Mutator(0x5eed, [...golden, ...sequence]);
  /** One case: the mutated frame after `prefix` frames, then the next frame of the sequence; true if accepted. */
  const run = (bytes, prefix, shifted) => {
    const decoder = copyDecoder(after[prefix]);
    let ok = false;
    try {
      checkFrame(decodeServerFrame(asInput(bytes, shifted), decoder));
      ok = true;
    } catch (err) {
      if (err?.code === 'ERR_ASSERTION') throw err;
      checkRejection(err, bytes, prefix);
      if (bytes[0] === 0x81 && decoder.hasBaseline) assert.fail(`case ${toHex(bytes)}: a refused snapshot keeps its baseline`);
    }
    // the stream goes on: the next frame of the sequence decodes against whatever is left, or is refused
    if (prefix < sequence.length) {
      try {
        checkFrame(decodeServerFrame(sequence[prefix], decoder));
      } catch (err) {
        if (err?.code === 'ERR_ASSERTION') throw err;
        checkRejection(err, sequence[prefix], `${prefix} + ${toHex(bytes)}`);
      }
    }
    return ok;
  };
  const started = performance.now();
  let accepted = 0;
  let rejected = 0;
  // most cases throw: without stack traces they cost a tenth; a failing case is run again with them
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let i = 0; i < BINARY_CASES; i++) {
      // a valid baseline first (i % 10 frames), so that mutated deltas reach the delta decoder
      const prefix = i % (sequence.length + 1);
      const bytes = m.next();
      try {
        if (run(bytes, prefix, i % 3 === 0)) accepted++;
        else rejected++;
      } catch (err) {
        Error.stackTraceLimit = stackTraceLimit;
        run(bytes, prefix, i % 3 === 0); // throws again, with a stack
        throw err;
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const ms = performance.now() - started;
  console.log(`server frame fuzz: ${BINARY_CASES} cases, ${accepted} accepted, ${rejected} rejected (${ms.toFixed(0)} ms)`);
  assert.equal(accepted + rejected, BINARY_CASES);
  assert.ok(accepted > BINARY_CASES / 100, `the mutations also produce valid frames: ${accepted}`);
  assert.ok(rejected > BINARY_CASES / 2, `${rejected} rejected`);
});

test('server frame fuzz: empty and one-byte frames of every opcode are refused cleanly', () => {
  for (let op = 0; op < 256; op++) {
    for (const bytes of [Uint8Array.of(op), Uint8Array.of(op, 0), Uint8Array.of(op, 0xff)]) {
      try {
        decodeServerFrame(bytes.buffer, new SnapshotDecoder());
      } catch (err) {
        checkRejection(err, bytes, 0);
      }
    }
  }
  assert.throws(() => decodeServerFrame(new ArrayBuffer(0), new SnapshotDecoder()), ProtocolError);
});

// ---------------------------------------------------------------- lobby JSON

/** Valid server messages of every type (docs/protocol.md, "Server to client"). */
const ROOM = { id: 'k3x9p2qa', name: 'Arena 1', players: 3, capacity: 16, map: 'Arena', phase: 'playing', private: false };
const PLAYER = { playerId: 'p1', nickname: 'Ann', status: 'playing', roomId: 'k3x9p2qa', roomName: 'Arena 1' };
const CHAT = { id: 7, channel: 'lobby', from: { playerId: 'p1', nickname: 'Ann' }, text: 'gg', at: 1700000000000 };
const SEEDS = [
  { type: 'welcome', playerId: 'p1', nickname: 'Ann', protocol: PROTOCOL_VERSION, server: 'skirmish 1.0', token: 'v1.p1.1.QQ.sig' },
  { type: 'welcome', playerId: 'p1', nickname: 'Ann', protocol: PROTOCOL_VERSION, server: 's', token: 't',
    resume: { room: ROOM, gamePath: 'ws/game/k3x9p2qa?ticket=T' } },
  { type: 'rooms', rooms: [ROOM, { ...ROOM, id: 'b', phase: 'waiting', players: 0 }] },
  { type: 'roomList', rooms: [ROOM] },
  { type: 'roomsChanged', updated: [ROOM], closed: ['zz'] },
  { type: 'presence', players: [PLAYER, { playerId: 'p2', nickname: 'Bob', status: 'lobby' }], total: 2 },
  { type: 'presenceChanged', updated: [PLAYER], left: ['p2'] },
  { type: 'chatHistory', channel: 'lobby', messages: [CHAT, { ...CHAT, id: 8, text: 'hi' }] },
  { type: 'chatHistory', channel: 'room', roomId: 'k3x9p2qa', messages: [{ ...CHAT, channel: 'room', roomId: 'k3x9p2qa' }] },
  { type: 'chat', ...CHAT },
  { type: 'joined', room: ROOM, ticket: 'T', gamePath: 'ws/game/k3x9p2qa?ticket=T', code: 'ABC234' },
  { type: 'left', roomId: 'k3x9p2qa' },
  { type: 'chatSent', id: 9 },
  { type: 'error', code: 'ROOM_FULL', message: 'room is full', re: 'joinRoom' },
  { type: 'error', code: 'SHUTTING_DOWN', message: 'shutting down', re: 'quickPlay' },
  { type: 'error', code: 'RATE_LIMITED', message: 'slow down' },
].map((m) => JSON.stringify(m));

/** Hostile JSON values (as text, so that "__proto__" keys become plain own properties, as from the wire). */
const HOSTILE = [
  'null', 'true', 'false', '0', '-0', '-1', '1.5', '1e308', '-1e308', '1e999', '123456789012345678901234567890',
  '""', '" "', '"\\u0000"', '"\\u202e"', '"\\ud800"', '"<b>x</b>"', '"constructor"', '"__proto__"', '"toString"',
  '"hasOwnProperty"', '"error"', '"welcome"', '"lobby"', '"room"', '"playing"', '[]', '{}', '[[[[[[[[]]]]]]]]',
  '[null]', '[1,2,3]', '[{}]', '{"toString":1}', '{"valueOf":{},"toString":null}', '{"__proto__":{"x":1}}',
  '{"__proto__":null}', '{"constructor":{"prototype":{}}}', '{"type":"error"}', '{"id":{"toString":1}}',
  '[{"toString":1}]', `"${'x'.repeat(3000)}"`, '{"length":1e9}', '{"length":-1}',
];
const FIELDS = ['type', 'code', 'message', 're', 'playerId', 'nickname', 'protocol', 'server', 'token', 'resume',
  'room', 'gamePath', 'rooms', 'updated', 'closed', 'players', 'total', 'left', 'channel', 'roomId', 'messages',
  'id', 'from', 'text', 'at', 'name', 'capacity', 'phase', 'private', 'status', 'roomName', 'ticket',
  '__proto__', 'constructor', 'toString', 'valueOf', 'length'];
const NOISE = '{}[]":,\\ 0123456789eE+-.tfnul\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00\ud800';

/** Seeded mutations of lobby messages: as JSON values (any node replaced or added) and as text. */
class JsonMutator {
  constructor(seed) {
    this.rnd = mulberry32(seed);
  }

  int(n) {
    return Math.floor(this.rnd() * n);
  }

  pick(list) {
    return list[this.int(list.length)];
  }

  next() {
    let text = this.pick(SEEDS);
    const n = 1 + this.int(3);
    for (let i = 0; i < n; i++) text = this.int(3) === 0 ? this.mutateText(text) : this.mutateValue(text);
    return text;
  }

  /** Replaces or adds one field of a random object (or element of an array) with a hostile or seed value. */
  mutateValue(text) {
    let root;
    try {
      root = JSON.parse(text);
    } catch {
      return text;
    }
    const nodes = [];
    const walk = (v) => {
      if (v && typeof v === 'object') {
        nodes.push(v);
        for (const k of Object.keys(v)) walk(v[k]);
      }
    };
    walk(root);
    if (nodes.length === 0) return JSON.stringify(JSON.parse(this.pick(HOSTILE)));
    const node = this.pick(nodes);
    const value = this.int(5) === 0 ? JSON.parse(this.pick(SEEDS)) : JSON.parse(this.pick(HOSTILE));
    if (Array.isArray(node)) {
      if (node.length === 0 || this.int(2) === 0) node.push(value);
      else node[this.int(node.length)] = value;
    } else {
      const keys = Object.keys(node);
      const key = keys.length > 0 && this.int(2) === 0 ? this.pick(keys) : this.pick(FIELDS);
      if (this.int(8) === 0) delete node[key];
      else Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return JSON.stringify(root);
  }

  mutateText(text) {
    const len = text.length;
    const at = this.int(len + 1);
    switch (this.int(5)) {
      case 0: return text.slice(0, at) + this.pick([...NOISE]) + text.slice(at);
      case 1: return text.slice(0, at) + text.slice(at + 1 + this.int(8));
      case 2: return text.slice(0, at);
      case 3: return text + text.slice(at);
      default: return Array.from({ length: this.int(40) }, () => this.pick([...NOISE])).join('');
    }
  }
}

/** A socket that is open at once and records nothing: the test feeds its onmessage. */
class QuietSocket {
  static last = null;
  constructor() {
    this.readyState = 0;
    QuietSocket.last = this;
    queueMicrotask(() => { this.readyState = 1; this.onopen?.(); });
  }
  send() {}
  close() { this.readyState = 3; }
}

test('lobby message fuzz: receiving any text never throws, nor do the reducers that handle the pushes', async () => {
  const lobby = new LobbyClient('ws://x/ws/lobby', { WebSocketImpl: QuietSocket });
  await lobby.connect();
  // what the page does with the pushes (main.js), so that a malformed push cannot break it either
  let rooms = new Map();
  let presence = { players: new Map(), total: 0 };
  let chat = [];
  let delivered = 0;
  lobby.on('message', (msg) => {
    delivered++;
    if (msg.type === 'rooms' || msg.type === 'roomList') rooms = roomsFromList(msg.rooms);
    else if (msg.type === 'roomsChanged') rooms = applyRoomsChanged(rooms, msg);
    else if (msg.type === 'presence') presence = presenceFromList(msg);
    else if (msg.type === 'presenceChanged') presence = applyPresenceChanged(presence, msg);
    else if (msg.type === 'chatHistory') chat = chatFromHistory(msg.messages);
    else if (msg.type === 'chat') chat = appendChat(chat, msg);
    // what the views read (lobbyview.js, chatview.js): strings and numbers only
    for (const r of sortRooms(rooms)) {
      for (const v of [r.id, r.name, r.map, phaseLabel(r.phase)]) assert.equal(typeof v, 'string');
      assert.ok(Number.isFinite(r.players) && Number.isFinite(r.capacity));
    }
    for (const p of sortPresence(presence, 'p1')) {
      for (const v of [p.playerId, p.nickname, statusText(p)]) assert.equal(typeof v, 'string');
    }
    for (const c of chat) assert.equal(typeof `${chatKey(c)}${c.from.nickname}${c.text}`, 'string');
  });
  // the lobby connection keeper reads every welcome (its status line)
  const statuses = [];
  new LobbyConnection(lobby, { helloName: () => 'Ann', onStatus: (state, text) => statuses.push(text) });
  const settled = { resolved: 0, rejected: 0 };
  const odd = [];
  const ask = (p) => p.then(() => { settled.resolved++; }, (err) => {
    settled.rejected++;
    // refused by the server (a LobbyError with a text), or failed by the close at the end: nothing else
    if (!(err instanceof LobbyError && typeof err.message === 'string') && !/lobby connection closed/.test(err?.message)) {
      odd.push(err);
    }
  });
  const requests = [() => lobby.listRooms(), () => lobby.joinRoom('r1'), () => lobby.quickPlay(),
    () => lobby.chat('lobby', 'x'), () => lobby.leave(), () => lobby.hello('Ann')];
  const m = new JsonMutator(0xc0ffee);
  const started = performance.now();
  let parsed = 0;
  for (let i = 0; i < LOBBY_CASES; i++) {
    while (lobby.pending.length < 3) ask(requests[m.int(requests.length)]());
    const text = m.next();
    try {
      JSON.parse(text);
      parsed++;
    } catch { /* refused quietly by receive */ }
    try {
      QuietSocket.last.onmessage({ data: text });
    } catch (err) {
      assert.fail(`lobby message ${JSON.stringify(text.slice(0, 300))} threw ${err?.name}: ${err?.message}\n${err?.stack}`);
    }
  }
  lobby.close(); // fails what is still pending (and clears its timers)
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(odd, [], 'requests fail only with LobbyError or the close');
  assert.ok(statuses.length > 0 && statuses.every((t) => typeof t === 'string' && t.startsWith('Online as ')));
  const ms = performance.now() - started;
  console.log(`lobby message fuzz: ${LOBBY_CASES} cases, ${parsed} valid JSON, ${delivered} delivered as messages, `
    + `${settled.resolved} requests answered, ${settled.rejected} refused (${ms.toFixed(0)} ms)`);
  assert.ok(parsed > LOBBY_CASES / 2 && delivered > LOBBY_CASES / 10 && settled.resolved > 100 && settled.rejected > 100);
});
