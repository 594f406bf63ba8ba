// The engine's delta snapshots of a game's entities, read in the browser: the same schema and bits as
// EntitySchema.java and EntityDelta.java (docs/protocol.md, "Entity deltas"). A game declares its fields once here
// and once in Java, in the same order, and reads its part of each SNAPSHOT with readEntities().

import { ProtocolError } from './wire.js';

/** Largest entity id; largest motion per tick a moving field keeps (EntityDelta.java). */
export const MAX_ENTITY_ID = 0xFFFF;
export const MAX_MOTION = 2047;
const CLASS_BITS = [4, 7, 10];
const MAX_FIELDS = 16;

/** The fields of a game's entities, in wire order. Build with EntitySchema.builder(). Immutable. */
export class EntitySchema {
  /** @param {{name: string, bits: number, moving: boolean}[]} fields */
  constructor(fields) {
    if (fields.length === 0) throw new Error('a schema needs a field');
    this.fields = Object.freeze(fields.map((f) => Object.freeze({ ...f })));
    Object.freeze(this);
  }

  /**
   * moving(name, bits): a coordinate of 8..24 bits, predicted from its motion per tick;
   * plain(name, bits): a value of 1..32 bits, sent whole when it changed.
   */
  static builder() {
    const fields = [];
    const add = (name, bits, moving) => {
      if (fields.some((f) => f.name === name)) throw new Error(`field ${name} declared twice`);
      if (fields.length === MAX_FIELDS) throw new Error(`at most ${MAX_FIELDS} fields`);
      fields.push({ name, bits, moving });
    };
    const b = {
      moving(name, bits) {
        if (!(bits >= 8 && bits <= 24)) throw new Error(`a moving field has 8..24 bits: ${name}`);
        add(name, bits, true);
        return b;
      },
      plain(name, bits) {
        if (!(bits >= 1 && bits <= 32)) throw new Error(`a plain field has 1..32 bits: ${name}`);
        add(name, bits, false);
        return b;
      },
      build: () => new EntitySchema(fields),
    };
    return b;
  }

  /** The field's index, or -1. */
  field(name) {
    return this.fields.findIndex((f) => f.name === name);
  }

  /** The same text as EntitySchema.toString() in Java (the golden file names its schema so). */
  toString() {
    return `EntitySchema[${this.fields.map((f) => `${f.moving ? 'moving' : 'plain'} ${f.name}:${f.bits}`).join(', ')}]`;
  }
}

/**
 * The entities one client knows after one snapshot: ids ascending, each with its fields' values and the motion per
 * tick of its moving fields. readEntities() replaces the contents in place.
 */
export class Entities {
  /** @param {EntitySchema} schema @param {number} maxEntities most entities a snapshot may hold */
  constructor(schema, maxEntities) {
    this.schema = schema;
    this.maxEntities = maxEntities;
    this.tick = 0;
    /** @type {number[]} */ this.ids = [];
    /** @type {number[][]} values per entity, in schema order */ this.values = [];
    /** @type {number[][]} motion per entity and field (0 for plain fields) */ this.motion = [];
  }

  get size() {
    return this.ids.length;
  }

  /** Index of the entity with this id, or -1. */
  indexOf(id) {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[mid] === id) return mid;
      if (this.ids[mid] < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  /** The entities as plain objects: {id, <field>: value, ...}. */
  toObjects() {
    const names = this.schema.fields.map((f) => f.name);
    return this.ids.map((id, i) => {
      const o = { id };
      names.forEach((n, f) => { o[n] = this.values[i][f]; });
      return o;
    });
  }
}

function checked(field, v) {
  if (v < 0 || v > 2 ** field.bits - 1) throw new ProtocolError(`${field.name} out of range`);
  return v;
}

function motionOf(value, previous, age) {
  return Math.max(-MAX_MOTION, Math.min(MAX_MOTION, Math.trunc((value - previous) / age)));
}

/**
 * Reads one snapshot's entities into `state` (which holds the previous ones for a delta): baseAge > 0 reads a delta
 * against them, 0 a full one (as the engine's snapshot header says). On a ProtocolError `state` is unchanged.
 * @param {import('./wire.js').BitReader} r @param {Entities} state @param {number} baseAge @param {number} tick
 */
export function readEntities(r, state, baseAge, tick) {
  const fields = state.schema.fields;
  const n = fields.length;
  const ids = [];
  const values = [];
  const motion = [];
  if (baseAge > 0) {
    for (let i = 0; i < state.ids.length; i++) {
      const old = state.values[i];
      const oldMotion = state.motion[i];
      if (!r.bit()) {
        values.push(fields.map((f, k) => (f.moving ? checked(f, old[k] + oldMotion[k] * baseAge) : old[k])));
        motion.push(oldMotion.slice());
        ids.push(state.ids[i]);
        continue;
      }
      if (r.bit()) continue; // 11: left
      let mask = 0;
      for (let k = 0; k < n; k++) if (r.bit()) mask |= 1 << k;
      if (mask === 0) throw new ProtocolError('a changed entity with no change');
      const v = old.slice();
      const m = oldMotion.slice();
      for (let k = 0; k < n; k++) {
        const f = fields[k];
        const changed = (mask & (1 << k)) !== 0;
        if (!changed) {
          if (f.moving) v[k] = checked(f, old[k] + oldMotion[k] * baseAge);
          continue;
        }
        if (!f.moving) {
          v[k] = r.bits(f.bits);
          continue;
        }
        const c = r.bits(2);
        if (c === 3) {
          v[k] = r.bits(f.bits);
          m[k] = 0;
        } else {
          v[k] = checked(f, old[k] + oldMotion[k] * baseAge + r.sbits(CLASS_BITS[c]));
          m[k] = motionOf(v[k], old[k], baseAge);
        }
      }
      ids.push(state.ids[i]);
      values.push(v);
      motion.push(m);
    }
  }
  const entered = r.uv();
  if (entered > state.maxEntities - ids.length) {
    throw new ProtocolError(`more than ${state.maxEntities} entities`);
  }
  const arrived = [];
  let id = -1;
  for (let e = 0; e < entered; e++) {
    id += 1 + r.uv();
    if (id > MAX_ENTITY_ID) throw new ProtocolError('entity id out of range');
    arrived.push({ id, v: fields.map((f) => r.bits(f.bits)) });
  }
  // merge the kept and the entered ones, both in id order
  const outIds = [];
  const outValues = [];
  const outMotion = [];
  let a = 0;
  let b = 0;
  while (a < ids.length || b < arrived.length) {
    if (b >= arrived.length || (a < ids.length && ids[a] < arrived[b].id)) {
      outIds.push(ids[a]);
      outValues.push(values[a]);
      outMotion.push(motion[a]);
      a++;
    } else {
      if (a < ids.length && ids[a] === arrived[b].id) {
        throw new ProtocolError(`entity ${ids[a]} entered twice`);
      }
      outIds.push(arrived[b].id);
      outValues.push(arrived[b].v);
      outMotion.push(new Array(n).fill(0));
      b++;
    }
  }
  state.ids = outIds;
  state.values = outValues;
  state.motion = outMotion;
  state.tick = tick;
}
