// Snapshot decoder (protocol 10) against the shared sequence snapshots.json, plus malformed and mutated frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SnapshotDecoder, BitReader, motion, MAX_MOTION } from '../js/games/arena/snapshot.js';
import { decodeServerFrame, ProtocolError, CLOSE_CODES, KINDS, FLAGS, angle8ToRadians } from '../js/games/arena/protocol.js';

const fixture = JSON.parse(readFileSync(
  new URL('../../src/test/resources/protocol/snapshots.json', import.meta.url), 'utf8'));
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const frames = fixture.frames.map((f) => ({ ...f, bytes: fromHex(f.hex) }));

/** A decoder that has decoded frames[0..n-1] (its baseline is the state after frame n-1). */
function decoderAfter(n) {
  const d = new SnapshotDecoder();
  for (let i = 0; i < n; i++) d.decode(frames[i].bytes);
  return d;
}

/** The decoded snapshot in snapshots.json's shape (quantized state from the decoder). */
function stored(s, d) {
  return {
    tick: s.tick, full: s.full, ackSeq: s.ackSeq, vx: d.state.vx, vy: d.state.vy, phase: s.phase,
    phaseEndTick: s.phaseEndTick, areaHalfWidth16: d.state.areaW, areaHalfHeight16: d.state.areaH,
    pickupCount: s.pickups.length, pickups: s.pickups.reduce((mask, on, i) => mask + (on ? 2 ** i : 0), 0),
    entities: d.quantizedEntities(), events: s.events, roster: s.roster,
    radar: s.radar ? s.radar.map((b) => [b.qx, b.qy]) : null,
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit linear congruential generator). */
function random(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Writes fields MSB first, like the server's BitWriter, to build frames for the tests. */
class Bits {
  constructor() { this.list = []; }
  bits(v, n) {
    for (let i = n - 1; i >= 0; i--) this.list.push(Math.floor(v / 2 ** i) % 2);
    return this;
  }
  bit(b) { return this.bits(b ? 1 : 0, 1); }
  uv(v) {
    if (v < 16) return this.bits(0, 2).bits(v, 4);
    if (v < 256) return this.bits(1, 2).bits(v, 8);
    if (v < 65536) return this.bits(2, 2).bits(v, 16);
    return this.bits(3, 2).bits(v, 32);
  }
  signed(v, n) { return this.bits(v < 0 ? v + 2 ** n : v, n); }
  align() {
    while (this.list.length % 8 !== 0) this.list.push(0);
    return this;
  }
  bytes(...b) {
    for (const v of b) this.bits(v, 8);
    return this;
  }
  done() {
    this.align();
    const out = new Uint8Array(this.list.length / 8);
    for (let i = 0; i < out.length; i++) out[i] = this.list.slice(i * 8, i * 8 + 8).reduce((a, b) => a * 2 + b, 0);
    return out;
  }
}

/** A full snapshot at tick 500 of players [id, x, y, flags] (x, y in 1/16 units), then the event count. */
function fullFrame(players, { eventCount = 0, roster = false } = {}) {
  // the engine's header (tick, ack, match phase, event count, roster flag), then the arena's bits
  const w = new Bits().bits(0x81, 8).bits(0, 8).bits(500, 32).bits(9, 32).bits(1, 2).bits(0, 32).uv(eventCount)
    .bit(roster).bits(0, 16).bits(0, 16).bits(24000, 16).bits(24000, 16).bits(0, 7).uv(players.length);
  let prev = -1;
  for (const [id, x, y, flags] of players) {
    w.uv(id - prev - 1).bit(false).bits(x, 16).bits(y, 16).bits(0, 8).bits(100, 8).bits(flags, 5);
    prev = id;
  }
  return w.bit(false).align(); // no radar
}

/**
 * A delta of age ticks against a baseline of n entities: per entity [kind of change, ...fields]; no events, no
 * roster. The caller adds the entered entities and the radar flag.
 */
function deltaFrame(age, changes, entered = 0) {
  // ack, match phase unchanged, no events, no roster; velocity, play area and pickups unchanged
  const w = new Bits().bits(0x81, 8).bits(age, 8).uv(0).bit(false).uv(0).bit(false).bit(false).bit(false).bit(false);
  for (const c of changes) {
    if (c === 'same') w.bits(0, 1);
    else if (c === 'left') w.bits(3, 2);
    else w.bits(2, 2).bit(false).bits(c.mask, 4).bits(c.class, 2).signed(c.dx, [4, 7, 10][c.class])
      .bits(c.class, 2).signed(c.dy, [4, 7, 10][c.class]);
  }
  return w.uv(entered);
}

const isProtocolError = (e) => e instanceof ProtocolError && e.closeCode === CLOSE_CODES.INVALID_PAYLOAD;

test('snapshots.json decodes in order to exactly the stored states', () => {
  const d = new SnapshotDecoder();
  assert.equal(d.hasBaseline, false);
  for (const f of frames) {
    const s = decodeServerFrame(f.bytes, d);
    assert.equal(f.bytes.length, f.bytes.byteLength);
    assert.deepEqual(stored(s, d), f.value, f.name);
    assert.equal(d.hasBaseline, true);
    // the game's view of the same state: map units, radians, units per second
    assert.equal(s.op, 'SNAPSHOT');
    assert.equal(s.selfVx, f.value.vx / 16);
    assert.equal(s.selfVy, f.value.vy / 16);
    assert.deepEqual(s.entities, f.value.entities.map(([id, kind, x, y, angle8, health, flags, owner]) => ({
      id, kind, x: x / 16, y: y / 16, angle8, angle: angle8ToRadians(angle8), health, flags, owner,
    })), f.name);
  }
});

test('the fixture covers full and delta frames, projectiles with owners, events and rosters', () => {
  const values = frames.map((f) => f.value);
  assert.ok(values.some((v) => v.full) && values.some((v) => !v.full));
  assert.ok(values.some((v) => v.entities.some((e) => e[1] === KINDS.PROJECTILE && e[7] !== 0)));
  assert.ok(values.some((v) => v.roster !== null) && values.some((v) => v.events.length > 0));
  assert.ok(values.some((v) => v.entities.some((e) => e[8] !== 0 || e[9] !== 0)), 'some motion');
  assert.ok(values.some((v) => v.areaHalfWidth16 !== values[0].areaHalfWidth16), 'a play area change');
});

test('a delta without a baseline is refused', () => {
  assert.throws(() => new SnapshotDecoder().decode(frames[1].bytes),
    (e) => isProtocolError(e) && /delta snapshot without a baseline/.test(e.message));
});

test('after an error the baseline is gone until a full snapshot arrives', () => {
  const d = decoderAfter(3);
  const bad = frames[3].bytes.slice(0, 5);
  assert.throws(() => d.decode(bad), isProtocolError);
  assert.equal(d.hasBaseline, false);
  // the following deltas are refused, the next full snapshot (frame 7, a resync) is taken
  for (let i = 3; i < 7; i++) assert.throws(() => d.decode(frames[i].bytes), /without a baseline/);
  assert.deepEqual(stored(d.decode(frames[7].bytes), d), frames[7].value);
  assert.deepEqual(stored(d.decode(frames[8].bytes), d), frames[8].value);
});

test('every truncation of every frame throws ProtocolError and drops the baseline', () => {
  for (let i = 0; i < frames.length; i++) {
    const bytes = frames[i].bytes;
    for (let n = 0; n < bytes.length; n++) {
      const d = decoderAfter(i);
      assert.throws(() => d.decode(bytes.slice(0, n)), (e) => isProtocolError(e) && /truncated frame/.test(e.message),
        `${frames[i].name} cut to ${n} bytes`);
      assert.equal(d.hasBaseline, false);
    }
  }
});

test('trailing bytes after a frame throw', () => {
  for (let i = 0; i < frames.length; i++) {
    const bytes = new Uint8Array(frames[i].bytes.length + 1);
    bytes.set(frames[i].bytes);
    const d = decoderAfter(i);
    assert.throws(() => d.decode(bytes), (e) => isProtocolError(e) && /trailing bytes/.test(e.message), frames[i].name);
    assert.equal(d.hasBaseline, false);
  }
});

test('a frame decodes the same from an ArrayBuffer and from a view at an offset', () => {
  const a = new SnapshotDecoder().decode(frames[0].bytes.slice().buffer);
  const padded = new Uint8Array(frames[0].bytes.length + 3);
  padded.set(frames[0].bytes, 3);
  assert.deepEqual(new SnapshotDecoder().decode(padded.subarray(3)), a);
});

test('bad ids, too many entities and positions out of range throw ', () => {
  const ok = new SnapshotDecoder().decode(fullFrame([[1, 16, 32, FLAGS.ALIVE | FLAGS.FIRED], [65535, 0, 65535, 0]]).done());
  assert.deepEqual(ok.entities.map((e) => [e.id, e.x, e.y, e.flags]), [[1, 1, 2, 5], [65535, 0, 4095.9375, 0]]);
  const refused = (bytes, pattern) => {
    const d = decoderAfter(1);
    assert.throws(() => d.decode(bytes), (e) => isProtocolError(e) && pattern.test(e.message), String(pattern));
    assert.equal(d.hasBaseline, false);
  };
  // ids ascend from the gaps: 65535 then one more is out of range
  refused(new Bits().bits(0x81, 8).bits(0, 8).bits(1, 32).bits(0, 32).bits(0, 34).uv(0).bit(false).bits(0, 32).bits(0, 32).bits(0, 7).uv(2)
    .uv(65535).bit(true).bits(0, 42).uv(0).bit(true).bits(0, 42).done(), /entity id out of range/);
  refused(new Bits().bits(0x81, 8).bits(0, 8).bits(1, 32).bits(0, 32).bits(0, 34).uv(0).bit(false).bits(0, 32).bits(0, 32).bits(0, 7).uv(4097).done(),
    /too many entities/);
  // a delta on frame 0's baseline (players 1, 2, 7): nothing changed, but player 2 enters again
  refused(deltaFrame(2, ['same', 'same', 'same'], 1).uv(2).bit(false).bits(0, 48).bits(0, 5).bit(false).done(),
    /entity 2 entered twice/);
  // frame 2 leaves player 7 moving 256/16 units per tick upwards from y 15488: 255 ticks on it is below 0
  const d = decoderAfter(3);
  assert.throws(() => d.decode(deltaFrame(255, ['same', 'same', 'same']).bit(false).done()),
    (e) => isProtocolError(e) && /entity position out of range/.test(e.message));
  // and a residual that leaves the map
  const e = new SnapshotDecoder();
  e.decode(fullFrame([[1, 65500, 10, 1]]).done());
  assert.throws(() => e.decode(deltaFrame(1, [{ mask: 1, class: 2, dx: 36, dy: 0 }]).bit(false).done()),
    /entity position out of range/);
});

test('unknown event types and match phases in events throw', () => {
  const frame = (...eventBytes) => {
    const w = fullFrame([], { eventCount: 1 });
    return w.bytes(...eventBytes).done();
  };
  assert.equal(new SnapshotDecoder().decode(frame(4, 3, 0, 1, 0, 0)).events[0].phase, 3);
  assert.throws(() => new SnapshotDecoder().decode(frame(4, 4, 0, 1, 0, 0)), /unknown match phase 4/);
  assert.throws(() => new SnapshotDecoder().decode(frame(9)), /unknown event type 9/);
});

test('motion: integer division towards zero, clamped, zero after an absolute position, kept without a move', () => {
  assert.equal(motion(-5, 0, 2), -2);
  assert.equal(motion(5, 0, 2), 2);
  assert.equal(motion(60000, 0, 1), MAX_MOTION);
  assert.equal(motion(0, 60000, 1), -MAX_MOTION);
  const d = new SnapshotDecoder();
  d.decode(fullFrame([[3, 1000, 30000, 1]]).done());
  d.decode(deltaFrame(2, [{ mask: 1, class: 0, dx: -5, dy: 7 }]).bit(false).done());
  assert.deepEqual(d.quantizedEntities()[0].slice(2), [995, 30007, 0, 100, 1, 0, -2, 3]);
  // residuals of +511 per tick pile up to more motion than the clamp
  for (let i = 0; i < 6; i++) d.decode(deltaFrame(1, [{ mask: 1, class: 2, dx: 511, dy: 0 }]).bit(false).done());
  const [, , x, y, , , , , mx, my] = d.quantizedEntities()[0];
  assert.equal(mx, MAX_MOTION);
  assert.equal(my, 3);
  assert.equal(y, 30007 + 6 * 3, 'the unchanged axis follows its motion');
  // health only: the position is the prediction and the motion stays
  d.decode(new Bits().bits(0x81, 8).bits(1, 8).uv(0).bit(false).uv(0).bit(false).bit(false).bit(false).bit(false).bits(2, 2).bit(false).bits(4, 4).bits(50, 8)
    .uv(0).bit(false).done());
  assert.deepEqual(d.quantizedEntities()[0].slice(2, 10), [x + MAX_MOTION, y + 3, 0, 50, 1, 0, MAX_MOTION, 3]);
  // an absolute position (class 3) sets the motion to 0
  d.decode(new Bits().bits(0x81, 8).bits(1, 8).uv(0).bit(false).uv(0).bit(false).bit(false).bit(false).bit(false).bits(2, 2).bit(true).bits(3, 2).bits(7, 16)
    .bits(3, 2).bits(9, 16).bits(1, 1).bits(200, 8).uv(0).bit(false).done());
  assert.deepEqual(d.quantizedEntities()[0], [3, KINDS.PLAYER, 7, 9, 200, 50, 1, 0, 0, 0]);
});

test('the bit reader reads MSB first, signed values and size classes', () => {
  const r = new BitReader(Uint8Array.of(0b10110011, 0xff, 0x12, 0x34, 0x56, 0x78, 0x9a));
  assert.equal(r.bits(1), 1);
  assert.equal(r.bits(3), 0b011);
  assert.equal(r.sbits(4), 3);
  assert.equal(r.sbits(4), -1);
  assert.equal(r.bits(32), 0xf1234567);
  r.align();
  assert.equal(r.u8(), 0x9a);
  assert.throws(() => r.bits(1), /truncated frame/);
  const u = new BitReader(new Bits().uv(5).uv(200).uv(40000).uv(2 ** 32 - 1).done());
  assert.deepEqual([u.uv(), u.uv(), u.uv(), u.uv()], [5, 200, 40000, 2 ** 32 - 1]);
});

test('random mutations of every frame throw nothing but ProtocolError', () => {
  const rnd = random(20240611);
  let failures = 0;
  let successes = 0;
  for (let iteration = 0; iteration < 4000; iteration++) {
    const i = Math.floor(rnd() * frames.length);
    const d = decoderAfter(i);
    const bytes = frames[i].bytes.slice();
    const edits = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(rnd() * bytes.length);
      if (rnd() < 0.5) bytes[at] ^= 1 << Math.floor(rnd() * 8);
      else bytes[at] = Math.floor(rnd() * 256);
    }
    for (const next of [bytes, frames[i + 1]?.bytes].filter(Boolean)) {
      try {
        const s = d.decode(next);
        successes++;
        // whatever decoded is well formed
        const ids = s.entities.map((e) => e.id);
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
        assert.equal(new Set(ids).size, ids.length);
        for (const e of s.entities) assert.ok(e.x >= 0 && e.x < 4096 && e.y >= 0 && e.y < 4096);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        failures++;
      }
    }
  }
  assert.ok(failures > 1000 && successes > 100, `${failures} refused, ${successes} decoded`);
});
