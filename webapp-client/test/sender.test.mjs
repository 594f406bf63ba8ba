// Sending on change (engine/sender.js, protocol 9) against the golden stream shared with Java (sender.json,
// written by InputSenderTest), with the arena's run rule; and the rules one by one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, fromHex } from './support.mjs';
import { InputSender, keepAliveTicks, maxRuns } from '../js/engine/sender.js';
import { LIMITS, OPCODES } from '../js/engine/wire.js';
import { sameRun, encodeControls, AIM_QUANTUM, AIM_DELAY_MS } from '../js/games/arena/protocol.js';

const golden = fixture('sender.json');
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const arena = (o = {}) => new InputSender({
  keepAliveTicks: keepAliveTicks(60), changeDelayTicks: 6, inputBytes: 8, sameRun, ...o,
});

test('the golden stream: every tick sends exactly the frames the Java sender sent', () => {
  assert.equal(golden.keepAliveTicks, keepAliveTicks(60));
  assert.equal(golden.changeDelayTicks, Math.round(AIM_DELAY_MS * 60 / 1000));
  assert.equal(golden.aimQuantum, AIM_QUANTUM);
  const s = arena();
  let frames = 0;
  for (const t of golden.ticks) {
    const got = s.tick(t.seq, fromHex(t.input), t.urgent).map(hex);
    assert.deepEqual(got, t.frames, `tick ${t.seq}`);
    frames += got.length;
  }
  assert.equal(frames, golden.frameCount);
  assert.ok(frames < golden.ticks.length / 5, `a fight of ${golden.ticks.length} ticks in ${frames} frames`);
});

test('each golden frame covers the ticks since the last one, in runs of the first input of each', () => {
  let next = null;
  for (const t of golden.ticks) {
    for (const h of t.frames) {
      const b = fromHex(h);
      assert.equal(b[0], OPCODES.RUNS);
      const first = new DataView(b.buffer, b.byteOffset).getUint32(1);
      if (next !== null && first !== next) assert.ok(first > next, 'numbers only go up');
      let at = LIMITS.RUNS_HEADER_BYTES;
      let seq = first;
      for (let i = 0; i < b[5]; i++) {
        const ticks = b[at];
        const input = golden.ticks.find((x) => x.seq === seq);
        assert.equal(hex(b.subarray(at + 1, at + 9)), input.input, `run at ${seq} carries its first tick's input`);
        seq += ticks;
        at += 9;
      }
      assert.equal(at, b.length);
      assert.equal(seq - 1, t.seq > seq - 1 ? seq - 1 : t.seq, 'a frame ends at or before the tick that sends it');
      next = seq;
    }
  }
});

test('a steady input goes out at once, then every keep-alive', () => {
  const s = arena();
  const sent = [];
  for (let k = 1; k <= 60; k++) {
    if (s.tick(k, encodeControls({ buttons: 1, aim16: 1000, viewTick: 500 + k }), false).length) sent.push(k);
  }
  assert.deepEqual(sent, [1, 16, 31, 46]);
});

test('a button change goes at once; an aim change waits its delay; a near aim is no change', () => {
  const s = arena();
  s.tick(1, encodeControls({ buttons: 0, aim16: 0 }), false);
  for (let k = 2; k < 8; k++) assert.equal(s.tick(k, encodeControls({ buttons: 0, aim16: 300 * k }), false).length, 0);
  assert.equal(s.tick(8, encodeControls({ buttons: 0, aim16: 2400 }), false).length, 1, 'six ticks later');
  assert.equal(s.tick(9, encodeControls({ buttons: 16, aim16: 2400 }), true).length, 1, 'urgent');
  const quiet = arena();
  quiet.tick(1, encodeControls({ buttons: 0, aim16: 1000 }), false);
  for (let k = 2; k <= 15; k++) {
    assert.equal(quiet.tick(k, encodeControls({ buttons: 0, aim16: 1000 + (k % 2) * (AIM_QUANTUM - 1) }), false).length, 0);
  }
});

test('a frame never outgrows its limits', () => {
  const s = arena({ keepAliveTicks: 64, changeDelayTicks: 64 });
  for (let k = 1; k <= 200; k++) {
    for (const f of s.tick(k, encodeControls({ buttons: 0, aim16: (k % 2) * 4000 }), false)) {
      assert.ok(f.length <= LIMITS.MAX_CLIENT_BINARY_BYTES);
      if (k > 1) assert.equal(f[5], LIMITS.MAX_RUNS_PER_FRAME);
    }
  }
  assert.equal(maxRuns(16), 14);
  assert.equal(maxRuns(300), 1);
});

test('reset: a new stream sends its first input at once', () => {
  const s = arena();
  s.tick(1, encodeControls({ buttons: 0, aim16: 0 }), false);
  assert.equal(s.tick(2, encodeControls({ buttons: 0, aim16: 0 }), false).length, 0);
  s.reset();
  assert.equal(s.tick(3, encodeControls({ buttons: 0, aim16: 0 }), false).length, 1);
});
