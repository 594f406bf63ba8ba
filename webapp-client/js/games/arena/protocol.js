/**
 * Skirmish wire protocol (docs/protocol.md; the Java sources in dev.skirmish.games.arena.protocol are the reference):
 * shared tables, the stateless frames of the binary game stream and angle helpers. Snapshot frames are deltas
 * against the previous one and are decoded by the stream's SnapshotDecoder (snapshot.js).
 */

import {
  PROTOCOL_VERSION, OPCODES, CLOSE_CODES, ERROR_CODES, PHASES, PHASE_NAMES, LIMITS as ENGINE_LIMITS, ProtocolError,
  closeCodeName, encodeResync, encodeFollow, encodePing, encodeReplayControl, readReplayControl, REPLAY, Reader,
  encodeView, readView,
  readWelcomeHeader, readEngineFrame,
} from '../../engine/wire.js';

export {
  PROTOCOL_VERSION, OPCODES, CLOSE_CODES, ERROR_CODES, PHASES, PHASE_NAMES, ProtocolError, closeCodeName,
  encodeResync, encodeFollow, encodePing, encodeReplayControl, REPLAY, encodeView,
};

const freeze = Object.freeze;

/** ALT_FIRE (protocol 10) fires the second gun, the rail. */
export const BUTTONS = freeze({ UP: 1, DOWN: 2, LEFT: 4, RIGHT: 8, FIRE: 16, ALT_FIRE: 32 });
export const KINDS = freeze({ PLAYER: 1, PROJECTILE: 2 });
/** BOOSTED (a player's damage pickup runs) and RAIL (a projectile is a rail slug) are protocol 10's. */
export const FLAGS = freeze({ ALIVE: 1, PROTECTED: 2, FIRED: 4, HELD: 8, BOOSTED: 16, RAIL: 32 });
export const EVENTS = freeze({ HIT: 1, KILL: 2, RESPAWN: 3, MATCH: 4, CONNECTION: 5, PICKUP: 6 });
/** Pickup kinds of the WELCOME's spots and of PICKUP events. */
export const PICKUPS = freeze({ HEALTH: 1, SHIELD: 2, DAMAGE: 3 });
/** The WELCOME's match mode. */
export const MODES = freeze({ FREE_FOR_ALL: 0, TEAMS: 1 });
/** Most pickup spots a map has. */
export const MAX_PICKUPS = 64;

/** A pickup kind read from a frame (a WELCOME's spot or a PICKUP event); another value is a ProtocolError. */
export function pickupKind(code) {
  if (code < PICKUPS.HEALTH || code > PICKUPS.DAMAGE) throw new ProtocolError(`unknown pickup kind ${code}`);
  return code;
}
export const LIMITS = freeze({
  ...ENGINE_LIMITS,
  INPUT_FRAME_BYTES: 13,
  INPUTS_HEADER_BYTES: 6,
  INPUTS_ENTRY_BYTES: 8,
});

/** Positions and velocities travel as 1/16 units (per second). */
export const POSITION_SCALE = 16;
export const VELOCITY_SCALE = 16;

const ALL_BUTTONS = BUTTONS.UP | BUTTONS.DOWN | BUTTONS.LEFT | BUTTONS.RIGHT | BUTTONS.FIRE | BUTTONS.ALT_FIRE;
const TWO_PI = Math.PI * 2;
const EVENT_NAMES = freeze(Object.fromEntries(Object.entries(EVENTS).map(([k, v]) => [v, k])));

// ---------------------------------------------------------------- angles

/** Wraps radians into [0, 2pi); non-finite values become 0 (as the server's Quant does). */
export function normalizeAngle(radians) {
  if (!Number.isFinite(radians)) return 0;
  const a = radians % TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

export function angle8ToRadians(q) {
  return (q & 0xff) * TWO_PI / 256;
}

export function angle16ToRadians(q) {
  return (q & 0xffff) * TWO_PI / 65536;
}

export function radiansToAngle8(radians) {
  return Math.round(normalizeAngle(radians) / TWO_PI * 256) & 0xff;
}

export function radiansToAngle16(radians) {
  return Math.round(normalizeAngle(radians) / TWO_PI * 65536) & 0xffff;
}

// ---------------------------------------------------------------- client frames

function checkUint(name, value, max) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, was ${value}`);
  }
}

/**
 * INPUT 0x01 (13 bytes). buttons may only use BUTTONS bits; aim16 is 0..65535. viewTick is the server tick
 * (fractional) the client draws other entities at, for lag compensation; it travels as a u32 whole part and
 * a u8 fraction in 1/256 tick (both rounded down); 0 means unknown.
 */
export function encodeInput(seq, buttons, aim16, viewTick = 0) {
  checkUint('seq', seq, 0xffffffff);
  const bytes = new Uint8Array(LIMITS.INPUT_FRAME_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, OPCODES.INPUT);
  view.setUint32(1, seq);
  writeControls(view, 5, { buttons, aim16, viewTick });
  return bytes;
}

/**
 * INPUTS 0x04 (6 + 8 per input bytes): 1 to MAX_INPUTS_PER_FRAME consecutive inputs in one frame, oldest first;
 * the first has sequence number firstSeq, the next firstSeq + 1 and so on. Each input is {buttons, aim16,
 * viewTick} as for INPUT.
 */
export function encodeInputs(firstSeq, inputs) {
  const n = inputs.length;
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.MAX_INPUTS_PER_FRAME) {
    throw new RangeError(`an INPUTS frame carries 1 to ${LIMITS.MAX_INPUTS_PER_FRAME} inputs, not ${n}`);
  }
  checkUint('seq', firstSeq, 0xffffffff - (n - 1));
  const bytes = new Uint8Array(LIMITS.INPUTS_HEADER_BYTES + n * LIMITS.INPUTS_ENTRY_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, OPCODES.INPUTS);
  view.setUint32(1, firstSeq);
  view.setUint8(5, n);
  inputs.forEach((input, i) => writeControls(view, LIMITS.INPUTS_HEADER_BYTES + i * LIMITS.INPUTS_ENTRY_BYTES, input));
  return bytes;
}

/** Buttons u8, aim16 u16, view tick u32 and its fraction u8 at offset (8 bytes). */
function writeControls(view, offset, { buttons, aim16, viewTick = 0 }) {
  checkUint('buttons', buttons, 0xff);
  if (buttons & ~ALL_BUTTONS) throw new RangeError(`unknown button bits in ${buttons}`);
  checkUint('aim16', aim16, 0xffff);
  if (!(Number.isFinite(viewTick) && viewTick >= 0 && viewTick < 2 ** 32)) {
    throw new RangeError(`viewTick must be a number in [0, 2^32), was ${viewTick}`);
  }
  const whole = Math.floor(viewTick);
  view.setUint8(offset, buttons);
  view.setUint16(offset + 1, aim16);
  view.setUint32(offset + 3, whole);
  view.setUint8(offset + 7, Math.floor((viewTick - whole) * 256));
}

/** The 8 input bytes of {buttons, aim16, viewTick} (as in INPUT after its seq): a run's input in a RUNS frame. */
export function encodeControls(input) {
  const bytes = new Uint8Array(LIMITS.INPUTS_ENTRY_BYTES);
  writeControls(new DataView(bytes.buffer), 0, input);
  return bytes;
}

/** Aims closer than this (angle16 steps: 1/256 of a turn) continue a run (docs/protocol.md, "Sending on change"). */
export const AIM_QUANTUM = 256;
/** How long a change of aim alone may wait to be sent with the next ones. */
export const AIM_DELAY_MS = 100;

/**
 * The arena's run rule for the sender (engine/sender.js) on input bytes: next continues a run of run when the
 * buttons are the same and the aim is less than AIM_QUANTUM away either way round; the view tick does not matter.
 */
export function sameRun(run, next) {
  if (run[0] !== next[0]) return false;
  const d = Math.abs(((run[1] << 8) | run[2]) - ((next[1] << 8) | next[2]));
  return Math.min(d, 65536 - d) < AIM_QUANTUM;
}

// ---------------------------------------------------------------- reading


function opcodeError(op) {
  return new ProtocolError(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`, CLOSE_CODES.UNSUPPORTED_DATA);
}

// ---------------------------------------------------------------- server frames

/** The game whose frames this client decodes (the WELCOME header names the room's game). */
export const GAME = 'arena';
/** The arena's team mode: a game of its own name on the same wire (its WELCOME says mode 1). */
export const TEAM_GAME = 'teams';

function decodeWelcome(r) {
  // the engine's header, then the arena's part
  const w = {
    op: 'WELCOME',
    protocolVersion: r.u8('protocol version'),
    selfId: r.u16('selfId'),
    simRateHz: r.u16('simRateHz'),
    snapshotRateHz: r.u16('snapshotRateHz'),
    viewWidth: r.u16('viewWidth'),
    viewHeight: r.u16('viewHeight'),
    game: r.str8('game'),
  };
  if (w.game !== GAME && w.game !== TEAM_GAME) throw new ProtocolError(`a room of another game: ${w.game}`);
  Object.assign(w, {
    accel: r.f64('accel'),
    maxSpeed: r.f64('maxSpeed'),
    friction: r.f64('friction'),
    playerRadius: r.f64('playerRadius'),
    projectileSpeed: r.f64('projectileSpeed'),
    projectileRadius: r.f64('projectileRadius'),
    maxHealth: r.u16('maxHealth'),
    fireCooldownTicks: r.u16('fireCooldownTicks'),
    killLimit: r.u16('killLimit'),
    matchSeconds: r.u16('matchSeconds'),
    respawnTicks: r.u16('respawnTicks'),
    mapName: r.str8('map name'),
    mapWidth: r.u16('map width'),
    mapHeight: r.u16('map height'),
    walls: [],
  });
  const n = r.u16('wall count');
  for (let i = 0; i < n; i++) {
    const wall = [r.u16('wall x'), r.u16('wall y'), r.u16('wall w'), r.u16('wall h')];
    if (wall[2] === 0 || wall[3] === 0) throw new ProtocolError(`empty wall #${i}`);
    w.walls.push(wall);
  }
  // protocol 10: the mode, the rail, the pickup spots
  w.mode = r.u8('mode');
  if (w.mode > MODES.TEAMS) throw new ProtocolError(`unknown mode ${w.mode}`);
  w.railSpeed = r.f64('railSpeed');
  w.railCooldownTicks = r.u16('railCooldownTicks');
  const spots = r.u8('pickup count');
  if (spots > MAX_PICKUPS) throw new ProtocolError(`more than ${MAX_PICKUPS} pickups`);
  w.pickups = [];
  for (let i = 0; i < spots; i++) {
    w.pickups.push([r.u16('pickup x'), r.u16('pickup y'), pickupKind(r.u8('pickup kind'))]);
  }
  return w;
}

/**
 * Decodes one binary frame from the server into {op: 'WELCOME'|'SNAPSHOT'|'PONG'|'MOVED'|'FOLLOWING'|'REPLAY', ...}. A SNAPSHOT is a delta
 * against the stream's previous one, so it needs the stream's decoder (a SnapshotDecoder of snapshot.js, which
 * keeps the baseline); the other frames are stateless.
 * Throws ProtocolError on an unknown opcode, a truncated frame, trailing bytes or a value out of range.
 */
export function decodeServerFrame(data, decoder = null) {
  const r = new Reader(data);
  const op = r.u8('opcode');
  let frame;
  switch (op) {
    case OPCODES.WELCOME: frame = decodeWelcome(r); break;
    case OPCODES.SNAPSHOT:
      if (!decoder) throw new TypeError('a SNAPSHOT frame needs the stream\'s SnapshotDecoder');
      return decoder.decode(data);
    default:
      frame = readEngineFrame(op, r); // PONG, MOVED, FOLLOWING, REPLAY
      if (!frame) throw opcodeError(op);
  }
  r.end();
  return frame;
}

/** Decodes a client frame (INPUT, INPUTS, PING, RESYNC, FOLLOW or REPLAY_CONTROL); used by tests and tools, the browser only encodes them. */
export function decodeClientFrame(data) {
  const r = new Reader(data);
  const op = r.u8('opcode');
  let frame;
  if (op === OPCODES.INPUT) {
    frame = { op: 'INPUT', seq: r.u32('seq'), ...readControls(r) };
  } else if (op === OPCODES.INPUTS) {
    const firstSeq = r.u32('first seq');
    const count = r.u8('count');
    if (count < 1 || count > LIMITS.MAX_INPUTS_PER_FRAME) {
      throw new ProtocolError(`an INPUTS frame carries 1 to ${LIMITS.MAX_INPUTS_PER_FRAME} inputs, not ${count}`);
    }
    if (firstSeq + count - 1 > 0xffffffff) throw new ProtocolError('sequence numbers past 2^32 - 1');
    const inputs = [];
    for (let i = 0; i < count; i++) inputs.push({ seq: firstSeq + i, ...readControls(r) });
    frame = { op: 'INPUTS', inputs };
  } else if (op === OPCODES.PING) {
    frame = { op: 'PING', clientTimeMillis: r.u32('client time') };
  } else if (op === OPCODES.RESYNC) {
    frame = { op: 'RESYNC' };
  } else if (op === OPCODES.FOLLOW) {
    const step = (r.u8('step') << 24) >> 24;
    if (step !== 1 && step !== -1) throw new ProtocolError(`FOLLOW step must be +1 or -1, not ${step}`);
    frame = { op: 'FOLLOW', step };
  } else if (op === OPCODES.REPLAY_CONTROL) {
    frame = readReplayControl(r);
  } else if (op === OPCODES.VIEW) {
    frame = readView(r);
  } else {
    throw opcodeError(op);
  }
  r.end();
  return frame;
}

function readControls(r) {
  const c = { buttons: r.u8('buttons'), aim16: r.u16('aim') };
  if (c.buttons & ~ALL_BUTTONS) throw new ProtocolError('unknown button bits');
  c.viewTick = r.u32('view tick');
  c.viewFraction = r.u8('view fraction');
  return c;
}

// ---------------------------------------------------------------- welcome helpers

/** The movement constants of a decoded WELCOME, in the shape movement.js expects. */
export function rulesFromWelcome(w) {
  return freeze({
    simRateHz: w.simRateHz,
    accel: w.accel,
    maxSpeed: w.maxSpeed,
    friction: w.friction,
    playerRadius: w.playerRadius,
  });
}

/**
 * The map of a decoded WELCOME: {name, width, height, walls: [{x, y, w, h}], pickups: [{x, y, kind}]} in wire
 * order (a snapshot's pickup bits follow the pickups' order).
 */
export function mapFromWelcome(w) {
  return freeze({
    name: w.mapName,
    width: w.mapWidth,
    height: w.mapHeight,
    walls: freeze(w.walls.map(([x, y, ww, hh]) => freeze({ x, y, w: ww, h: hh }))),
    pickups: freeze((w.pickups ?? []).map(([x, y, kind]) => freeze({ x, y, kind }))),
  });
}
