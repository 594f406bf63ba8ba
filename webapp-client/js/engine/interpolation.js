/**
 * Snapshot buffer for remote entities: server-tick clock estimate, an interpolation delay that follows the
 * measured arrival jitter, interpolation between snapshots and a short, capped extrapolation beyond the newest.
 */


const TWO_PI = Math.PI * 2;

/** Linear interpolation. */
export function lerp(a, b, t) {
  return a + (b - a) * t;
}

/** Interpolates two angles (radians) along the shorter way round; the result is in [0, 2pi). */
export function lerpAngle(a, b, t) {
  let d = (b - a) % TWO_PI;
  if (d > Math.PI) d -= TWO_PI;
  else if (d < -Math.PI) d += TWO_PI;
  const r = (a + d * t) % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/**
 * Holds the last `capacity` snapshots ({tick, entities: [{id, kind, x, y, angle, health, flags}]}) by server
 * tick, estimates the current server tick from their arrival times, and samples entity states at any tick.
 *
 * The render time trails the estimated server tick by an adaptive delay: one snapshot interval plus
 * jitterFactor times a smoothed estimate of the arrival jitter (the mean deviation of the time between two
 * arrivals from the time between their ticks, RFC 3550 style; it rises quickly and decays slowly), clamped to
 * minDelaySnapshots..maxDelaySnapshots intervals. The delay in use follows that target at a bounded rate, so
 * the render time never jumps. A snapshot that is late anyway is bridged by extrapolating for up to
 * extrapolateMs.
 */
export class SnapshotBuffer {
  /**
   * @param {object} [o]
   * @param {number} [o.capacity=32] snapshots kept
   * @param {number} [o.simRateHz=60] server ticks per second
   * @param {number} [o.snapshotRateHz=30] snapshots per second
   * @param {number} [o.delaySnapshots=2] the delay, in snapshot intervals, before any jitter is measured
   * @param {number} [o.minDelaySnapshots=1] the delay never goes below this many snapshot intervals
   * @param {number} [o.maxDelaySnapshots=8] nor above this many
   * @param {number} [o.jitterFactor=3] the delay covers this many times the smoothed jitter
   * @param {number} [o.jitterRise=0.25] weight of an arrival whose deviation is above the estimate
   * @param {number} [o.jitterFall=1/32] weight of one below it (the delay shrinks back slowly)
   * @param {number} [o.delayRate=0.04] the delay changes by at most this fraction of the time that passes
   * @param {number} [o.extrapolateMs=100] beyond the newest snapshot entities move on for at most this long
   * @param {number} [o.smoothing=0.1] weight of each new arrival in the smoothed clock offset
   * @param {number} [o.maxDrift=0.1] the estimated clock runs at most this much fast or slow while it catches up
   * @param {number} [o.resyncTicks=30] a clock error larger than this is taken at once instead of smoothed
   * @param {number} [o.teleportUnitsPerTick=40] moves faster than this (plus a margin) are not interpolated
   * @param {(a: object, b: object) => boolean} [o.sameLife] whether two states of one entity belong to one life
   *   (a game's rule: the arena compares its alive flag); states of different lives are not joined by a line.
   *   Entities are {id, kind, x, y, angle, ...}: the game's decoded entities with positions in world units
   */
  constructor({ capacity = 32, simRateHz = 60, snapshotRateHz = 30, delaySnapshots = 2, minDelaySnapshots = 1,
    maxDelaySnapshots = 8, jitterFactor = 3, jitterRise = 0.25, jitterFall = 1 / 32, delayRate = 0.04,
    extrapolateMs = 100, smoothing = 0.1, maxDrift = 0.1, resyncTicks = 30, teleportUnitsPerTick = 40,
    sameLife = (a, b) => (a.alive ?? true) === (b.alive ?? true) } = {}) {
    this.sameLife = sameLife;
    if (!(capacity >= 2)) throw new RangeError('capacity must be at least 2');
    if (!(minDelaySnapshots > 0 && maxDelaySnapshots >= minDelaySnapshots)) {
      throw new RangeError('need 0 < minDelaySnapshots <= maxDelaySnapshots');
    }
    this.capacity = capacity;
    this.simRateHz = simRateHz;
    this.ticksPerSnapshot = simRateHz / snapshotRateHz;
    this.msPerTick = 1000 / simRateHz;
    this.minDelayTicks = minDelaySnapshots * this.ticksPerSnapshot;
    this.maxDelayTicks = maxDelaySnapshots * this.ticksPerSnapshot;
    this.jitterFactor = jitterFactor;
    this.jitterRise = jitterRise;
    this.jitterFall = jitterFall;
    this.delayRate = delayRate;
    this.extrapolateTicks = extrapolateMs * simRateHz / 1000;
    this.smoothing = smoothing;
    this.maxDrift = maxDrift;
    this.resyncTicks = resyncTicks;
    this.teleportUnitsPerTick = teleportUnitsPerTick;
    this.snapshots = []; // sorted by tick, oldest first
    this.target = null; // smoothed (server tick - arrival ms * simRateHz / 1000) over arrivals
    this.offset = null; // the offset in use: follows target at a bounded rate so motion never jumps
    this.clockAt = 0; // ms of the last offset update
    this.delayTicks = this.clampDelay(delaySnapshots * this.ticksPerSnapshot); // the delay in use
    // the jitter estimate starts where it gives the initial delay, and learns from there
    this.jitterMs = Math.max(0, (this.delayTicks - this.ticksPerSnapshot) * this.msPerTick / jitterFactor);
    this.delayAt = null; // ms of the last delay update (null: not rendering yet)
    this.lastArrival = null; // {tick, atMs} of the newest snapshot, for the jitter measurement
  }

  get size() { return this.snapshots.length; }
  get oldestTick() { return this.snapshots.length ? this.snapshots[0].tick : null; }
  get newestTick() { return this.snapshots.length ? this.snapshots[this.snapshots.length - 1].tick : null; }

  /** The interpolation delay in use, in milliseconds. */
  get delayMs() { return this.delayTicks * this.msPerTick; }

  /** The delay the jitter estimate asks for, in ticks (the delay in use moves towards it). */
  get targetDelayTicks() {
    return this.clampDelay(this.ticksPerSnapshot + this.jitterFactor * this.jitterMs / this.msPerTick);
  }

  clampDelay(ticks) {
    return Math.max(this.minDelayTicks, Math.min(this.maxDelayTicks, ticks));
  }

  /** Forgets the snapshots and the clock; the delay and jitter estimates are kept (same network). */
  clear() {
    this.snapshots = [];
    this.target = null;
    this.offset = null;
    this.lastArrival = null;
  }

  /** Adds a snapshot received at receivedAtMs (any monotonic ms clock, e.g. performance.now()). */
  push(snapshot, receivedAtMs) {
    const entry = { tick: snapshot.tick, entities: snapshot.entities, byId: new Map() };
    for (const e of snapshot.entities) entry.byId.set(e.id, e);
    const list = this.snapshots;
    const newest = this.newestTick;
    if (newest !== null && snapshot.tick + this.resyncTicks * 4 < newest) {
      this.clear(); // the server's tick went far back (new world): start over
    }
    let i = list.length;
    while (i > 0 && list[i - 1].tick > entry.tick) i--;
    if (i > 0 && list[i - 1].tick === entry.tick) list[i - 1] = entry;
    else list.splice(i, 0, entry);
    while (list.length > this.capacity) list.shift();
    if (entry.tick === this.newestTick) {
      const continuous = this.updateClock(entry.tick, receivedAtMs);
      this.measureJitter(entry.tick, receivedAtMs, continuous);
    }
  }

  /** Folds one arrival into the clock offset; false when the clock was (re)started instead. */
  updateClock(tick, atMs) {
    const sample = tick - atMs * this.simRateHz / 1000;
    if (this.target === null || Math.abs(sample - this.target) > this.resyncTicks) {
      this.target = sample;
      this.offset = sample;
      this.clockAt = atMs;
      return false;
    }
    this.target += (sample - this.target) * this.smoothing;
    return true;
  }

  /**
   * One jitter sample from the newest arrival: how much the time since the previous newest arrival differs
   * from the time between their ticks (capped at the largest delay, so one long stall does not take ages to
   * forget).
   */
  measureJitter(tick, atMs, continuous) {
    const last = this.lastArrival;
    this.lastArrival = { tick, atMs };
    if (!last || !continuous || tick <= last.tick) return;
    const deviation = Math.abs((atMs - last.atMs) - (tick - last.tick) * this.msPerTick);
    const sample = Math.min(deviation, this.maxDelayTicks * this.msPerTick);
    const gain = sample > this.jitterMs ? this.jitterRise : this.jitterFall;
    this.jitterMs += (sample - this.jitterMs) * gain;
  }

  /** Moves the delay in use towards the target, at most delayRate of the time passed since the last call. */
  updateDelay(nowMs) {
    if (this.delayAt === null || nowMs < this.delayAt) {
      this.delayAt = nowMs;
      return;
    }
    const max = (nowMs - this.delayAt) / this.msPerTick * this.delayRate;
    this.delayAt = nowMs;
    const want = this.targetDelayTicks - this.delayTicks;
    this.delayTicks += Math.max(-max, Math.min(max, want));
  }

  /**
   * Smoothed estimate of the server's current tick at nowMs (fractional), or null before any snapshot.
   * Arrival jitter moves the estimate gradually: the clock runs at most maxDrift fast or slow until it
   * agrees with the arrivals again (call it with non-decreasing nowMs, e.g. once per frame).
   */
  estimateServerTick(nowMs) {
    if (this.offset === null) return null;
    const dt = nowMs - this.clockAt;
    if (dt > 0) {
      const max = dt * this.simRateHz / 1000 * this.maxDrift;
      this.offset += Math.max(-max, Math.min(max, this.target - this.offset));
      this.clockAt = nowMs;
    }
    return this.offset + nowMs * this.simRateHz / 1000;
  }

  /**
   * The tick to draw remote entities at: the adaptive delay behind the estimated server tick (call it with
   * non-decreasing nowMs, e.g. once per frame; the delay only changes between such calls).
   */
  renderTick(nowMs) {
    const est = this.estimateServerTick(nowMs);
    if (est === null) return null;
    this.updateDelay(nowMs);
    return est - this.delayTicks;
  }

  /**
   * The tick that sample(renderTick) actually shows: renderTick, or the end of the extrapolation when
   * renderTick is further beyond the newest snapshot (entities hold still there). Null without snapshots.
   */
  shownTick(renderTick) {
    const newest = this.newestTick;
    if (newest === null || renderTick === null || Number.isNaN(renderTick)) return null;
    return Math.min(renderTick, newest + this.extrapolateTicks);
  }

  /** Whether entity ea may be moved linearly towards eb, span ticks later (same kind and life, no teleport). */
  continuous(ea, eb, span) {
    const limit = this.teleportUnitsPerTick * span + 10;
    return eb.kind === ea.kind && this.sameLife(ea, eb)
      && Math.abs(eb.x - ea.x) <= limit && Math.abs(eb.y - ea.y) <= limit;
  }

  /**
   * Entity states at renderTick. Entities are those of the latest snapshot at or before renderTick, moved
   * towards the next snapshot (linear position, shortest-way angle); an entity missing from the next one is
   * held, one new in the next one appears when renderTick reaches it. Before the oldest snapshot the oldest
   * is returned. After the newest, its entities move on with their motion between the last two snapshots for
   * at most extrapolateMs, then hold still (entities without a previous position, or that teleported, hold).
   */
  sample(renderTick) {
    const list = this.snapshots;
    if (list.length === 0 || renderTick === null || Number.isNaN(renderTick)) return [];
    let i = list.length - 1;
    while (i > 0 && list[i].tick > renderTick) i--;
    const a = list[i];
    const b = list[i + 1];
    if (renderTick <= a.tick) return a.entities.map((e) => ({ ...e }));
    if (!b) return this.extrapolate(renderTick);
    const span = b.tick - a.tick;
    const t = Math.min(1, (renderTick - a.tick) / span);
    const out = [];
    for (const ea of a.entities) {
      const eb = b.byId.get(ea.id);
      if (!eb || !this.continuous(ea, eb, span)) {
        out.push({ ...ea });
        continue;
      }
      out.push({ ...ea, x: lerp(ea.x, eb.x, t), y: lerp(ea.y, eb.y, t), angle: lerpAngle(ea.angle, eb.angle, t) });
    }
    return out;
  }

  /** The newest snapshot's entities moved on to renderTick (beyond the newest), capped at extrapolateTicks. */
  extrapolate(renderTick) {
    const list = this.snapshots;
    const b = list[list.length - 1];
    const a = list[list.length - 2];
    if (!a) return b.entities.map((e) => ({ ...e }));
    const span = b.tick - a.tick;
    const ahead = Math.min(renderTick - b.tick, this.extrapolateTicks) / span;
    const out = [];
    for (const eb of b.entities) {
      const ea = a.byId.get(eb.id);
      if (!ea || !this.continuous(ea, eb, span)) {
        out.push({ ...eb });
        continue;
      }
      out.push({ ...eb, x: eb.x + (eb.x - ea.x) * ahead, y: eb.y + (eb.y - ea.y) * ahead });
    }
    return out;
  }
}
