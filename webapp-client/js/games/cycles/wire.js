/**
 * Light cycles' part of the game stream (docs/protocol.md, "Light cycles"; the Java twin is
 * dev.skirmish.games.cycles.protocol.CyclesWire): the input byte, the WELCOME body, the events and the snapshot
 * body. The engine's frame around them comes from the SDK (engine/wire.js).
 */

import {
  OPCODES, ProtocolError, Reader, BitReader, readWelcomeHeader, readSnapshotHeader, applyRosterBlock, readEngineFrame,
  encodeInputFrame, PHASES,
} from '../../engine/wire.js';

export const GAME = 'cycles';
/** Input bytes: nothing (a keep-alive), turn left, turn right. */
export const INPUT = Object.freeze({ NONE: 0, LEFT: 1, RIGHT: 2 });
export const EVENTS = Object.freeze({ CRASH: 1, ROUND: 2, CONNECTION: 3 });
/** Cycle flag bits. */
export const CYCLE_FLAGS = Object.freeze({ ALIVE: 1, HELD: 2, RIDING: 4 });
/** Directions: east, south, west, north; a left turn is -1, a right turn +1 (mod 4); y grows downwards. */
export const DX = Object.freeze([1, 0, -1, 0]);
export const DY = Object.freeze([0, 1, 0, -1]);
const XY_BITS = 7;
const KNOWN_FLAGS = CYCLE_FLAGS.ALIVE | CYCLE_FLAGS.HELD | CYCLE_FLAGS.RIDING;

/** INPUT (or INPUTS) frame of turns from firstSeq: each -1 (left), 0 (none) or +1 (right). */
export function encodeTurns(firstSeq, turns) {
  return encodeInputFrame(firstSeq, turns.map((t) => Uint8Array.of(t < 0 ? INPUT.LEFT : t > 0 ? INPUT.RIGHT : INPUT.NONE)));
}

/** Whether a cycle of these flags moves in a frame of this phase (both ends predict with it). */
function moves(flags, phase) {
  return (flags & (CYCLE_FLAGS.ALIVE | CYCLE_FLAGS.RIDING)) === (CYCLE_FLAGS.ALIVE | CYCLE_FLAGS.RIDING)
    && (phase === PHASES.PLAYING || phase === PHASES.WAITING);
}

function cell(v, side) {
  if (v < 0 || v >= side) throw new ProtocolError(`cell ${v} outside the track`);
  return v;
}

function flagBits(f) {
  if (f & ~KNOWN_FLAGS) throw new ProtocolError(`unknown cycle flags ${f}`);
  return f;
}

function readCorners(r, cycle, w, h) {
  const n = r.uv();
  if (n + cycle.corners.length > w * h) throw new ProtocolError('too many turns');
  for (let i = 0; i < n; i++) cycle.corners.push([cell(r.bits(XY_BITS), w), cell(r.bits(XY_BITS), h)]);
}

function readEvent(r) {
  const type = r.u8('event type');
  switch (type) {
    case EVENTS.CRASH:
      return { type: 'CRASH', cycleId: r.u8(), byId: r.u8(), x: r.u8(), y: r.u8() };
    case EVENTS.ROUND: {
      const phase = r.u8('phase');
      if (phase > 3) throw new ProtocolError(`unknown match phase ${phase}`);
      return { type: 'ROUND', phase, round: r.u16(), winnerId: r.u8() };
    }
    case EVENTS.CONNECTION: {
      const cycleId = r.u8();
      const state = r.u8();
      if (state > 1) throw new ProtocolError(`unknown connection state ${state}`);
      return { type: 'CONNECTION', cycleId, connected: state === 1 };
    }
    default: throw new ProtocolError(`unknown event type ${type}`);
  }
}

/** The cycles' WELCOME after the engine's header: {width, height, countdownTicks, roundTicks, resultsTicks, respawnTicks}. */
function readWelcomeBody(r) {
  const b = {
    width: r.u8('width'), height: r.u8('height'), countdownTicks: r.u16('countdown'), roundTicks: r.u16('round'),
    resultsTicks: r.u16('results'), respawnTicks: r.u16('respawn'),
  };
  if (b.width < 16 || b.height < 16 || b.width > 128 || b.height > 128) {
    throw new ProtocolError(`a track is 16 to 128 cells a side, not ${b.width}x${b.height}`);
  }
  return b;
}

/**
 * Decodes the frames of one light-cycle stream in order, keeping the last snapshot as the baseline of the next
 * delta (CyclesDecoder.java). A ProtocolError on a snapshot drops the baseline: send RESYNC.
 */
export class CyclesDecoder {
  constructor() {
    this.track = null; // the WELCOME's track size
    this.reset();
  }

  /** Forgets the baseline. */
  reset() {
    this.header = null;
    this.cycles = []; // [{id, x, y, dir, flags, startX, startY, corners: [[x, y]...]}] in id order
    this.roster = new Map();
    this.rosterVersion = -1;
  }

  get hasBaseline() {
    return this.header !== null;
  }

  /**
   * One frame: {op: 'WELCOME', ...header, ...track} | {op: 'SNAPSHOT', tick, full, ackSeq, phase, phaseEndTick,
   * cycles, events, roster ({version, players: [{id, name, wins, cuts}]} or null)} | PONG | MOVED | FOLLOWING.
   */
  decode(data) {
    const r = new Reader(data);
    const op = r.u8('opcode');
    if (op === OPCODES.WELCOME) {
      const header = readWelcomeHeader(r);
      if (header.game !== GAME) throw new ProtocolError(`a room of another game: ${header.game}`);
      this.track = readWelcomeBody(r);
      r.end();
      return { op: 'WELCOME', ...header, ...this.track };
    }
    if (op !== OPCODES.SNAPSHOT) {
      const frame = readEngineFrame(op, r);
      if (!frame) throw new ProtocolError(`unknown opcode 0x${op.toString(16)}`, 1003);
      r.end();
      return frame;
    }
    if (!this.track) throw new ProtocolError('a snapshot before WELCOME');
    try {
      return this.decodeSnapshot(new BitReader(data, 1));
    } catch (err) {
      this.reset();
      throw err;
    }
  }

  decodeSnapshot(r) {
    const { width: w, height: h } = this.track;
    const header = readSnapshotHeader(r, this.header);
    const age = header.baseAge;
    const kept = [];
    if (age !== 0) {
      for (const old of this.cycles) {
        if (!r.bit()) {
          const c = { ...old, corners: old.corners };
          if (moves(old.flags, header.phase)) {
            c.x = cell(old.x + DX[old.dir] * age, w);
            c.y = cell(old.y + DY[old.dir] * age, h);
          }
          kept.push(c);
        } else if (!r.bit()) {
          const dir = r.bits(2);
          const flags = flagBits(r.bits(3));
          const x = cell(r.bits(XY_BITS), w);
          const y = cell(r.bits(XY_BITS), h);
          let c;
          if (r.bit()) {
            c = { id: old.id, x, y, dir, flags, startX: cell(r.bits(XY_BITS), w), startY: cell(r.bits(XY_BITS), h), corners: [] };
          } else {
            c = { ...old, x, y, dir, flags, corners: old.corners.slice() };
          }
          readCorners(r, c, w, h);
          kept.push(c);
        } // else: left
      }
    }
    const entered = r.uv();
    if (entered + kept.length > 255) throw new ProtocolError('too many cycles');
    const added = [];
    let id = -1;
    for (let k = 0; k < entered; k++) {
      id = id + 1 + r.uv();
      if (id > 255) throw new ProtocolError('cycle id out of range');
      const c = {
        id, x: cell(r.bits(XY_BITS), w), y: cell(r.bits(XY_BITS), h), dir: r.bits(2), flags: flagBits(r.bits(3)),
        startX: 0, startY: 0, corners: [],
      };
      c.startX = cell(r.bits(XY_BITS), w);
      c.startY = cell(r.bits(XY_BITS), h);
      readCorners(r, c, w, h);
      added.push(c);
    }
    r.align();
    const byId = new Map(kept.map((c) => [c.id, c]));
    for (const c of added) {
      if (byId.has(c.id)) throw new ProtocolError(`cycle ${c.id} entered twice`);
      byId.set(c.id, c);
    }
    const cycles = [...byId.values()].sort((a, b) => a.id - b.id);
    const events = [];
    for (let i = 0; i < header.eventCount; i++) events.push(readEvent(r));
    let roster = null;
    if (header.roster) {
      this.rosterVersion = applyRosterBlock(r, this.roster, this.rosterVersion, 2);
      const players = [...this.roster.values()].sort((p, q) => p.id - q.id)
        .map((p) => ({ id: p.id, name: p.name, wins: p.scores[0], cuts: p.scores[1] }));
      roster = { version: this.rosterVersion, players };
    }
    r.end();
    this.header = header;
    this.cycles = cycles;
    return {
      op: 'SNAPSHOT', tick: header.tick, full: header.full, ackSeq: header.ackSeq, phase: header.phase,
      phaseEndTick: header.phaseEndTick, cycles, events, roster,
    };
  }
}

/** The cells of a cycle's trail as polyline points: its start, its turns, its head. */
export function trailPoints(c, head = [c.x, c.y]) {
  return [[c.startX, c.startY], ...c.corners, head];
}
