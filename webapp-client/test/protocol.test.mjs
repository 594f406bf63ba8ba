// Protocol tables and the stateless frames against the shared fixtures in src/test/resources/protocol/
// (snapshot frames, which are deltas, are tested in snapshot.test.mjs against snapshots.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as P from '../js/games/arena/protocol.js';

const fixture = (name) => JSON.parse(readFileSync(
  new URL(`../../src/test/resources/protocol/${name}`, import.meta.url), 'utf8'));
const tables = fixture('tables.json');
const golden = fixture('golden.json');
const frame = (name) => golden.frames.find((f) => f.name === name);
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (bytes) => Array.from(new Uint8Array(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength),
  (b) => b.toString(16).padStart(2, '0')).join('');

test('tables equal tables.json', () => {
  assert.equal(P.PROTOCOL_VERSION, tables.version);
  assert.deepEqual({ ...P.OPCODES }, tables.opcodes);
  assert.deepEqual({ ...P.CLOSE_CODES }, tables.closeCodes);
  assert.deepEqual([...P.ERROR_CODES], tables.errorCodes);
  assert.deepEqual({ ...P.BUTTONS }, tables.buttons);
  assert.deepEqual({ ...P.KINDS }, tables.kinds);
  assert.deepEqual({ ...P.FLAGS }, tables.flags);
  assert.deepEqual({ ...P.EVENTS }, tables.events);
  assert.deepEqual({ ...P.PHASES }, tables.phases);
  assert.deepEqual({ ...P.LIMITS }, tables.limits);
});

test('phase names are the lower-case table names', () => {
  assert.deepEqual({ ...P.PHASE_NAMES }, { 0: 'waiting', 1: 'playing', 2: 'results', 3: 'countdown' });
});

test('golden.json covers every stateless frame kind', () => {
  const ops = new Set(golden.frames.map((f) => f.value.op));
  assert.deepEqual([...ops].sort(), ['FOLLOW', 'FOLLOWING', 'INPUT', 'INPUTS', 'MOVED', 'PING', 'PONG', 'REPLAY',
    'REPLAY_CONTROL', 'RESYNC', 'VIEW', 'WELCOME']);
});

/** Encodes a client frame of golden.json from its value. */
function encodeClient(v) {
  switch (v.op) {
    case 'INPUT': return P.encodeInput(v.seq, v.buttons, v.aim16, v.viewTick + v.viewFraction / 256);
    case 'INPUTS': return P.encodeInputs(v.inputs[0].seq,
      v.inputs.map((i) => ({ buttons: i.buttons, aim16: i.aim16, viewTick: i.viewTick + i.viewFraction / 256 })));
    case 'PING': return P.encodePing(v.clientTimeMillis);
    case 'RESYNC': return P.encodeResync();
    case 'FOLLOW': return P.encodeFollow(v.step);
    case 'REPLAY_CONTROL': return P.encodeReplayControl(v);
    case 'VIEW': return P.encodeView(v.portrait);
    default: throw new Error(`no encoder for ${v.op}`);
  }
}

for (const f of golden.frames) {
  if (f.direction === 'server') {
    test(`golden ${f.name}: decoding the hex gives the value`, () => {
      const bytes = fromHex(f.hex);
      const decoded = P.decodeServerFrame(bytes.buffer);
      assert.deepEqual(decoded, f.value);
      // a typed-array view at an offset decodes the same
      const padded = new Uint8Array(bytes.length + 3);
      padded.set(bytes, 3);
      assert.deepEqual(P.decodeServerFrame(padded.subarray(3)), decoded);
    });
  } else {
    test(`golden ${f.name}: encoding gives the hex and decodes back`, () => {
      const v = f.value;
      const bytes = encodeClient(v);
      assert.equal(toHex(bytes), f.hex);
      assert.equal(bytes.byteLength, v.op === 'INPUTS'
        ? P.LIMITS.INPUTS_HEADER_BYTES + v.inputs.length * P.LIMITS.INPUTS_ENTRY_BYTES : P.LIMITS[`${v.op}_FRAME_BYTES`]);
      assert.deepEqual(P.decodeClientFrame(bytes), v);
    });
  }
}

test('welcome carries the respawn delay and the most of the map a client may show', () => {
  const w = P.decodeServerFrame(fromHex(frame('welcome').hex));
  assert.equal(w.protocolVersion, P.PROTOCOL_VERSION);
  assert.equal(w.respawnTicks, 180);
  assert.equal(w.viewWidth, 1600);
  assert.equal(w.viewHeight, 1000);
});

test('snapshot frames go to the stream\'s decoder', () => {
  const snapshots = fixture('snapshots.json');
  const bytes = fromHex(snapshots.frames[0].hex);
  const calls = [];
  const decoder = { decode: (data) => { calls.push(data); return { op: 'SNAPSHOT' }; } };
  assert.deepEqual(P.decodeServerFrame(bytes, decoder), { op: 'SNAPSHOT' });
  assert.equal(calls.length, 1);
  assert.equal(calls[0], bytes);
  assert.throws(() => P.decodeServerFrame(bytes), TypeError, 'no decoder for a snapshot');
});

test('welcome helpers give movement rules and a map of rectangles', () => {
  const w = P.decodeServerFrame(fromHex(frame('welcome').hex));
  assert.deepEqual({ ...P.rulesFromWelcome(w) },
    { simRateHz: 60, accel: 3000, maxSpeed: 320, friction: 8, playerRadius: 20 });
  const map = P.mapFromWelcome(w);
  assert.equal(map.width, 400);
  assert.equal(map.height, 300);
  assert.deepEqual(map.walls.map((wall) => ({ ...wall })), [{ x: 100, y: 50, w: 40, h: 200 }, { x: 300, y: 10, w: 20, h: 20 }]);
});

test('every truncation of every server golden frame throws', () => {
  for (const f of golden.frames.filter((g) => g.direction === 'server')) {
    const bytes = fromHex(f.hex);
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => P.decodeServerFrame(bytes.slice(0, n)), /truncated frame/, `${f.name} cut to ${n} bytes`);
    }
  }
});

test('trailing bytes after a server frame throw', () => {
  for (const f of golden.frames.filter((g) => g.direction === 'server')) {
    const bytes = fromHex(f.hex + '00');
    assert.throws(() => P.decodeServerFrame(bytes), (e) => e instanceof P.ProtocolError
      && /trailing bytes/.test(e.message) && e.closeCode === P.CLOSE_CODES.INVALID_PAYLOAD, f.name);
  }
});

test('client frames: truncation, trailing bytes and bad buttons throw', () => {
  const input = fromHex(frame('input').hex);
  for (let n = 0; n < input.length; n++) {
    assert.throws(() => P.decodeClientFrame(input.slice(0, n)), /truncated frame/, `input cut to ${n} bytes`);
  }
  assert.throws(() => P.decodeClientFrame(fromHex(frame('input').hex + 'ff')), /trailing bytes/);
  assert.throws(() => P.decodeClientFrame(fromHex('03ff')), /trailing bytes/);
  assert.throws(() => P.decodeClientFrame(fromHex('01000000014000000000000000')), /unknown button bits/);
  assert.throws(() => P.decodeClientFrame(fromHex('0502')), /FOLLOW step must be \+1 or -1, not 2/);
  assert.throws(() => P.decodeClientFrame(fromHex('0500')), /FOLLOW step/);
  assert.throws(() => P.decodeClientFrame(fromHex('05')), /truncated frame/);
  assert.throws(() => P.encodeFollow(0), RangeError);
  assert.throws(() => P.decodeClientFrame(fromHex('070011ffffffff')), /replay speed must be 2 to 16 quarters/);
  assert.throws(() => P.decodeClientFrame(fromHex('070204ffffffff')), /unknown REPLAY_CONTROL flags 2/);
  assert.throws(() => P.encodeReplayControl({ speedQuarters: 1 }), RangeError);
  assert.throws(() => P.encodeReplayControl({ seek: -1 }), RangeError);
});

test('unknown opcodes throw', () => {
  assert.throws(() => P.decodeServerFrame(fromHex('7f')), (e) => /unknown opcode 0x7f/.test(e.message)
    && e.closeCode === P.CLOSE_CODES.UNSUPPORTED_DATA);
  assert.throws(() => P.decodeClientFrame(fromHex('06')), (e) => /unknown opcode 0x06/.test(e.message)
    && e.closeCode === P.CLOSE_CODES.UNSUPPORTED_DATA);
});

test('encoders check their ranges', () => {
  assert.throws(() => P.encodeInput(-1, 0, 0), RangeError);
  assert.throws(() => P.encodeInput(2 ** 32, 0, 0), RangeError);
  assert.throws(() => P.encodeInput(1, 64, 0), /unknown button bits/);
  assert.throws(() => P.encodeInput(1, 0, 65536), RangeError);
  assert.equal(P.encodeInput(1, 31, 65535).byteLength, P.LIMITS.INPUT_FRAME_BYTES);
  assert.throws(() => P.encodeInput(1, 0, 0, -0.5), RangeError);
  assert.throws(() => P.encodeInput(1, 0, 0, 2 ** 32), RangeError);
  assert.throws(() => P.encodeInput(1, 0, 0, NaN), RangeError);
  // the view time: whole ticks and 1/256 ticks, both rounded down; 0 (unknown) by default
  assert.equal(toHex(P.encodeInput(1, 0, 0)), '01000000010000000000000000');
  // INPUTS: 1 to 4 inputs with the same checks, sequence numbers within u32
  const one = { buttons: 0, aim16: 0, viewTick: 0 };
  assert.throws(() => P.encodeInputs(1, []), RangeError);
  assert.throws(() => P.encodeInputs(1, [one, one, one, one, one]), RangeError);
  assert.throws(() => P.encodeInputs(2 ** 32 - 1, [one, one]), RangeError);
  assert.throws(() => P.encodeInputs(1, [one, { ...one, buttons: 64 }]), /unknown button bits/);
  assert.throws(() => P.encodeInputs(1, [{ ...one, aim16: 65536 }]), RangeError);
  assert.equal(P.encodeInputs(2 ** 32 - 4, [one, one, one, one]).byteLength, 38);
  assert.deepEqual(P.decodeClientFrame(P.encodeInputs(9, [one, { buttons: 16, aim16: 5, viewTick: 3.5 }])).inputs.map((i) => i.seq),
    [9, 10]);
  // no inputs, five inputs, sequence numbers past 2^32 - 1, a truncated input, unknown buttons
  for (const bad of ['040000000100', '04000000010500', '04ffffffff02' + '00'.repeat(16), '0400000001010000',
    '040000000101200000000000000000']) {
    assert.throws(() => P.decodeClientFrame(fromHex(bad)), P.ProtocolError, bad);
  }
  assert.deepEqual(P.decodeClientFrame(P.encodeInput(7, 0, 0, 1000.999)),
    { op: 'INPUT', seq: 7, buttons: 0, aim16: 0, viewTick: 1000, viewFraction: 255 });
  assert.deepEqual(P.decodeClientFrame(P.encodeInput(7, 0, 0, 2 ** 32 - 1 / 512)),
    { op: 'INPUT', seq: 7, buttons: 0, aim16: 0, viewTick: 2 ** 32 - 1, viewFraction: 255 });
  assert.equal(toHex(P.encodeResync()), '03');
  // the ping clock is sent mod 2^32
  assert.equal(toHex(P.encodePing(2 ** 32 + 5.9)), '0200000005');
  assert.equal(P.encodePing(1).byteLength, P.LIMITS.PING_FRAME_BYTES);
});

test('angle helpers round like the server Quant', () => {
  assert.equal(P.radiansToAngle16(Math.PI / 2), 16384);
  assert.equal(P.radiansToAngle16(-Math.PI / 2), 49152);
  assert.equal(P.radiansToAngle16(2 * Math.PI - 1e-9), 0); // rounds up to a full turn, wraps to 0
  assert.equal(P.radiansToAngle8(Math.PI), 128);
  assert.equal(P.radiansToAngle8(NaN), 0);
  assert.equal(P.angle8ToRadians(64), Math.PI / 2);
  assert.equal(P.angle16ToRadians(32768), Math.PI);
  for (let q = 0; q < 256; q++) assert.equal(P.radiansToAngle8(P.angle8ToRadians(q)), q);
  for (let q = 0; q < 65536; q += 97) assert.equal(P.radiansToAngle16(P.angle16ToRadians(q)), q);
});

test('close code names', () => {
  assert.equal(P.closeCodeName(4000), 'BAD_TICKET');
  assert.equal(P.closeCodeName(4003), 'HEARTBEAT_TIMEOUT');
  assert.equal(P.closeCodeName(4004), 'IDLE');
  assert.equal(P.closeCodeName(1006), null);
});
