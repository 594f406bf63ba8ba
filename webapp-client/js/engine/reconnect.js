/**
 * Reconnection timing (backoff 0.5, 1, 2, 4 s, then every 4 s; optional give-up deadline), the server's
 * shutdown hint, and the timer driver.
 */

export const BACKOFF_MS = Object.freeze([500, 1000, 2000, 4000]);
/**
 * The game's schedule after a drop: denser in the first seconds, because the seat waits only SEAT_HOLD_MS and
 * each try is cheap (one lobby request, one stream). In a cluster it also finds out sooner that the room's node
 * is gone (its registration expires 2 s after its last refresh), so the player is back in the lobby sooner.
 */
export const GAME_BACKOFF_MS = Object.freeze([500, 500, 1000, 1000, 2000, 4000]);
/** The server holds a dropped player's seat this long (docs/protocol.md, seat.holdSeconds). */
export const SEAT_HOLD_MS = 15000;
/** Extra time after the seat hold before the client stops trying (clock skew, a slow last attempt). */
export const GIVE_UP_MARGIN_MS = 5000;
export const GAME_GIVE_UP_MS = SEAT_HOLD_MS + GIVE_UP_MARGIN_MS;

/** The give-up time for a server's seat hold (the lobby welcome's settings.seatHoldSeconds), else the default. */
export function gameGiveUpMs(seatHoldSeconds) {
  return Number.isFinite(seatHoldSeconds) && seatHoldSeconds >= 0
    ? seatHoldSeconds * 1000 + GIVE_UP_MARGIN_MS : GAME_GIVE_UP_MS;
}

/** The wait before attempt number `attempt` (0-based): the schedule, then its last entry for ever. */
export function backoffDelay(attempt, delays = BACKOFF_MS) {
  const i = Math.max(0, Math.min(delays.length - 1, Math.floor(attempt)));
  return delays[i];
}

/** The most a shutdown hint may make a client wait (before its jitter): a larger hint is taken as this. */
export const MAX_SHUTDOWN_HINT_MS = 60000;
/** The close reason of a graceful shutdown (code 1001): "server shutting down; reconnect in N ms". */
const SHUTDOWN_REASON = /^server shutting down; reconnect in (\d+) ms$/;

/**
 * The delay (ms) the server asks for before reconnecting when it closed a connection because it is shutting
 * down (code 1001, reason "server shutting down; reconnect in N ms"), capped at MAX_SHUTDOWN_HINT_MS; null for
 * any other close (another code, or 1001 for another reason such as "room closed").
 */
export function shutdownHint(code, reason) {
  if (code !== 1001 || typeof reason !== 'string') return null;
  const m = SHUTDOWN_REASON.exec(reason);
  return m ? Math.min(MAX_SHUTDOWN_HINT_MS, Number(m[1])) : null;
}

/**
 * The wait before reconnecting after a shutdown hint of hintMs: the hint plus a random share of it
 * (0..hintMs), so that the clients of a restarted server do not all come back at the same moment.
 * random() is in [0, 1) like Math.random.
 */
export function shutdownDelay(hintMs, random = Math.random) {
  const share = Math.min(1, Math.max(0, Number(random()) || 0));
  return hintMs + Math.min(hintMs, Math.floor(share * (hintMs + 1)));
}

/** One run of retries: hands out the delays and refuses an attempt that would start after the deadline. */
export class RetryPlan {
  constructor({ startedAt, giveUpAfterMs = Infinity, delays = BACKOFF_MS }) {
    this.startedAt = startedAt;
    this.deadline = startedAt + giveUpAfterMs;
    this.delays = delays;
    this.attempts = 0;
  }

  /**
   * The delay before the next attempt, or null when that attempt would start after the deadline. delayMs,
   * when given, replaces the schedule's delay for this attempt (the schedule goes on after it).
   */
  next(now, delayMs = null) {
    const delay = delayMs ?? backoffDelay(this.attempts, this.delays);
    if (now + delay > this.deadline) return null;
    this.attempts++;
    return delay;
  }

  expired(now) {
    return now >= this.deadline;
  }
}

/** An error that makes a Reconnector give up at once (the room is gone, the seat was given away, ...). */
export function fatal(message, cause) {
  const e = new Error(message);
  e.fatal = true;
  if (cause !== undefined) e.cause = cause;
  return e;
}

const realClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
});

/**
 * Runs `attempt` (an async function) on the backoff schedule until it resolves, it throws a fatal error, or
 * the deadline passes: exactly giveUpAfterMs after start(), whatever is going on (an attempt still running
 * then is abandoned: its outcome is ignored); no attempt is scheduled to start after the deadline.
 * Callbacks: onSchedule({attempt, delayMs}) (delayMs null: no further attempt fits), onSuccess({attempts}),
 * onGiveUp(error, or {deadline: true}). delayNext(ms) replaces the next wait (e.g. the server's shutdown hint).
 */
export class Reconnector {
  constructor({ attempt, onSuccess = () => {}, onGiveUp = () => {}, onSchedule = () => {},
    giveUpAfterMs = Infinity, delays = BACKOFF_MS, clock = realClock }) {
    Object.assign(this, { attempt, onSuccess, onGiveUp, onSchedule, giveUpAfterMs, delays, clock });
    this.plan = null;
    this.timer = null;
    this.deadlineTimer = null;
    this.inFlight = false;
    this.nextDelayMs = null; // set by delayNext(): the next wait instead of the schedule's
    this.run = 0; // bumped by stop(): outcomes of attempts from an older run are ignored
  }

  get active() {
    return this.plan !== null;
  }

  /** Starts retrying (the first attempt after the first delay); does nothing while already active. */
  start() {
    if (this.active) return;
    this.plan = new RetryPlan({ startedAt: this.clock.now(), giveUpAfterMs: this.giveUpAfterMs, delays: this.delays });
    if (Number.isFinite(this.giveUpAfterMs)) {
      this.deadlineTimer = this.clock.setTimeout(() => this.giveUp({ deadline: true }), this.giveUpAfterMs);
    }
    this.schedule();
  }

  /** Stops without calling anything back. */
  stop() {
    this.run++;
    this.plan = null;
    this.inFlight = false;
    this.nextDelayMs = null;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    if (this.deadlineTimer !== null) this.clock.clearTimeout(this.deadlineTimer);
    this.timer = this.deadlineTimer = null;
  }

  /** Attempts right away (e.g. something changed that should make it work), unless one is running. */
  poke() {
    if (!this.active || this.inFlight) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.fire();
  }

  /**
   * Makes the next wait delayMs instead of the schedule's: applies to the wait start() or a failed attempt
   * sets next, or replaces the wait under way (counted from now). The schedule goes on after it.
   */
  delayNext(delayMs) {
    this.nextDelayMs = delayMs;
    if (this.active && this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
      this.schedule();
    }
  }

  schedule() {
    const delayMs = this.plan.next(this.clock.now(), this.nextDelayMs);
    this.nextDelayMs = null;
    if (delayMs === null) {
      // no attempt fits before the deadline: the deadline timer gives up (a poke may still get through)
      this.onSchedule({ attempt: this.plan.attempts, delayMs: null });
      return;
    }
    this.onSchedule({ attempt: this.plan.attempts, delayMs });
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.fire();
    }, delayMs);
  }

  async fire() {
    const run = this.run;
    const attempts = this.plan.attempts;
    this.inFlight = true;
    try {
      await this.attempt({ attempt: attempts });
    } catch (err) {
      if (run !== this.run) return;
      this.inFlight = false;
      if (err && err.fatal) this.giveUp(err);
      else this.schedule();
      return;
    }
    if (run !== this.run) return;
    this.stop();
    this.onSuccess({ attempts });
  }

  giveUp(reason) {
    if (!this.active) return;
    this.stop();
    this.onGiveUp(reason);
  }
}
