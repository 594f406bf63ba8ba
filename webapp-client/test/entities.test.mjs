// The SDK's entity deltas (engine/entities.js) against the golden stream shared with Java (entities.json,
// written by EntityDeltaTest), and bad frames.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex } from './support.mjs';
import { BitReader, ProtocolError } from '../js/engine/wire.js';
import { EntitySchema, Entities, readEntities } from '../js/engine/entities.js';

const golden = fixture('entities.json');
const SCHEMA = EntitySchema.builder().moving('x', 16).moving('y', 16).plain('angle', 8).plain('flags', 3)
  .plain('score', 32).build();

const asRows = (t) => t.ids.map((id, i) => [id, ...t.values[i]]);

test('the schema is the one the Java test wrote the golden stream with', () => {
  assert.equal(SCHEMA.toString(), golden.schema);
});

test('entities.json reads in order to the stored entities (EntityDeltaTest checks the same file)', () => {
  const t = new Entities(SCHEMA, 64);
  let deltas = 0;
  for (const [i, f] of golden.frames.entries()) {
    readEntities(new BitReader(fromHex(f.hex)), t, f.baseAge, f.tick);
    assert.deepEqual(asRows(t), f.entities, `frame ${i}`);
    assert.equal(t.tick, f.tick);
    if (f.baseAge > 0) deltas++;
  }
  assert.ok(deltas >= 20, `the stream is mostly deltas (${deltas})`);
  assert.deepEqual(Object.keys(t.toObjects()[0]), ['id', 'x', 'y', 'angle', 'flags', 'score']);
});

test('a truncated delta, too many entities, and an entity entering twice are refused and leave the table as it was', () => {
  const t = new Entities(SCHEMA, 64);
  readEntities(new BitReader(fromHex(golden.frames[0].hex)), t, 0, golden.frames[0].tick);
  const before = asRows(t);
  const next = golden.frames[1];
  const bytes = fromHex(next.hex);
  for (let cut = 0; cut < bytes.length - 1; cut++) {
    assert.throws(() => readEntities(new BitReader(bytes.subarray(0, cut)), t, next.baseAge, next.tick),
      ProtocolError, `cut at ${cut}`);
    assert.deepEqual(asRows(t), before);
  }
  const small = new Entities(SCHEMA, 2);
  assert.throws(() => readEntities(new BitReader(fromHex(golden.frames[0].hex)), small, 0, 1), /more than 2 entities/);
  // every known entity unchanged (one 0 bit each), then uv 1 entering the first id again (gap = id), fields 0
  const bits = [];
  const push = (v, n) => { for (let k = n - 1; k >= 0; k--) bits.push(Math.floor(v / 2 ** k) % 2); };
  t.ids.forEach(() => push(0, 1));
  push(0, 2); push(1, 4); // uv 1
  push(t.ids[0] < 16 ? 0 : 1, 2); push(t.ids[0], t.ids[0] < 16 ? 4 : 8);
  SCHEMA.fields.forEach((f) => push(0, f.bits));
  while (bits.length % 8) bits.push(0);
  const twice = new Uint8Array(bits.length / 8).map((_, i) => parseInt(bits.slice(i * 8, i * 8 + 8).join(''), 2));
  assert.throws(() => readEntities(new BitReader(twice), t, 1, 99), /entered twice/);
  assert.deepEqual(asRows(t), before);
});

test('the builder refuses what Java refuses', () => {
  assert.throws(() => EntitySchema.builder().moving('x', 30), /8..24 bits/);
  assert.throws(() => EntitySchema.builder().plain('a', 1).plain('a', 2), /twice/);
  assert.throws(() => EntitySchema.builder().build(), /needs a field/);
});
