/**
 * Snapshot frames (0x81) of protocol v2: a bit reader and the per-stream decoder that keeps the last snapshot
 * as the baseline of the next delta. Mirrors the server's SnapshotCodec.decode and ServerFrames.finishSnapshot
 * (src/main/java/dev/skirmish/games/arena/protocol/) bit for bit, with the same integer arithmetic.
 */

import { BitReader, readSnapshotHeader, applyRosterBlock } from '../../engine/wire.js';
import {
  ProtocolError, OPCODES, KINDS, FLAGS, EVENTS, MAX_PICKUPS, pickupKind, PHASE_NAMES, POSITION_SCALE, VELOCITY_SCALE,
  angle8ToRadians,
} from './protocol.js';

/** A delta reaches back at most this many ticks (SnapshotCodec.MAX_BASE_AGE). */
export const MAX_BASE_AGE = 255;
/** Most entities one snapshot may hold (EntityTable.MAX_ENTITIES). */
export const MAX_ENTITIES = 4096;
/** Motion per tick is clamped to this many 1/16 units either way. */
export const MAX_MOTION = 2047;

const FIELD_POS = 1;
const FIELD_ANGLE = 2;
const FIELD_HEALTH = 4;
const FIELD_FLAGS = 8;
const MOVE_AND_AIM = FIELD_POS | FIELD_ANGLE;
/** Residual size classes 0..2 (signed bits); class 3 is the absolute 16-bit value. */
const CLASS_BITS = [4, 7, 10];
const KNOWN_FLAGS = FLAGS.ALIVE | FLAGS.PROTECTED | FLAGS.FIRED | FLAGS.HELD | FLAGS.BOOSTED;

export { BitReader };

/** A quantized entity: x, y in 1/16 units, angle in 1/256 turns, mx, my the motion per tick in 1/16 units. */
function entity(id, kind, x, y, angle, health, flags, owner) {
  return { id, kind, x, y, angle, health, flags, owner, mx: 0, my: 0 };
}

/** Bits of a player's flags on the wire (protocol 10: 5). */
const PLAYER_FLAG_BITS = 5;

/** 7 bits of spot count (0 to 64), then a bit per spot: whether its pickup lies there (array of booleans). */
function readPickups(r) {
  const n = r.bits(7);
  if (n > MAX_PICKUPS) throw new ProtocolError(`more than ${MAX_PICKUPS} pickups`);
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.bit());
  return out;
}

function checked(q) {
  if (q < 0 || q > 0xffff) throw new ProtocolError('entity position out of range');
  return q;
}

function flagBits(f) {
  if ((f & ~KNOWN_FLAGS) !== 0) throw new ProtocolError(`unknown entity flags ${f}`);
  return f;
}

function phase(code) {
  if (!(code in PHASE_NAMES)) throw new ProtocolError(`unknown match phase ${code}`);
  return code;
}

/** Motion per tick from two positions age ticks apart: Java int division (towards zero), clamped. */
export function motion(value, previous, age) {
  const m = Math.trunc((value - previous) / age);
  return Math.max(-MAX_MOTION, Math.min(MAX_MOTION, m));
}

/** One coordinate of a changed entity (readAxis): returns [position, motion]. */
function readAxis(r, predicted, previous, age) {
  const c = r.bits(2);
  if (c === 3) return [r.bits(16), 0];
  const pos = checked(predicted + r.sbits(CLASS_BITS[c]));
  return [pos, motion(pos, previous, age)];
}

/** Entity old (of the baseline) as changed by a delta (readChange). */
function readChange(r, old, age) {
  const mask = r.bit() ? MOVE_AND_AIM : r.bits(4);
  const e = { ...old };
  const px = old.x + old.mx * age;
  const py = old.y + old.my * age;
  e.x = px;
  e.y = py;
  if ((mask & FIELD_POS) !== 0) {
    [e.x, e.mx] = readAxis(r, px, old.x, age);
    [e.y, e.my] = readAxis(r, py, old.y, age);
  } else {
    checked(px);
    checked(py);
  }
  if ((mask & FIELD_ANGLE) !== 0) e.angle = r.bit() ? r.bits(8) : (old.angle + r.sbits(4)) & 0xff;
  if ((mask & FIELD_HEALTH) !== 0) e.health = r.bits(8);
  if ((mask & FIELD_FLAGS) !== 0) e.flags = flagBits(r.bits(PLAYER_FLAG_BITS));
  return e;
}

/** kept and entered are each in id order; merges them, refusing an id in both. */
function mergeById(kept, entered) {
  const out = [];
  let a = 0;
  let b = 0;
  while (a < kept.length || b < entered.length) {
    if (b >= entered.length || (a < kept.length && kept[a].id < entered[b].id)) {
      out.push(kept[a++]);
    } else {
      if (a < kept.length && kept[a].id === entered[b].id) {
        throw new ProtocolError(`entity ${entered[b].id} entered twice`);
      }
      out.push(entered[b++]);
    }
  }
  return out;
}

function decodeEvent(r) {
  const type = r.u8('event type');
  switch (type) {
    case EVENTS.HIT:
      return { type: 'HIT', attackerId: r.u16(), victimId: r.u16(), damage: r.u8(), healthAfter: r.u8() };
    case EVENTS.KILL:
      return { type: 'KILL', killerId: r.u16(), victimId: r.u16() };
    case EVENTS.RESPAWN:
      return {
        type: 'RESPAWN', playerId: r.u16(), x: r.u16('respawn x') / POSITION_SCALE, y: r.u16('respawn y') / POSITION_SCALE,
      };
    case EVENTS.MATCH:
      return { type: 'MATCH', phase: phase(r.u8('match phase')), matchNumber: r.u16(), winnerId: r.u16() };
    case EVENTS.CONNECTION: {
      const playerId = r.u16();
      const state = r.u8('connection state');
      if (state > 1) throw new ProtocolError(`unknown connection state ${state}`);
      return { type: 'CONNECTION', playerId, connected: state === 1 };
    }
    case EVENTS.PICKUP: {
      const playerId = r.u16();
      const spot = r.u8('pickup spot');
      return { type: 'PICKUP', playerId, spot, kind: pickupKind(r.u8('pickup kind')) };
    }
    default:
      throw new ProtocolError(`unknown event type ${type}`);
  }
}


/** The empty baseline: no snapshot yet (or the last one failed). */
function emptyState() {
  return {
    valid: false, tick: 0, ackSeq: 0, vx: 0, vy: 0, phase: 0, phaseEndTick: 0, areaW: 0, areaH: 0, pickups: [],
    entities: [],
  };
}

/**
 * Decodes the snapshot frames of one game stream, in order (ServerDecoder.java). Keeps the last snapshot,
 * quantized, as the baseline of the next delta. Any ProtocolError drops the baseline: the client then sends
 * RESYNC and waits for a full snapshot (a delta without baseline is refused).
 */
export class SnapshotDecoder {
  constructor() {
    /**
     * The client's view after the last snapshot, quantized (do not modify): {valid, tick, ackSeq, vx, vy
     * (1/16 units/s), phase, phaseEndTick, areaW, areaH (the play area's half-width and half-height, 1/16
     * units), entities: [{id, kind, x, y (1/16 units), angle (angle8), health, flags, owner, mx, my}] in id
     * order}.
     */
    this.state = emptyState();
    this.roster = new Map(); // id -> {id, scores: [kills, deaths], name}: the scoreboard, kept across snapshots
    this.rosterVersion = -1;
  }

  /** Whether a baseline is held (false before the first snapshot and after a failed one). */
  get hasBaseline() {
    return this.state.valid;
  }

  /** Forgets the baseline (the next frame must be a full snapshot). */
  reset() {
    this.state = emptyState();
    this.roster.clear();
    this.rosterVersion = -1;
  }

  /** The entities as [id, kind, x, y, angle8, health, flags, owner, mx, my] (snapshots.json's shape). */
  quantizedEntities() {
    return this.state.entities.map((e) => [e.id, e.kind, e.x, e.y, e.angle, e.health, e.flags, e.owner, e.mx, e.my]);
  }

  /**
   * Decodes one whole SNAPSHOT frame (opcode included) against the baseline and makes it the new baseline.
   * Returns {op: 'SNAPSHOT', tick, full, ackSeq, selfVx, selfVy (units/s), phase, phaseEndTick, areaHalfWidth,
   * areaHalfHeight (units; the play area is centred on the map), entities:
   * [{id, kind, x, y (map units), angle8, angle (radians), health, flags, owner}], events, roster, radar (about
   * once a second: the other living players outside the entities as [{qx, qy}] in 256ths of the map; else
   * null)}.
   * Throws ProtocolError (and drops the baseline) on a malformed frame.
   */
  decode(data) {
    try {
      return this.decodeFrame(new BitReader(data));
    } catch (err) {
      this.state.valid = false;
      this.roster.clear();
      this.rosterVersion = -1;
      throw err;
    }
  }

  /** decode() without the error handling: reads the frame from bit reader r (opcode first). */
  decodeFrame(r) {
    const op = r.bits(8);
    if (op !== OPCODES.SNAPSHOT) throw new ProtocolError(`not a snapshot frame: opcode 0x${op.toString(16)}`);
    const base = this.state;
    // the engine's header (engine/wire.js): tick, ack, match phase, event count, roster flag
    const header = readSnapshotHeader(r, base.valid ? base : null);
    const { tick, ackSeq, eventCount, roster: hasRoster } = header;
    const age = header.baseAge;
    const delta = !header.full;
    const phaseCode = header.phase;
    const { phaseEndTick } = header;
    // the arena's part: own velocity, play area, entities, radar flag
    let vx;
    let vy;
    let areaW;
    let areaH;
    let { pickups } = base;
    if (!delta) {
      vx = r.sbits(16);
      vy = r.sbits(16);
      areaW = r.bits(16);
      areaH = r.bits(16);
      pickups = readPickups(r);
    } else {
      vx = base.vx;
      vy = base.vy;
      if (r.bit()) {
        vx = r.sbits(16);
        vy = r.sbits(16);
      }
      areaW = base.areaW;
      areaH = base.areaH;
      if (r.bit()) {
        areaW = r.bits(16);
        areaH = r.bits(16);
      }
      if (r.bit()) pickups = readPickups(r);
    }
    const kept = [];
    if (delta) {
      for (const old of base.entities) {
        if (!r.bit()) {
          kept.push({ ...old, x: checked(old.x + old.mx * age), y: checked(old.y + old.my * age) });
        } else if (!r.bit()) {
          kept.push(readChange(r, old, age));
        } // else: left
      }
    }
    const count = r.uv();
    if (count + kept.length > MAX_ENTITIES) throw new ProtocolError('too many entities');
    const entered = [];
    let id = -1;
    for (let k = 0; k < count; k++) {
      id = id + 1 + r.uv();
      if (id > 0xffff) throw new ProtocolError('entity id out of range');
      const projectile = r.bit();
      const x = r.bits(16);
      const y = r.bits(16);
      const angle = r.bits(8);
      if (projectile) {
        const owner = r.bits(10);
        entered.push(entity(id, KINDS.PROJECTILE, x, y, angle, 0, FLAGS.ALIVE | (r.bit() ? FLAGS.RAIL : 0), owner));
      } else {
        const health = r.bits(8);
        entered.push(entity(id, KINDS.PLAYER, x, y, angle, health, flagBits(r.bits(PLAYER_FLAG_BITS)), 0));
      }
    }
    const entities = entered.length > 0 && kept.length > 0 ? mergeById(kept, entered)
      : (entered.length > 0 ? entered : kept);
    const hasRadar = r.bit();
    r.align();
    // the bits are valid: this is the new baseline (the tail can still fail, which drops it again)
    this.state = { valid: true, tick, ackSeq, vx, vy, phase: phaseCode, phaseEndTick, areaW, areaH, pickups, entities };
    let radar = null;
    if (hasRadar) {
      const n = r.u8('radar count');
      radar = [];
      for (let i = 0; i < n; i++) radar.push({ qx: r.u8('radar x'), qy: r.u8('radar y') });
    }
    // the engine's tail: events, roster
    const events = [];
    for (let i = 0; i < eventCount; i++) events.push(decodeEvent(r));
    let roster = null;
    if (hasRoster) {
      // the engine's roster block; the arena's three values are kills, deaths and team (protocol 10)
      this.rosterVersion = applyRosterBlock(r, this.roster, this.rosterVersion, 3);
      const players = [...this.roster.values()].sort((p, q) => p.id - q.id)
        .map((p) => ({ id: p.id, kills: p.scores[0], deaths: p.scores[1], team: p.scores[2], name: p.name }));
      roster = { version: this.rosterVersion, players };
    }
    r.end();
    return {
      op: 'SNAPSHOT',
      tick,
      full: !delta,
      ackSeq,
      selfVx: vx / VELOCITY_SCALE,
      selfVy: vy / VELOCITY_SCALE,
      phase: phase(phaseCode),
      phaseEndTick,
      areaHalfWidth: areaW / POSITION_SCALE,
      areaHalfHeight: areaH / POSITION_SCALE,
      pickups,
      entities: entities.map((e) => ({
        id: e.id,
        kind: e.kind,
        x: e.x / POSITION_SCALE,
        y: e.y / POSITION_SCALE,
        angle8: e.angle,
        angle: angle8ToRadians(e.angle),
        health: e.health,
        flags: e.flags,
        owner: e.owner,
      })),
      events,
      roster,
      radar,
    };
  }
}
