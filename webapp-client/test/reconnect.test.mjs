// Reconnection timing: the backoff schedule, the give-up deadline, the shutdown hint, and the timer-driven Reconnector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay, RetryPlan, Reconnector, fatal, BACKOFF_MS, GAME_BACKOFF_MS, GAME_GIVE_UP_MS, SEAT_HOLD_MS,
  shutdownHint, shutdownDelay, MAX_SHUTDOWN_HINT_MS, gameGiveUpMs, GIVE_UP_MARGIN_MS,
} from '../js/engine/reconnect.js';

test('backoff is 0.5, 1, 2, 4 s, then every 4 s', () => {
  assert.deepEqual([...BACKOFF_MS], [500, 1000, 2000, 4000]);
  assert.deepEqual([...GAME_BACKOFF_MS], [500, 500, 1000, 1000, 2000, 4000]);
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

test('a shutdown hint is 1001 with "server shutting down; reconnect in N ms"', () => {
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 3000 ms'), 3000);
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 0 ms'), 0);
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 250 ms'), 250);
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 007 ms'), 7);
  // other codes, even with the same reason
  for (const code of [1000, 1006, 1011, 1013, 4004, 4005, null, undefined, '1001']) {
    assert.equal(shutdownHint(code, 'server shutting down; reconnect in 3000 ms'), null, String(code));
  }
  // 1001 for other reasons, or a reason that is not exactly of that form
  for (const reason of ['', 'room closed', 'server shutting down', 'server shutting down; reconnect in ms',
    'server shutting down; reconnect in -5 ms', 'server shutting down; reconnect in 1.5 ms',
    'server shutting down; reconnect in 1e3 ms', 'server shutting down; reconnect in 3000ms',
    'server shutting down; reconnect in 3000 s', ' server shutting down; reconnect in 3000 ms',
    'server shutting down; reconnect in 3000 ms ', 'Server shutting down; reconnect in 3000 ms',
    'server shutting down; reconnect in 3000 ms\n', 'server shutting down; reconnect in 0x10 ms',
    'server shutting down; reconnect in \u0663 ms', null, undefined, 3000, {}]) {
    assert.equal(shutdownHint(1001, reason), null, JSON.stringify(reason));
  }
});

test('an absurd shutdown hint is capped at 60 s', () => {
  assert.equal(MAX_SHUTDOWN_HINT_MS, 60000);
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 60000 ms'), 60000);
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 60001 ms'), 60000);
  assert.equal(shutdownHint(1001, 'server shutting down; reconnect in 86400000 ms'), 60000);
  assert.equal(shutdownHint(1001, `server shutting down; reconnect in ${'9'.repeat(400)} ms`), 60000);
});

test('the wait after a shutdown hint is the hint plus a random share of it', () => {
  assert.equal(shutdownDelay(3000, () => 0), 3000);
  assert.equal(shutdownDelay(3000, () => 0.5), 4500);
  assert.equal(shutdownDelay(3000, () => 0.9999999), 6000);
  assert.equal(shutdownDelay(0, () => 0.7), 0);
  // a broken random source cannot push it outside [N, 2N]
  for (const bad of [() => 1, () => 7, () => -1, () => NaN, () => undefined]) {
    const d = shutdownDelay(3000, bad);
    assert.ok(d >= 3000 && d <= 6000, `${d}`);
  }
  // spread over the whole range with Math.random
  const seen = Array.from({ length: 2000 }, () => shutdownDelay(1000));
  assert.ok(seen.every((d) => Number.isInteger(d) && d >= 1000 && d <= 2000));
  assert.ok(Math.min(...seen) < 1100 && Math.max(...seen) > 1900);
});

test('a retry plan can replace one delay; the schedule goes on after it', () => {
  const plan = new RetryPlan({ startedAt: 0 });
  assert.equal(plan.next(0, 4321), 4321);
  assert.deepEqual([plan.next(0), plan.next(0), plan.next(0)], [1000, 2000, 4000]);
  const tight = new RetryPlan({ startedAt: 0, giveUpAfterMs: 1000 });
  assert.equal(tight.next(0, 5000), null, 'a replaced delay still respects the deadline');
});

test('delayNext replaces the first wait, the wait under way, or the one after a failed try', async () => {
  const clock = fakeClock();
  const at = [];
  let fail = true;
  const r = new Reconnector({
    clock,
    attempt: async () => { at.push(clock.now()); if (fail) throw new Error('down'); },
  });
  r.delayNext(4500);
  r.start();
  await clock.advance(4499);
  assert.deepEqual(at, []);
  await clock.advance(1);
  assert.deepEqual(at, [4500]);
  await clock.advance(1000); // the schedule goes on with its second step
  assert.deepEqual(at, [4500, 5500]);
  r.delayNext(3000); // replaces the 2 s wait under way, from now
  await clock.advance(2999);
  assert.deepEqual(at, [4500, 5500]);
  await clock.advance(1);
  assert.deepEqual(at, [4500, 5500, 8500]);
  // during a try: the wait after it fails
  r.stop();
  const slow = new Reconnector({
    clock,
    attempt: () => { at.push(clock.now()); return new Promise((_, reject) => clock.setTimeout(() => reject(new Error('x')), 100)); },
  });
  at.length = 0;
  slow.start();
  await clock.advance(550); // try at 0.5 s (relative), running
  slow.delayNext(7000);
  await clock.advance(7049); // the try fails 100 ms after it started, then 7 s
  assert.equal(at.length, 1);
  await clock.advance(1);
  assert.equal(at.length, 2);
  assert.equal(at[1] - at[0], 7100);
  // stop forgets a replaced delay
  slow.stop();
  slow.delayNext(9000);
  slow.stop();
  slow.start();
  await clock.advance(500);
  assert.equal(at.length, 3);
  slow.stop();
  fail = false;
});

test('the give-up time follows the seat hold the server announces', () => {
  assert.equal(gameGiveUpMs(4), 4000 + GIVE_UP_MARGIN_MS);
  assert.equal(gameGiveUpMs(0), GIVE_UP_MARGIN_MS, 'holds off: only the margin');
  assert.equal(gameGiveUpMs(undefined), GAME_GIVE_UP_MS, 'an older server: the default');
  assert.equal(gameGiveUpMs(-1), GAME_GIVE_UP_MS);
});
