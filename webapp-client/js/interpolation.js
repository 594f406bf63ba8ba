/** Snapshot buffer for remote entities: server-tick clock estimate and interpolation between snapshots. */

import { FLAGS } from './protocol.js';

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
 */
export class SnapshotBuffer {
  /**
   * @param {object} [o]
   * @param {number} [o.capacity=32] snapshots kept
   * @param {number} [o.simRateHz=60] server ticks per second
   * @param {number} [o.snapshotRateHz=30] snapshots per second
   * @param {number} [o.delaySnapshots=2] how many snapshot intervals the render time trails the server
   * @param {number} [o.smoothing=0.1] weight of each new arrival in the smoothed clock offset
   * @param {number} [o.maxDrift=0.1] the estimated clock runs at most this much fast or slow while it catches up
   * @param {number} [o.resyncTicks=30] a clock error larger than this is taken at once instead of smoothed
   * @param {number} [o.teleportUnitsPerTick=40] moves faster than this (plus a margin) are not interpolated
   */
  constructor({ capacity = 32, simRateHz = 60, snapshotRateHz = 30, delaySnapshots = 2, smoothing = 0.1,
    maxDrift = 0.1, resyncTicks = 30, teleportUnitsPerTick = 40 } = {}) {
    if (!(capacity >= 2)) throw new RangeError('capacity must be at least 2');
    this.capacity = capacity;
    this.simRateHz = simRateHz;
    this.ticksPerSnapshot = simRateHz / snapshotRateHz;
    this.delayTicks = delaySnapshots * this.ticksPerSnapshot;
    this.smoothing = smoothing;
    this.maxDrift = maxDrift;
    this.resyncTicks = resyncTicks;
    this.teleportUnitsPerTick = teleportUnitsPerTick;
    this.snapshots = []; // sorted by tick, oldest first
    this.target = null; // smoothed (server tick - arrival ms * simRateHz / 1000) over arrivals
    this.offset = null; // the offset in use: follows target at a bounded rate so motion never jumps
    this.clockAt = 0; // ms of the last offset update
  }

  get size() { return this.snapshots.length; }
  get oldestTick() { return this.snapshots.length ? this.snapshots[0].tick : null; }
  get newestTick() { return this.snapshots.length ? this.snapshots[this.snapshots.length - 1].tick : null; }

  clear() {
    this.snapshots = [];
    this.target = null;
    this.offset = null;
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
    if (entry.tick === this.newestTick) this.updateClock(entry.tick, receivedAtMs);
  }

  updateClock(tick, atMs) {
    const sample = tick - atMs * this.simRateHz / 1000;
    if (this.target === null || Math.abs(sample - this.target) > this.resyncTicks) {
      this.target = sample;
      this.offset = sample;
      this.clockAt = atMs;
    } else {
      this.target += (sample - this.target) * this.smoothing;
    }
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

  /** The tick to draw remote entities at: about delaySnapshots intervals behind the estimated server tick. */
  renderTick(nowMs) {
    const est = this.estimateServerTick(nowMs);
    return est === null ? null : est - this.delayTicks;
  }

  /**
   * Entity states at renderTick. Entities are those of the latest snapshot at or before renderTick, moved
   * towards the next snapshot (linear position, shortest-way angle); an entity missing from the next one is
   * held, one new in the next one appears when renderTick reaches it. Before the oldest snapshot the oldest
   * is returned, after the newest the newest (no extrapolation).
   */
  sample(renderTick) {
    const list = this.snapshots;
    if (list.length === 0 || renderTick === null || Number.isNaN(renderTick)) return [];
    let i = list.length - 1;
    while (i > 0 && list[i].tick > renderTick) i--;
    const a = list[i];
    const b = list[i + 1];
    if (!b || renderTick <= a.tick) return a.entities.map((e) => ({ ...e }));
    const span = b.tick - a.tick;
    const t = Math.min(1, (renderTick - a.tick) / span);
    const limit = this.teleportUnitsPerTick * span + 10;
    const out = [];
    for (const ea of a.entities) {
      const eb = b.byId.get(ea.id);
      if (!eb || eb.kind !== ea.kind || ((ea.flags ^ eb.flags) & FLAGS.ALIVE) !== 0
        || Math.abs(eb.x - ea.x) > limit || Math.abs(eb.y - ea.y) > limit) {
        out.push({ ...ea });
        continue;
      }
      out.push({ ...ea, x: lerp(ea.x, eb.x, t), y: lerp(ea.y, eb.y, t), angle: lerpAngle(ea.angle, eb.angle, t) });
    }
    return out;
  }
}
