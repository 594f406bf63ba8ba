/**
 * Client-side network condition simulator (a debug tool): delays the frames the game sends and receives with
 * the same model and specification syntax as the server's dev.skirmish.engine.netsim (NetProfile, NetConditions,
 * DelayModel, DelayLine): comma-separated `DIR:LATENCY[~JITTER][!EVERY/LENGTH]`, DIR up (client to server),
 * down (server to client) or both, in milliseconds; e.g. `both:50~10` or `down:80~20!3000/250,up:40`.
 * The stream is TCP, so nothing is lost or reordered: frames only wait.
 */

const freeze = Object.freeze;

/** No added delay. */
export const NO_CONDITIONS = freeze({ latencyMs: 0, jitterMs: 0, burstEveryMs: 0, burstMs: 0 });
export const NO_PROFILE = freeze({ up: NO_CONDITIONS, down: NO_CONDITIONS });
/** What the toggle key cycles through (null: off). */
export const NETSIM_PRESETS = freeze([null, 'both:50~10', 'both:100~20']);
/** Frames one direction holds at most: more than 12 s (the longest a valid spec delays) of 60 Hz traffic. */
export const LINE_CAPACITY = 1024;
const MAX_SPEC_LENGTH = 200;

// ---------------------------------------------------------------- specification

function number(s) {
  if (!/^[0-9]{1,6}$/.test(s)) throw new SyntaxError(`'${s}' is not a number of milliseconds`);
  return Number(s);
}

/** Checked conditions of one direction (NetConditions' rules). */
export function conditions(latencyMs, jitterMs = 0, burstEveryMs = 0, burstMs = 0) {
  if (!(latencyMs >= 0 && latencyMs <= 5000)) throw new RangeError(`latency must be 0..5000 ms, was ${latencyMs}`);
  if (!(jitterMs >= 0 && jitterMs <= 2000)) throw new RangeError(`jitter must be 0..2000 ms, was ${jitterMs}`);
  if (burstEveryMs !== 0 && !(burstEveryMs >= 100 && burstEveryMs <= 600000)) {
    throw new RangeError(`burst interval must be 100..600000 ms, was ${burstEveryMs}`);
  }
  if (!(burstMs >= 0 && burstMs <= 5000) || (burstEveryMs !== 0) !== (burstMs !== 0)) {
    throw new RangeError(`burst length must be 1..5000 ms with an interval, was ${burstMs}`);
  }
  return freeze({ latencyMs, jitterMs, burstEveryMs, burstMs });
}

/** Parses `LATENCY[~JITTER][!EVERY/LENGTH]`. */
export function parseConditions(s) {
  let rest = s;
  let every = 0;
  let length = 0;
  const bang = rest.indexOf('!');
  if (bang >= 0) {
    const burst = rest.slice(bang + 1);
    rest = rest.slice(0, bang);
    const slash = burst.indexOf('/');
    if (slash < 0) throw new SyntaxError(`burst must be EVERY/LENGTH, was '${burst}'`);
    every = number(burst.slice(0, slash));
    length = number(burst.slice(slash + 1));
  }
  let jitter = 0;
  const tilde = rest.indexOf('~');
  if (tilde >= 0) {
    jitter = number(rest.slice(tilde + 1));
    rest = rest.slice(0, tilde);
  }
  return conditions(number(rest), jitter, every, length);
}

/**
 * Parses a specification into {up, down} conditions; an empty or blank one is NO_PROFILE.
 * Throws SyntaxError or RangeError with the reason (the server's messages).
 */
export function parseNetProfile(spec) {
  if (spec === null || spec === undefined || spec.trim() === '') return NO_PROFILE;
  if (spec.length > MAX_SPEC_LENGTH) throw new RangeError('netsim specification longer than 200 characters');
  let up = NO_CONDITIONS;
  let down = NO_CONDITIONS;
  const parts = spec.trim().split(',');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // as Java's split
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon < 0) throw new SyntaxError(`netsim part '${part}' must be DIR:LATENCY[~JITTER][!EVERY/LENGTH]`);
    const dir = part.slice(0, colon).trim();
    const c = parseConditions(part.slice(colon + 1).trim());
    if (dir === 'up') up = c;
    else if (dir === 'down') down = c;
    else if (dir === 'both') up = down = c;
    else throw new SyntaxError(`netsim direction must be up, down or both, was '${dir}'`);
  }
  return freeze({ up, down });
}

export function isNoConditions(c) {
  return c.latencyMs === 0 && c.jitterMs === 0 && c.burstEveryMs === 0;
}

export function isNoProfile(p) {
  return isNoConditions(p.up) && isNoConditions(p.down);
}

function sameConditions(a, b) {
  return a.latencyMs === b.latencyMs && a.jitterMs === b.jitterMs && a.burstEveryMs === b.burstEveryMs
    && a.burstMs === b.burstMs;
}

function conditionsSpec(c) {
  return `${c.latencyMs}${c.jitterMs > 0 ? `~${c.jitterMs}` : ''}`
    + `${c.burstEveryMs > 0 ? `!${c.burstEveryMs}/${c.burstMs}` : ''}`;
}

/** The specification of a profile, as the server writes it (`both:50~10`, `up:40,down:80~20!3000/250`). */
export function profileSpec(p) {
  return sameConditions(p.up, p.down) ? `both:${conditionsSpec(p.up)}`
    : `up:${conditionsSpec(p.up)},down:${conditionsSpec(p.down)}`;
}

function conditionsLabel(c) {
  const burst = c.burstEveryMs > 0 ? ` +${c.burstMs} ms stall/${c.burstEveryMs / 1000} s` : '';
  return `${c.latencyMs}${c.jitterMs > 0 ? `±${c.jitterMs}` : ''} ms${burst}`;
}

/** The HUD indicator of an active profile ('NETSIM 50±10 ms'), null for none. */
export function netsimLabel(p) {
  if (!p || isNoProfile(p)) return null;
  if (sameConditions(p.up, p.down)) return `NETSIM ${conditionsLabel(p.up)}`;
  return `NETSIM up ${conditionsLabel(p.up)} / down ${conditionsLabel(p.down)}`;
}

/** The preset after spec in NETSIM_PRESETS (a spec that is no preset, e.g. from the URL, goes to off). */
export function nextPreset(spec) {
  const i = NETSIM_PRESETS.indexOf(spec ?? null);
  return i < 0 ? null : NETSIM_PRESETS[(i + 1) % NETSIM_PRESETS.length];
}

/**
 * The page's netsim parameters: `?netsim=SPEC` for this simulator, `?servernetsim=SPEC` for the server's.
 * Returns {client, server, error}: client is a valid spec, written as profileSpec writes it, or null (error
 * says why one was refused); server is passed on as given (the server checks it).
 */
export function netsimFromPage(href) {
  const params = new URL(href).searchParams;
  const server = params.get('servernetsim')?.trim() || null;
  let client = params.get('netsim')?.trim() || null;
  let error = null;
  if (client !== null) {
    try {
      const profile = parseNetProfile(client);
      client = isNoProfile(profile) ? null : profileSpec(profile);
    } catch (err) {
      error = `netsim: ${err.message}`;
      client = null;
    }
  }
  return { client, server, error };
}

/** The game stream URL asking the server to simulate spec (`&netsim=SPEC`); unchanged for no spec. */
export function withServerNetsim(url, spec) {
  if (!spec) return url;
  const u = new URL(url);
  u.searchParams.set('netsim', spec);
  return u.href;
}

// ---------------------------------------------------------------- delay model

/** Deterministic pseudo-random numbers in [0, 1) from a 32-bit seed (xorshift32). */
export function seededRandom(seed) {
  let s = (seed >>> 0) || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/**
 * When each frame sent into one direction comes out (DelayModel.java): latency plus uniform jitter (never
 * below 0), held until the end of a burst (bursts start every half to 1.5 times burstEveryMs, last burstMs,
 * and what is sent during one waits until it ends plus the latency), and never before the frame sent ahead.
 */
export class DelayModel {
  /** @param {object} c conditions; @param {() => number} random numbers in [0, 1) */
  constructor(c, random) {
    this.c = c;
    this.random = random;
    this.lastDue = null;
    this.burstStart = null;
  }

  /** The time (same clock as nowMs) at which a frame sent at nowMs is delivered. */
  due(nowMs) {
    const c = this.c;
    let delay = c.latencyMs;
    if (c.jitterMs > 0) delay += (this.random() * 2 - 1) * c.jitterMs;
    let due = nowMs + Math.max(0, delay);
    if (c.burstEveryMs > 0) {
      if (this.burstStart === null) this.burstStart = nowMs + this.gap();
      while (nowMs >= this.burstStart + c.burstMs) this.burstStart += this.gap();
      if (nowMs >= this.burstStart) due = Math.max(due, this.burstStart + c.burstMs + c.latencyMs);
    }
    if (this.lastDue !== null && due < this.lastDue) due = this.lastDue;
    this.lastDue = due;
    return due;
  }

  gap() {
    return this.c.burstEveryMs / 2 + this.random() * this.c.burstEveryMs;
  }
}

// ---------------------------------------------------------------- delay line

const realClock = freeze({
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
});

/**
 * One direction of a simulated link: items offered are handed to deliver(item) when their model says, in the
 * order offered. Without a model (off) an item goes through at once, unless earlier ones still wait (it never
 * overtakes them). Bounded: an offer to a full line is refused (false) and the caller applies its policy.
 */
export class DelayLine {
  /**
   * @param {object} o
   * @param {(item: any) => void} o.deliver
   * @param {number} [o.capacity=LINE_CAPACITY] items waiting at most
   * @param {{now: () => number, setTimeout: Function, clearTimeout: Function}} [o.clock] ms clock and timers
   */
  constructor({ deliver, capacity = LINE_CAPACITY, clock = realClock }) {
    this.deliver = deliver;
    this.capacity = capacity;
    this.clock = clock;
    this.model = null;
    this.queue = []; // [{due, item}], due non-decreasing
    this.timer = null;
    this.closed = false;
    this.refused = 0;
  }

  get size() {
    return this.queue.length;
  }

  /** Delays the items offered from now on with model (null: none); those waiting keep their times. */
  setModel(model) {
    this.model = model;
  }

  /** Puts an item on the line; false if the line is full (unless force) or closed. */
  offer(item, { force = false } = {}) {
    if (this.closed) return false;
    if (!force && this.queue.length >= this.capacity) {
      this.refused++;
      return false;
    }
    const now = this.clock.now();
    let due = this.model ? this.model.due(now) : now;
    const tail = this.queue[this.queue.length - 1];
    if (tail && tail.due > due) due = tail.due;
    if (!tail && due <= now) {
      this.deliver(item);
      return true;
    }
    this.queue.push({ due, item });
    if (this.queue.length === 1) this.schedule();
    return true;
  }

  schedule() {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0 || this.closed) return;
    const wait = Math.max(0, this.queue[0].due - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, wait);
  }

  /** Delivers every item that is due, in order; a failing deliver does not hold up the rest. */
  pump() {
    let failure = null;
    while (!this.closed && this.queue.length > 0 && this.queue[0].due <= this.clock.now()) {
      const { item } = this.queue.shift();
      try {
        this.deliver(item);
      } catch (err) {
        failure ??= err;
      }
    }
    this.schedule();
    if (failure) throw failure;
  }

  /** Drops whatever waits and refuses further offers. */
  close() {
    this.closed = true;
    this.queue = [];
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

// ---------------------------------------------------------------- socket

/**
 * A WebSocket behind the simulator, with the parts of the WebSocket interface the game uses (send, close,
 * readyState, bufferedAmount, binaryType, onopen, onmessage, onclose, onerror). Messages and the close event
 * come out of the down line, sends go through the up line; setProfile changes the conditions at any time.
 *
 * Policy when a line is full (only possible beyond the longest delays a valid spec gives): a frame to send
 * is dropped and counted in dropped (the server sees a gap in the input numbers, as after a congested
 * link); a received frame cannot be dropped (every snapshot is the baseline of the next), so the link is
 * given up: the socket is closed and onclose reports 4002 'simulated downstream full', as the server closes
 * a stream whose simulated upstream overflows.
 */
export class SimulatedSocket {
  /**
   * @param {WebSocket} socket the real socket (just created)
   * @param {object} [o]
   * @param {object|null} [o.profile] {up, down} conditions, null for none
   * @param {number} [o.seed] seed of the random delays (deterministic for a seed)
   * @param {number} [o.capacity=LINE_CAPACITY] frames each direction holds at most
   * @param {object} [o.clock] ms clock and timers (tests pass a fake one)
   */
  constructor(socket, { profile = null, seed = 1, capacity = LINE_CAPACITY, clock = realClock } = {}) {
    this.socket = socket;
    this.seed = seed >>> 0;
    this.changes = 0;
    this.profile = null;
    this.dropped = 0;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    this.up = new DelayLine({ capacity, clock, deliver: (data) => this.transmit(data) });
    this.down = new DelayLine({ capacity, clock, deliver: (e) => this.dispatch(e) });
    this.setProfile(profile);
    socket.onopen = (ev) => this.onopen?.(ev);
    socket.onerror = (ev) => this.onerror?.(ev);
    socket.onmessage = (ev) => {
      if (!this.down.offer({ type: 'message', ev })) this.overflow();
    };
    socket.onclose = (ev) => {
      this.down.offer({ type: 'close', ev }, { force: true });
    };
  }

  get readyState() { return this.socket.readyState; }
  get bufferedAmount() { return this.socket.bufferedAmount; }
  get binaryType() { return this.socket.binaryType; }
  set binaryType(v) { this.socket.binaryType = v; }
  get url() { return this.socket.url; }

  /** Frames waiting in the simulator: {up, down}. */
  get waiting() {
    return { up: this.up.size, down: this.down.size };
  }

  /** Simulates profile from now on ({up, down}; null or no delay: frames pass straight through). */
  setProfile(profile) {
    const on = profile && !isNoProfile(profile) ? profile : null;
    this.profile = on;
    this.changes++;
    const model = (c, salt) => (on && !isNoConditions(c)
      ? new DelayModel(c, seededRandom(this.seed ^ Math.imul(this.changes, 0x9e3779b1) ^ salt)) : null);
    this.up.setModel(model(on?.up, 0x5a5a5a5a));
    this.down.setModel(model(on?.down, 0x3c3c3c3c));
  }

  send(data) {
    if (this.socket.readyState !== 1) {
      this.socket.send(data); // let the real socket report the misuse
      return;
    }
    if (!this.up.offer(data)) this.dropped++;
  }

  close(code, reason) {
    this.up.close();
    this.down.close();
    this.socket.close(code, reason);
  }

  transmit(data) {
    if (this.socket.readyState === 1) this.socket.send(data);
  }

  dispatch(e) {
    if (e.type === 'message') this.onmessage?.(e.ev);
    else this.onclose?.(e.ev);
  }

  overflow() {
    const onclose = this.onclose;
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
    this.close(1000, 'simulated downstream full');
    onclose?.({ code: 4002, reason: 'simulated downstream full', wasClean: false });
  }
}
