// Client-side network simulator: the server's spec syntax, the delay model (latency, jitter, bursts, order),
// the bounded delay line and the simulated socket, with a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseNetProfile, profileSpec, netsimLabel, nextPreset, netsimFromPage, withServerNetsim, isNoProfile,
  DelayModel, DelayLine, SimulatedSocket, seededRandom, NO_PROFILE, NETSIM_PRESETS,
} from '../js/engine/netsim.js';

/** A manual clock: timers run when advance() passes their time, in time order. */
class FakeClock {
  constructor() {
    this.t = 0;
    this.timers = new Map();
    this.nextId = 1;
  }
  now() { return this.t; }
  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn, id });
    return id;
  }
  clearTimeout(id) { this.timers.delete(id); }
  advance(ms) {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers.delete(due.id);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
  }
}

test('specifications parse like the server\'s NetProfile', () => {
  assert.equal(parseNetProfile(''), NO_PROFILE);
  assert.equal(parseNetProfile('  '), NO_PROFILE);
  assert.equal(parseNetProfile(null), NO_PROFILE);
  const both = parseNetProfile('both:50~10');
  assert.deepEqual({ ...both.up }, { latencyMs: 50, jitterMs: 10, burstEveryMs: 0, burstMs: 0 });
  assert.equal(both.down, both.up);
  const mixed = parseNetProfile(' down:80~20!3000/250 , up:40');
  assert.deepEqual({ ...mixed.down }, { latencyMs: 80, jitterMs: 20, burstEveryMs: 3000, burstMs: 250 });
  assert.deepEqual({ ...mixed.up }, { latencyMs: 40, jitterMs: 0, burstEveryMs: 0, burstMs: 0 });
  assert.equal(profileSpec(mixed), 'up:40,down:80~20!3000/250');
  assert.equal(profileSpec(both), 'both:50~10');
  assert.equal(profileSpec(parseNetProfile('up:0,down:7')), 'up:0,down:7');
  assert.equal(profileSpec(parseNetProfile('up:5,both:6')), 'both:6', 'later parts win');
  assert.equal(profileSpec(parseNetProfile('both:50,')), 'both:50', 'a trailing comma is ignored, as in Java');
  assert.ok(isNoProfile(parseNetProfile('both:0')));
  const refused = [
    ['both', /must be DIR:LATENCY/], ['sideways:5', /direction must be up, down or both, was 'sideways'/],
    ['both:-5', /is not a number/], ['both:5.5', /is not a number/], ['both:1234567', /is not a number/],
    ['both:6000', /latency must be 0..5000 ms/], ['both:50~2001', /jitter must be 0..2000 ms/],
    ['both:50!3000', /burst must be EVERY\/LENGTH/], ['both:50!50/10', /burst interval must be 100..600000/],
    ['both:50!1000/0', /burst length must be 1..5000 ms/], ['both:50!1000/6000', /burst length/],
    [',both:5', /must be DIR:LATENCY/], [`both:${'1'.repeat(200)}`, /longer than 200 characters/],
  ];
  for (const [spec, message] of refused) assert.throws(() => parseNetProfile(spec), message, spec);
});

test('labels, presets and the page parameters', () => {
  assert.equal(netsimLabel(parseNetProfile('both:50~10')), 'NETSIM 50±10 ms');
  assert.equal(netsimLabel(parseNetProfile('both:100')), 'NETSIM 100 ms');
  assert.equal(netsimLabel(parseNetProfile('up:40,down:80~20!3000/250')),
    'NETSIM up 40 ms / down 80±20 ms +250 ms stall/3 s');
  assert.equal(netsimLabel(NO_PROFILE), null);
  assert.equal(netsimLabel(null), null);
  assert.deepEqual([null, 'both:50~10', 'both:100~20'], [...NETSIM_PRESETS]);
  assert.equal(nextPreset(null), 'both:50~10');
  assert.equal(nextPreset('both:50~10'), 'both:100~20');
  assert.equal(nextPreset('both:100~20'), null);
  assert.equal(nextPreset('down:300'), null, 'a spec from the URL goes off first');
  assert.deepEqual(netsimFromPage('http://h/?netsim=both:50~10'), { client: 'both:50~10', server: null, error: null });
  assert.deepEqual(netsimFromPage('http://h/?servernetsim=down:80~20!3000/250'),
    { client: null, server: 'down:80~20!3000/250', error: null });
  const bad = netsimFromPage('http://h/app/?netsim=both:9999');
  assert.equal(bad.client, null);
  assert.match(bad.error, /latency must be 0..5000/);
  assert.deepEqual(netsimFromPage('http://h/'), { client: null, server: null, error: null });
  assert.equal(netsimFromPage('http://h/?netsim=up:40,down:40').client, 'both:40', 'written the usual way');
  assert.equal(netsimFromPage('http://h/?netsim=both:0').client, null, 'no delay is off');
  assert.equal(withServerNetsim('ws://h/ws/game/abc?ticket=t1', 'both:50~10'),
    'ws://h/ws/game/abc?ticket=t1&netsim=both%3A50%7E10');
  assert.equal(new URL(withServerNetsim('ws://h/ws/game/abc?ticket=t1', 'both:50~10')).searchParams.get('netsim'),
    'both:50~10');
  assert.equal(withServerNetsim('ws://h/ws/game/abc?ticket=t1', null), 'ws://h/ws/game/abc?ticket=t1');
});

test('delays stay within latency ± jitter and are deterministic for a seed', () => {
  const c = parseNetProfile('both:50~10').up;
  const dues = (seed) => {
    const m = new DelayModel(c, seededRandom(seed));
    return Array.from({ length: 500 }, (_, i) => m.due(i * 100) - i * 100);
  };
  const delays = dues(42);
  for (const d of delays) assert.ok(d >= 40 && d <= 60, `delay ${d}`);
  assert.ok(Math.min(...delays) < 42 && Math.max(...delays) > 58, 'the whole range is used');
  assert.deepEqual(dues(42), delays);
  assert.notDeepEqual(dues(43), delays);
  const r = seededRandom(7);
  for (let i = 0; i < 1000; i++) {
    const v = r();
    assert.ok(v >= 0 && v < 1);
  }
});

test('frames keep their order even when jitter would swap them', () => {
  const m = new DelayModel(parseNetProfile('both:50~40').up, seededRandom(5));
  let last = -Infinity;
  let held = 0;
  for (let i = 0; i < 2000; i++) {
    const now = i * 2;
    const due = m.due(now);
    assert.ok(due >= last, 'never before the frame sent ahead');
    assert.ok(due >= now + 10 && due <= now + 90);
    if (due === last) held++; // it would have overtaken the frame ahead
    last = due;
  }
  assert.ok(held > 0, 'some frames wait for a slower one ahead of them');
});

test('bursts hold the frames sent during them until the burst ends', () => {
  const c = parseNetProfile('down:20!1000/200').down;
  const m = new DelayModel(c, seededRandom(9));
  const sent = [];
  for (let t = 0; t < 20000; t += 5) sent.push({ t, due: m.due(t) });
  const held = sent.filter((s) => s.due - s.t > 20);
  const share = held.length / sent.length;
  assert.ok(share > 0.12 && share < 0.28, `share held ${share}`);
  // held frames come out together at the end of their burst plus the latency
  const ends = [...new Set(held.map((s) => s.due))];
  for (const s of held) assert.ok(s.due - s.t <= 200 + 20 + 1e-9, `held ${s.due - s.t} ms`);
  assert.ok(ends.length > 10 && ends.length < 40, `${ends.length} bursts in 20 s`);
  for (let i = 1; i < ends.length; i++) {
    const gap = ends[i] - ends[i - 1];
    assert.ok(gap >= 500 - 1e-9 && gap <= 1500 + 1e-9, `bursts ${gap} ms apart`);
  }
});

test('the delay line delivers in order at the due times, through a fake clock', () => {
  const clock = new FakeClock();
  const out = [];
  const line = new DelayLine({ deliver: (x) => out.push([x, clock.now()]), clock, capacity: 100 });
  line.offer('direct');
  assert.deepEqual(out, [['direct', 0]], 'no model: straight through');
  line.setModel(new DelayModel(parseNetProfile('both:50~10').up, seededRandom(3)));
  for (let i = 0; i < 20; i++) {
    line.offer(i);
    clock.advance(3);
  }
  clock.advance(100);
  const got = out.slice(1);
  assert.deepEqual(got.map(([x]) => x), Array.from({ length: 20 }, (_, i) => i));
  for (let i = 0; i < 20; i++) {
    const delay = got[i][1] - i * 3;
    assert.ok(delay >= 40 && (delay <= 60 || got[i][1] === got[i - 1][1]), `frame ${i} after ${delay} ms`);
  }
  // switched off while frames wait: new ones do not overtake them
  out.length = 0;
  line.offer('a');
  line.setModel(null);
  line.offer('b');
  assert.deepEqual(out, []);
  clock.advance(100);
  assert.deepEqual(out.map(([x]) => x), ['a', 'b']);
  line.offer('c');
  assert.deepEqual(out.map(([x]) => x), ['a', 'b', 'c']);
});

test('the delay line is bounded: a full line refuses, force still queues, close drops', () => {
  const clock = new FakeClock();
  const out = [];
  const line = new DelayLine({ deliver: (x) => out.push(x), clock, capacity: 3 });
  line.setModel(new DelayModel(parseNetProfile('both:100').up, seededRandom(1)));
  assert.ok(line.offer(1) && line.offer(2) && line.offer(3));
  assert.equal(line.offer(4), false);
  assert.equal(line.refused, 1);
  assert.equal(line.size, 3);
  assert.ok(line.offer('end', { force: true }));
  clock.advance(100);
  assert.deepEqual(out, [1, 2, 3, 'end']);
  line.offer(5);
  line.close();
  clock.advance(200);
  assert.deepEqual(out, [1, 2, 3, 'end']);
  assert.equal(line.offer(6), false);
});

/** A stand-in for the browser WebSocket. */
class FakeSocket {
  constructor() {
    this.readyState = 1;
    this.bufferedAmount = 0;
    this.binaryType = 'blob';
    this.sent = [];
    this.closed = null;
  }
  send(data) { this.sent.push(data); }
  close(code, reason) { this.readyState = 3; this.closed = { code, reason }; }
}

test('the simulated socket delays both directions, keeps the close behind the messages, toggles', () => {
  const clock = new FakeClock();
  const real = new FakeSocket();
  const ws = new SimulatedSocket(real, { profile: parseNetProfile('up:30,down:50'), seed: 1, clock });
  ws.binaryType = 'arraybuffer';
  assert.equal(real.binaryType, 'arraybuffer');
  const got = [];
  ws.onmessage = (ev) => got.push([ev.data, clock.now()]);
  ws.onclose = (ev) => got.push([`close ${ev.code}`, clock.now()]);
  let opened = 0;
  ws.onopen = () => opened++;
  real.onopen();
  assert.equal(opened, 1, 'open is passed on at once');
  ws.send('input 1');
  assert.deepEqual(real.sent, []);
  clock.advance(30);
  assert.deepEqual(real.sent, ['input 1']);
  real.onmessage({ data: 'snapshot 1' });
  clock.advance(10);
  real.onmessage({ data: 'snapshot 2' });
  real.onclose({ code: 1001 });
  assert.deepEqual(ws.waiting, { up: 0, down: 3 });
  clock.advance(100);
  assert.deepEqual(got, [['snapshot 1', 80], ['snapshot 2', 90], ['close 1001', 90]]);
  // off: straight through
  ws.setProfile(null);
  assert.equal(ws.profile, null);
  ws.send('input 2');
  assert.deepEqual(real.sent, ['input 1', 'input 2']);
  ws.setProfile(parseNetProfile('both:0'));
  assert.equal(ws.profile, null, 'no delay counts as off');
  ws.close(1000, 'bye');
  assert.deepEqual(real.closed, { code: 1000, reason: 'bye' });
});

test('a full simulated downstream gives the link up; a full upstream drops what is sent', () => {
  const clock = new FakeClock();
  const real = new FakeSocket();
  const ws = new SimulatedSocket(real, { profile: parseNetProfile('both:100'), seed: 2, clock, capacity: 4 });
  const events = [];
  ws.onmessage = (ev) => events.push(ev.data);
  ws.onclose = (ev) => events.push(`close ${ev.code} ${ev.reason}`);
  for (let i = 0; i < 6; i++) ws.send(i);
  assert.equal(ws.dropped, 2);
  clock.advance(100);
  assert.deepEqual(real.sent, [0, 1, 2, 3]);
  for (let i = 0; i < 4; i++) real.onmessage({ data: i });
  assert.deepEqual(events, []);
  real.onmessage({ data: 4 });
  assert.deepEqual(events, ['close 4002 simulated downstream full']);
  assert.equal(real.readyState, 3);
  clock.advance(500);
  assert.deepEqual(events, ['close 4002 simulated downstream full'], 'nothing after the close');
});
