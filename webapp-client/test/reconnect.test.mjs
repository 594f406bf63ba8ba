// Reconnection timing: the backoff schedule, the give-up deadline, and the timer-driven Reconnector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay, RetryPlan, Reconnector, fatal, BACKOFF_MS, GAME_GIVE_UP_MS, SEAT_HOLD_MS,
} from '../js/reconnect.js';

test('backoff is 0.5, 1, 2, 4 s, then every 4 s', () => {
  assert.deepEqual([...BACKOFF_MS], [500, 1000, 2000, 4000]);
  assert.deepEqual(Array.from({ length: 8 }, (_, i) => backoffDelay(i)), [500, 1000, 2000, 4000, 4000, 4000, 4000, 4000]);
  assert.equal(backoffDelay(1000), 4000);
  assert.equal(backoffDelay(-3), 500);
});

test('the game gives up after the seat hold plus a margin', () => {
  assert.equal(SEAT_HOLD_MS, 15000);
  assert.ok(GAME_GIVE_UP_MS > SEAT_HOLD_MS && GAME_GIVE_UP_MS <= SEAT_HOLD_MS + 10000, `${GAME_GIVE_UP_MS}`);
});

test('a retry plan refuses an attempt that would start after the deadline', () => {
  const plan = new RetryPlan({ startedAt: 1000, giveUpAfterMs: 20000 });
  let now = 1000;
  const starts = [];
  for (;;) {
    const d = plan.next(now);
    if (d === null) break;
    now += d; // each attempt fails at once
    starts.push(now - 1000);
  }
  assert.deepEqual(starts, [500, 1500, 3500, 7500, 11500, 15500, 19500]);
  assert.equal(plan.attempts, 7);
  assert.equal(plan.expired(20999), false);
  assert.equal(plan.expired(21000), true);
  // without a deadline it never runs out
  const forever = new RetryPlan({ startedAt: 0 });
  for (let i = 0; i < 100; i++) assert.notEqual(forever.next(i * 4000), null);
});

/** A manual clock: timers run only when advance() passes their time. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms) => { const id = nextId++; timers.set(id, { at: now + ms, fn }); return id; },
    clearTimeout: (id) => { timers.delete(id); },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        for (let i = 0; i < 5; i++) await Promise.resolve(); // let the attempt's promise settle
      }
      now = end;
    },
    get pending() { return timers.size; },
  };
}

test('the reconnector retries on the schedule and stops at the first success', async () => {
  const clock = fakeClock();
  const at = [];
  let successes = 0;
  const r = new Reconnector({
    clock,
    giveUpAfterMs: GAME_GIVE_UP_MS,
    attempt: async () => {
      at.push(clock.now());
      if (at.length < 4) throw new Error('still down');
    },
    onSuccess: ({ attempts }) => { successes++; assert.equal(attempts, 4); },
    onGiveUp: () => assert.fail('gave up'),
  });
  r.start();
  assert.equal(r.active, true);
  await clock.advance(30000);
  assert.deepEqual(at, [500, 1500, 3500, 7500]);
  assert.equal(successes, 1);
  assert.equal(r.active, false);
  assert.equal(clock.pending, 0, 'no timer left behind');
});

test('the reconnector gives up at the deadline, even with an attempt still running', async () => {
  const clock = fakeClock();
  let gaveUp = null;
  let attempts = 0;
  const r = new Reconnector({
    clock,
    giveUpAfterMs: 20000,
    attempt: () => {
      attempts++;
      return attempts < 7 ? Promise.reject(new Error('down')) : new Promise(() => {}); // the last one hangs
    },
    onSuccess: () => assert.fail('succeeded'),
    onGiveUp: (reason) => { gaveUp = { reason, at: clock.now() }; },
  });
  r.start();
  await clock.advance(19999);
  assert.equal(gaveUp, null);
  assert.equal(attempts, 7);
  await clock.advance(1);
  assert.deepEqual(gaveUp, { reason: { deadline: true }, at: 20000 });
  assert.equal(r.active, false);
});

test('slow attempts: none starts after the deadline, and giving up waits for the deadline', async () => {
  const clock = fakeClock();
  const starts = [];
  const schedules = [];
  let gaveUpAt = null;
  const r = new Reconnector({
    clock,
    giveUpAfterMs: 20000,
    attempt: () => {
      starts.push(clock.now());
      return new Promise((_, reject) => clock.setTimeout(() => reject(new Error('timeout')), 1000));
    },
    onSchedule: ({ delayMs }) => schedules.push(delayMs),
    onGiveUp: () => { gaveUpAt = clock.now(); },
  });
  r.start();
  await clock.advance(25000);
  // each try takes 1 s before failing: 0.5, 1+1.5=2.5, 3.5+2=5.5, 6.5+4=10.5, 11.5+4=15.5; the next would be 20.5
  assert.deepEqual(starts, [500, 2500, 5500, 10500, 15500]);
  assert.deepEqual(schedules, [500, 1000, 2000, 4000, 4000, null]);
  assert.equal(gaveUpAt, 20000);
});

test('a fatal error gives up at once; poke attempts now; stop is silent', async () => {
  const clock = fakeClock();
  const reasons = [];
  const r = new Reconnector({
    clock,
    giveUpAfterMs: 20000,
    attempt: async () => { throw fatal('room closed'); },
    onGiveUp: (reason) => reasons.push(reason),
  });
  r.start();
  r.poke(); // no waiting for the first 0.5 s
  for (let i = 0; i < 5; i++) await Promise.resolve();
  assert.equal(reasons.length, 1);
  assert.equal(reasons[0].fatal, true);
  assert.equal(reasons[0].message, 'room closed');
  assert.equal(clock.now(), 0);

  let calls = 0;
  const quiet = new Reconnector({ clock, attempt: async () => { calls++; throw new Error('x'); }, onGiveUp: () => assert.fail() });
  quiet.start();
  await clock.advance(2000);
  assert.equal(calls, 2);
  quiet.stop();
  await clock.advance(60000);
  assert.equal(calls, 2);
  assert.equal(clock.pending, 0);
});
