/**
 * The engine's part of the Skirmish wire protocol (docs/protocol.md), the same for every game: the version, the
 * engine's opcodes, close and lobby error codes, match phases, the byte and bit readers, the engine's client frames
 * (PING, RESYNC, FOLLOW, REPLAY_CONTROL, and INPUT/INPUTS/RUNS around a game's input bytes), the WELCOME and SNAPSHOT
 * headers, roster blocks and the engine's server frames (PONG, MOVED, FOLLOWING, REPLAY). A game's client module imports this and adds its
 * own bytes. The Java twins are in dev.skirmish.engine.spi.wire.
 */

const freeze = Object.freeze;
const utf8 = new TextDecoder('utf-8');

export const PROTOCOL_VERSION = 10;

export const OPCODES = freeze({
  INPUT: 0x01, PING: 0x02, RESYNC: 0x03, INPUTS: 0x04, FOLLOW: 0x05, RUNS: 0x06, REPLAY_CONTROL: 0x07, VIEW: 0x08,
  WELCOME: 0x80, SNAPSHOT: 0x81, PONG: 0x82, MOVED: 0x83, FOLLOWING: 0x84, REPLAY: 0x85,
});

export const CLOSE_CODES = freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
  BAD_TICKET: 4000,
  ROOM_NOT_FOUND: 4001,
  SLOW_CLIENT: 4002,
  HEARTBEAT_TIMEOUT: 4003,
  IDLE: 4004,
  TOO_MANY_CONNECTIONS: 4005,
  ROOM_FULL: 4006,
  ROOM_MOVED: 4007,
  REPLAY_NOT_FOUND: 4008,
});

/** Lobby error codes, in the order of tables.json. */
export const ERROR_CODES = freeze([
  'BAD_JSON', 'UNKNOWN_TYPE', 'BAD_MESSAGE', 'HELLO_REQUIRED', 'ALREADY_GREETED', 'PROTOCOL_MISMATCH',
  'INVALID_NICKNAME', 'INVALID_ROOM_NAME', 'INVALID_CAPACITY', 'ROOM_NOT_FOUND', 'ROOM_FULL',
  'TOO_MANY_ROOMS', 'NOT_IN_ROOM', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'INVALID_CHAT', 'CHAT_RATE_LIMITED',
  'RATE_LIMITED', 'SHUTTING_DOWN', 'ROOM_LOST', 'UNKNOWN_GAME',
]);

export const PHASES = freeze({ WAITING: 0, PLAYING: 1, RESULTS: 2, COUNTDOWN: 3 });
/** Phase code -> lower-case name, as the lobby's room summaries spell it ('waiting', 'countdown', ...). */
export const PHASE_NAMES = freeze(Object.fromEntries(Object.entries(PHASES).map(([k, v]) => [v, k.toLowerCase()])));
/** The engine's size limits (a game adds its input sizes). */
export const LIMITS = freeze({
  MAX_CLIENT_BINARY_BYTES: 256,
  MAX_CLIENT_TEXT_BYTES: 4096,
  MAX_INPUTS_PER_FRAME: 4,
  PING_FRAME_BYTES: 5,
  RESYNC_FRAME_BYTES: 1,
  FOLLOW_FRAME_BYTES: 2,
  MAX_RUNS_PER_FRAME: 16,
  MAX_TICKS_PER_FRAME: 64,
  RUNS_HEADER_BYTES: 6,
  REPLAY_CONTROL_FRAME_BYTES: 7,
  REPLAY_FRAME_BYTES: 13,
  VIEW_FRAME_BYTES: 2,
});

/** A replay's speeds, in quarters (0.5x to 4x), and the seek position of a REPLAY_CONTROL that stays. */
export const REPLAY = freeze({ MIN_SPEED_QUARTERS: 2, MAX_SPEED_QUARTERS: 16, NO_SEEK: 0xffffffff,
  PAUSED: 1, AT_END: 2, EXCERPT: 4 });

const CLOSE_NAMES = freeze(Object.fromEntries(Object.entries(CLOSE_CODES).map(([k, v]) => [v, k])));

/** A malformed frame; closeCode is the code the server would use for the same fault. */
export class ProtocolError extends Error {
  constructor(message, closeCode = CLOSE_CODES.INVALID_PAYLOAD) {
    super(message);
    this.name = 'ProtocolError';
    this.closeCode = closeCode;
  }
}

/** The name of a close code (e.g. 4000 -> 'BAD_TICKET'), or null for codes the protocol does not define. */
export function closeCodeName(code) {
  return CLOSE_NAMES[code] ?? null;
}

// ---------------------------------------------------------------- the engine's client frames

/** RESYNC 0x03 (1 byte): the client lost its snapshot baseline; the server sends the next snapshot in full. */
export function encodeResync() {
  return Uint8Array.of(OPCODES.RESYNC);
}

/** FOLLOW 0x05 (2 bytes), spectators only: watch the next (step +1) or the previous (-1) player; step is an i8. */
export function encodeFollow(step) {
  if (step !== 1 && step !== -1) throw new RangeError('step must be +1 or -1');
  return Uint8Array.of(OPCODES.FOLLOW, step & 0xff);
}

/**
 * REPLAY_CONTROL 0x07 (7 bytes), replay streams only (docs/replays.md): u8 flags (1 paused), u8 speed in quarters
 * (2 to 16: 0.5x to 4x), u32 the position to go to in ticks from the start (REPLAY.NO_SEEK: stay).
 */
export function encodeReplayControl({ paused = false, speedQuarters = 4, seek = REPLAY.NO_SEEK } = {}) {
  if (!Number.isInteger(speedQuarters) || speedQuarters < REPLAY.MIN_SPEED_QUARTERS
    || speedQuarters > REPLAY.MAX_SPEED_QUARTERS) throw new RangeError('speedQuarters must be 2 to 16');
  if (!Number.isInteger(seek) || seek < 0 || seek > REPLAY.NO_SEEK) throw new RangeError('seek must be a u32');
  const bytes = new Uint8Array(LIMITS.REPLAY_CONTROL_FRAME_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, OPCODES.REPLAY_CONTROL);
  view.setUint8(1, paused ? 1 : 0);
  view.setUint8(2, speedQuarters);
  view.setUint32(3, seek);
  return bytes;
}

/** Reads a REPLAY_CONTROL after its opcode (the tests' and tools' decoder; the server's is Java). */
export function readReplayControl(r) {
  const flags = r.u8('flags');
  const speedQuarters = r.u8('speed');
  const seek = r.u32('seek');
  if (flags & ~1) throw new ProtocolError(`unknown REPLAY_CONTROL flags ${flags}`);
  if (speedQuarters < REPLAY.MIN_SPEED_QUARTERS || speedQuarters > REPLAY.MAX_SPEED_QUARTERS) {
    throw new ProtocolError(`replay speed must be 2 to 16 quarters (0.5x to 4x), not ${speedQuarters}`);
  }
  return { op: 'REPLAY_CONTROL', paused: (flags & 1) !== 0, speedQuarters, seek };
}

/**
 * VIEW 0x08 (2 bytes): the window's shape, u8 0 landscape or 1 portrait (taller than wide). A game that selects by
 * an area of interest stands the box upright for a portrait window, so that it gets the same area.
 */
export function encodeView(portrait) {
  return Uint8Array.of(OPCODES.VIEW, portrait ? 1 : 0);
}

/** Reads a VIEW after its opcode (the tests' and tools' decoder). */
export function readView(r) {
  const shape = r.u8('shape');
  if (shape > 1) throw new ProtocolError(`VIEW is 0 (landscape) or 1 (portrait), not ${shape}`);
  return { op: 'VIEW', portrait: shape === 1 };
}

/** PING 0x02 (5 bytes); the time is any millisecond clock, sent mod 2^32. */
export function encodePing(clientTimeMillis) {
  if (!Number.isFinite(clientTimeMillis)) throw new RangeError('clientTimeMillis must be finite');
  const bytes = new Uint8Array(5);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, OPCODES.PING);
  view.setUint32(1, Math.floor(clientTimeMillis) >>> 0);
  return bytes;
}

/**
 * INPUT (one input) or INPUTS (1 to MAX_INPUTS_PER_FRAME consecutive inputs, the first numbered firstSeq): the
 * engine's header around the game's input bytes, each exactly the game's input size. A single input goes as INPUT.
 */
export function encodeInputFrame(firstSeq, entries) {
  const n = entries.length;
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.MAX_INPUTS_PER_FRAME) {
    throw new RangeError(`an INPUTS frame carries 1 to ${LIMITS.MAX_INPUTS_PER_FRAME} inputs, not ${n}`);
  }
  if (!Number.isInteger(firstSeq) || firstSeq < 0 || firstSeq + n - 1 > 0xffffffff) {
    throw new RangeError(`seq must be an integer in 0..2^32 - 1, was ${firstSeq}`);
  }
  const size = entries[0].length;
  const header = n === 1 ? 5 : 6;
  const bytes = new Uint8Array(header + n * size);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, n === 1 ? OPCODES.INPUT : OPCODES.INPUTS);
  view.setUint32(1, firstSeq);
  if (n > 1) view.setUint8(5, n);
  entries.forEach((e, i) => {
    if (e.length !== size) throw new RangeError('inputs of one frame have one size');
    bytes.set(e, header + i * size);
  });
  return bytes;
}

/**
 * RUNS (protocol 9): runs [{bytes, ticks}], each the game's input bytes standing for ticks (1 or more) consecutive
 * sequence numbers, the first run from firstSeq; at most MAX_RUNS_PER_FRAME runs and MAX_TICKS_PER_FRAME ticks.
 */
export function encodeRunsFrame(firstSeq, runs) {
  const n = runs.length;
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.MAX_RUNS_PER_FRAME) {
    throw new RangeError(`a RUNS frame carries 1 to ${LIMITS.MAX_RUNS_PER_FRAME} runs, not ${n}`);
  }
  const total = runs.reduce((sum, r) => sum + r.ticks, 0);
  if (runs.some((r) => !Number.isInteger(r.ticks) || r.ticks < 1) || total > LIMITS.MAX_TICKS_PER_FRAME) {
    throw new RangeError(`a run covers 1 tick or more and a RUNS frame at most ${LIMITS.MAX_TICKS_PER_FRAME}`);
  }
  if (!Number.isInteger(firstSeq) || firstSeq < 0 || firstSeq + total - 1 > 0xffffffff) {
    throw new RangeError(`seq must be an integer in 0..2^32 - 1, was ${firstSeq}`);
  }
  const bytes = new Uint8Array(LIMITS.RUNS_HEADER_BYTES + runs.reduce((sum, r) => sum + 1 + r.bytes.length, 0));
  const view = new DataView(bytes.buffer);
  view.setUint8(0, OPCODES.RUNS);
  view.setUint32(1, firstSeq);
  view.setUint8(5, n);
  let at = LIMITS.RUNS_HEADER_BYTES;
  for (const r of runs) {
    bytes[at] = r.ticks;
    bytes.set(r.bytes, at + 1);
    at += 1 + r.bytes.length;
  }
  return bytes;
}

// ---------------------------------------------------------------- reading

/** Bounds-checked big-endian reader over one frame. */
export class Reader {
  constructor(data) {
    if (data instanceof ArrayBuffer) {
      this.view = new DataView(data);
    } else if (ArrayBuffer.isView(data)) {
      this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    } else {
      throw new TypeError('frame must be an ArrayBuffer or a typed array');
    }
    this.pos = 0;
  }

  need(n, what) {
    if (this.pos + n > this.view.byteLength) {
      throw new ProtocolError(`truncated frame: ${what} needs ${n} byte(s) at offset ${this.pos}, `
        + `frame has ${this.view.byteLength}`);
    }
  }

  u8(what = 'u8') { this.need(1, what); return this.view.getUint8(this.pos++); }
  u16(what = 'u16') { this.need(2, what); const v = this.view.getUint16(this.pos); this.pos += 2; return v; }
  u32(what = 'u32') { this.need(4, what); const v = this.view.getUint32(this.pos); this.pos += 4; return v; }
  f64(what = 'f64') { this.need(8, what); const v = this.view.getFloat64(this.pos); this.pos += 8; return v; }

  str8(what = 'str8') { return this.utf8(this.u8(what), what); }
  str16(what = 'str16') { return this.utf8(this.u16(what), what); }

  utf8(n, what) {
    this.need(n, what);
    const bytes = new Uint8Array(this.view.buffer, this.view.byteOffset + this.pos, n);
    this.pos += n;
    return utf8.decode(bytes);
  }

  end() {
    const left = this.view.byteLength - this.pos;
    if (left !== 0) throw new ProtocolError(`trailing bytes: ${left} byte(s) after the end of the frame`);
  }
}

function truncated() {
  return new ProtocolError('truncated frame');
}

/**
 * Reads a frame most significant bit first (BitReader.java), then, after align(), its byte-aligned tail.
 * Running past the end throws ProtocolError('truncated frame ...').
 */
export class BitReader {
  /** @param {ArrayBuffer|ArrayBufferView} data the whole frame; @param {number} [offset=0] first byte to read */
  constructor(data, offset = 0) {
    if (data instanceof ArrayBuffer) {
      this.bytes = new Uint8Array(data);
    } else if (ArrayBuffer.isView(data)) {
      this.bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } else {
      throw new TypeError('frame must be an ArrayBuffer or a typed array');
    }
    this.pos = offset; // next byte to load
    this.acc = 0; // the bits loaded but not consumed yet (always < 2^accBits)
    this.accBits = 0;
  }

  /** n bits (0..32) as an unsigned number. */
  bits(n) {
    while (this.accBits < n) {
      if (this.pos >= this.bytes.length) throw truncated();
      this.acc = this.acc * 256 + this.bytes[this.pos++];
      this.accBits += 8;
    }
    this.accBits -= n;
    const div = 2 ** this.accBits;
    const v = Math.floor(this.acc / div);
    this.acc -= v * div;
    return v;
  }

  /** n bits as a two's complement signed number. */
  sbits(n) {
    const v = this.bits(n);
    return v >= 2 ** (n - 1) ? v - 2 ** n : v;
  }

  bit() {
    return this.bits(1) === 1;
  }

  /** An unsigned value in a 2-bit size class: 00 + 4 bits, 01 + 8, 10 + 16, 11 + 32 (BitWriter.uv). */
  uv() {
    switch (this.bits(2)) {
      case 0: return this.bits(4);
      case 1: return this.bits(8);
      case 2: return this.bits(16);
      default: return this.bits(32);
    }
  }

  /** Drops the bits left in the current byte (zero padding). */
  align() {
    this.acc = 0;
    this.accBits = 0;
  }

  // byte-aligned reads of the tail (call align() first)

  need(n, what) {
    if (this.pos + n > this.bytes.length) {
      throw new ProtocolError(`truncated frame: ${what} needs ${n} byte(s) at offset ${this.pos}, `
        + `frame has ${this.bytes.length}`);
    }
  }

  u8(what = 'u8') {
    this.need(1, what);
    return this.bytes[this.pos++];
  }

  u16(what = 'u16') {
    this.need(2, what);
    const v = (this.bytes[this.pos] << 8) | this.bytes[this.pos + 1];
    this.pos += 2;
    return v;
  }

  str8(what = 'str8') {
    const n = this.u8(what);
    this.need(n, what);
    const s = utf8.decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  /** Fails when bytes are left over: every frame has an exact length. */
  end() {
    const left = this.bytes.length - this.pos;
    if (left !== 0) throw new ProtocolError(`trailing bytes: ${left} byte(s) after the end of the frame`);
  }
}

/** The engine's WELCOME header, after the opcode: {protocolVersion, selfId, simRateHz, snapshotRateHz, viewWidth, viewHeight, game}. */
export function readWelcomeHeader(r) {
  return {
    protocolVersion: r.u8('protocol version'),
    selfId: r.u16('selfId'),
    simRateHz: r.u16('simRateHz'),
    snapshotRateHz: r.u16('snapshotRateHz'),
    viewWidth: r.u16('viewWidth'),
    viewHeight: r.u16('viewHeight'),
    game: r.str8('game'),
  };
}

const TWO_32 = 2 ** 32;

/**
 * The engine's SNAPSHOT header, after the opcode (SnapshotFrames.java): {baseAge, full, tick, ackSeq, phase,
 * phaseEndTick, eventCount, roster}. base: the previous header the client applied (null: none), which a delta needs.
 */
export function readSnapshotHeader(r, base) {
  const baseAge = r.bits(8);
  let tick;
  let ackSeq;
  let phase;
  let phaseEndTick;
  if (baseAge === 0) {
    tick = r.bits(32);
    ackSeq = r.bits(32);
    phase = r.bits(2);
    phaseEndTick = r.bits(32);
  } else {
    if (!base) throw new ProtocolError('delta snapshot without a baseline');
    tick = (base.tick + baseAge) % TWO_32;
    ackSeq = (base.ackSeq + r.uv()) % TWO_32;
    phase = base.phase;
    phaseEndTick = base.phaseEndTick;
    if (r.bit()) {
      phase = r.bits(2);
      phaseEndTick = r.bits(32);
    }
  }
  const eventCount = r.uv();
  const roster = r.bit();
  return { baseAge, full: baseAge === 0, tick, ackSeq, phase, phaseEndTick, eventCount, roster };
}

/**
 * Applies one roster block (RosterBlocks.java) to roster (a Map by id of {id, scores: [..], name}) at version
 * (-1: none); returns the new version. scores: how many scores a line has in this game.
 */
export function applyRosterBlock(r, roster, version, scores) {
  const form = r.u8('roster form');
  if (form !== 0 && form !== 1) throw new ProtocolError(`unknown roster form ${form}`);
  const next = r.u16('roster version');
  if (form === 1) {
    const base = r.u16('roster base version');
    if (base !== version) throw new ProtocolError(`roster delta against version ${base}, client has ${version}`);
  } else {
    roster.clear();
  }
  const count = r.u8('roster count');
  for (let i = 0; i < count; i++) {
    const id = r.u16();
    const values = [];
    for (let k = 0; k < scores; k++) values.push(r.u16());
    roster.set(id, { id, scores: values, name: r.str8('player name') });
  }
  if (form === 1) {
    const removed = r.u8('removed count');
    for (let i = 0; i < removed; i++) roster.delete(r.u16('removed id'));
  }
  return next;
}

/** The engine's server frames after the opcode: PONG, MOVED, FOLLOWING and REPLAY; null for another opcode. */
export function readEngineFrame(op, r) {
  switch (op) {
    case OPCODES.PONG: return { op: 'PONG', clientTimeMillis: r.u32('client time'), serverTick: r.u32('server tick') };
    case OPCODES.MOVED: return { op: 'MOVED', gamePath: r.str16('game path') };
    case OPCODES.FOLLOWING: return { op: 'FOLLOWING', entityId: r.u16('entity id') };
    case OPCODES.REPLAY: return {
      op: 'REPLAY', flags: r.u8('flags'), speedQuarters: r.u8('speed'), tickRateHz: r.u16('tick rate'),
      position: r.u32('position'), length: r.u32('length'),
    };
    default: return null;
  }
}
