/**
 * Game feel: muzzle flashes, death bursts and a light screen shake. The maths are pure functions of a time
 * (no randomness: a burst's particles come from its seed), the Effects class holds what is running and is fed
 * by the game session; the renderer draws what it returns.
 */

import { KINDS, FLAGS } from './protocol.js';

/** How long a muzzle flash shows after a shot (ms). */
export const FLASH_MS = 80;
/** How long a death burst (particles and a ring) lasts (ms). */
export const BURST_MS = 600;
/** How long a screen shake takes to die out (ms). */
export const SHAKE_MS = 250;
/** Shake amplitude when the own player is hit (CSS pixels). */
export const HURT_SHAKE_PX = 5;
/** Shake amplitude when the own player kills someone (CSS pixels). */
export const KILL_SHAKE_PX = 2.5;
/** The most the camera is ever moved by shakes together (CSS pixels, per axis). */
export const MAX_SHAKE_PX = 7;
/** Particles in a death burst. */
export const BURST_PARTICLES = 12;

const BURST_REACH = 52; // map units the farthest particle travels
const TWO_PI = Math.PI * 2;

/** A number in [0, 1) from a seed and an index, always the same for the same pair (an integer hash). */
export function unitNoise(seed, i) {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul((i | 0) + 0x632be5ab, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** The strength of a muzzle flash (1 when just fired, down to 0 after FLASH_MS) at nowMs; 0 without a shot. */
export function flashStrength(firedAt, nowMs) {
  if (firedAt === null || firedAt === undefined) return 0;
  const age = nowMs - firedAt;
  if (age < 0 || age >= FLASH_MS) return 0;
  return 1 - age / FLASH_MS;
}

/** 1 - (1 - t)^3: fast at first, then settling (t in [0, 1]). */
function easeOut(t) {
  const u = 1 - t;
  return 1 - u * u * u;
}

/**
 * A death burst at nowMs, or null before it starts or once it is over: t (0 to 1 over BURST_MS), the ring
 * (radius and line width in map units, opacity), a white pop's opacity (the first fifth only), and the particles
 * (offsets from the burst's centre and size, map units) with their opacity, alpha. The particles fly out along
 * evenly spread directions, each nudged and sped by the burst's seed, and slow down as they fade.
 * @param {{x: number, y: number, at: number, seed: number, radius: number}} burst radius: the victim's body
 */
export function burstState(burst, nowMs) {
  const age = nowMs - burst.at;
  if (age < 0 || age >= BURST_MS) return null;
  const t = age / BURST_MS;
  const e = easeOut(t);
  const fade = 1 - t;
  const particles = [];
  for (let i = 0; i < BURST_PARTICLES; i++) {
    const angle = (i / BURST_PARTICLES) * TWO_PI + (unitNoise(burst.seed, i) - 0.5) * 0.5;
    const reach = burst.radius * 0.6 + BURST_REACH * (0.55 + 0.45 * unitNoise(burst.seed, i + 100)) * e;
    particles.push({ x: Math.cos(angle) * reach, y: Math.sin(angle) * reach, size: 1 + 4 * fade });
  }
  return {
    t,
    alpha: fade,
    pop: Math.max(0, 0.8 - t * 4),
    ring: { radius: burst.radius * (0.8 + 1.8 * e), width: 1 + 5 * fade, alpha: 0.9 * fade * fade },
    particles,
  };
}

/**
 * The camera offset (CSS pixels, {x, y}) of the shakes at nowMs: each shake {at, amp, seed} swings on both axes
 * at a few tens of hertz (its seed sets the phases) while its amplitude falls to 0 over SHAKE_MS, quadratically;
 * shakes add up, at most MAX_SHAKE_PX per axis. Shakes not started yet (at > nowMs) do not move it.
 */
export function shakeOffset(events, nowMs) {
  let x = 0;
  let y = 0;
  for (const s of events) {
    const age = nowMs - s.at;
    if (age < 0 || age >= SHAKE_MS) continue;
    const k = 1 - age / SHAKE_MS;
    const amp = s.amp * k * k;
    const phase = unitNoise(s.seed, 0) * TWO_PI;
    x += amp * Math.sin(age * 0.15 + phase); // ~24 Hz
    y += amp * Math.cos(age * 0.11 + phase * 1.7); // ~18 Hz
  }
  const clamp = (v) => Math.max(-MAX_SHAKE_PX, Math.min(MAX_SHAKE_PX, v));
  return { x: clamp(x), y: clamp(y) };
}

/** Whether the page asks for reduced motion (the prefers-reduced-motion media query); false outside a browser. */
export function reducedMotionQuery() {
  const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  return () => Boolean(query?.matches);
}

/**
 * The running effects of one game session, fed by it (shots, deaths, hits) and read by it once a frame.
 * Times are performance.now() milliseconds; the counters (shots flashed, bursts and shakes started) are for
 * the debug state.
 */
export class Effects {
  /** @param {{reducedMotion?: () => boolean}} [o] reducedMotion: true turns the screen shake off */
  constructor({ reducedMotion = () => false } = {}) {
    this.reducedMotion = reducedMotion;
    this.firedAt = new Map(); // player id -> time of its last shot, while its flash shows
    this.bursts = []; // {x, y, at, seed, radius, color}
    this.shakes = []; // {at, amp, seed}
    this.counts = { flashes: 0, bursts: 0, shakes: 0 };
    this.seenShots = new Set(); // ids of the other players' projectiles drawn in the last frame
    this.firedFlags = new Set(); // ids of the players drawn with the FIRED flag in the last frame
  }

  /** Player id fired at nowMs: its muzzle flashes (once per shot: a call while it still flashes is ignored). */
  fired(id, nowMs) {
    const last = this.firedAt.get(id);
    if (last !== undefined && nowMs - last >= 0 && nowMs - last < FLASH_MS) return false;
    this.firedAt.set(id, nowMs);
    this.counts.flashes++;
    return true;
  }

  /** The strength of player id's muzzle flash at nowMs (0 to 1). */
  flash(id, nowMs) {
    return flashStrength(this.firedAt.get(id), nowMs);
  }

  /**
   * Finds the other players' shots in the entities drawn this frame (interpolated, so the flash shows with the
   * drawn shooter): a projectile not drawn before that is within nearUnits of its owner, or a player whose
   * FIRED flag has just appeared. Flashes them; returns how many started.
   */
  observe(entities, selfId, nowMs, nearUnits) {
    const players = new Map();
    const firedFlags = new Set();
    for (const e of entities) {
      if (e.kind !== KINDS.PLAYER || e.id === selfId || !(e.flags & FLAGS.ALIVE)) continue;
      players.set(e.id, e);
      if (e.flags & FLAGS.FIRED) firedFlags.add(e.id);
    }
    let started = 0;
    const shots = new Set();
    for (const e of entities) {
      if (e.kind !== KINDS.PROJECTILE || e.owner === selfId) continue;
      shots.add(e.id);
      if (this.seenShots.has(e.id)) continue;
      const owner = players.get(e.owner);
      const near = owner && (owner.x - e.x) ** 2 + (owner.y - e.y) ** 2 <= nearUnits * nearUnits;
      if (near && this.fired(owner.id, nowMs)) started++;
    }
    for (const id of firedFlags) {
      if (!this.firedFlags.has(id) && this.fired(id, nowMs)) started++;
    }
    this.seenShots = shots;
    this.firedFlags = firedFlags;
    return started;
  }

  /** A player died at (x, y) (map units, body radius in map units): a burst in its colour, from atMs. */
  death(x, y, color, atMs, radius = 20) {
    this.counts.bursts++;
    this.bursts.push({ x, y, at: atMs, seed: this.counts.bursts, radius, color });
  }

  /** The own player was hit at atMs: a shake (none when reduced motion is asked for). */
  hurt(atMs) {
    this.shake(HURT_SHAKE_PX, atMs);
  }

  /** The own player killed someone: a smaller shake from atMs (none when reduced motion is asked for). */
  scored(atMs) {
    this.shake(KILL_SHAKE_PX, atMs);
  }

  /** Starts a shake of amp CSS pixels at atMs, unless reduced motion is asked for. */
  shake(amp, atMs) {
    if (this.reducedMotion()) return;
    this.counts.shakes++;
    this.shakes.push({ at: atMs, amp, seed: this.counts.shakes });
  }

  /** The camera offset of the shakes at nowMs (CSS pixels); none when reduced motion is asked for. */
  shakeOffset(nowMs) {
    if (this.shakes.length === 0 || this.reducedMotion()) return { x: 0, y: 0 };
    return shakeOffset(this.shakes, nowMs);
  }

  /** The bursts showing at nowMs, for the renderer: {x, y, color, state} (state from burstState). */
  visibleBursts(nowMs) {
    const out = [];
    for (const b of this.bursts) {
      const state = burstState(b, nowMs);
      if (state) out.push({ x: b.x, y: b.y, color: b.color, state });
    }
    return out;
  }

  /** Forgets the flashes, bursts and shakes that are over at nowMs (call once a frame). */
  prune(nowMs) {
    for (const [id, at] of this.firedAt) if (nowMs - at >= FLASH_MS) this.firedAt.delete(id);
    if (this.bursts.length > 0) this.bursts = this.bursts.filter((b) => nowMs - b.at < BURST_MS);
    if (this.shakes.length > 0) this.shakes = this.shakes.filter((s) => nowMs - s.at < SHAKE_MS);
  }

  /** Counters and what runs at nowMs, for the debug state. */
  summary(nowMs) {
    let shakeMs = 0;
    for (const s of this.shakes) shakeMs = Math.max(shakeMs, Math.min(SHAKE_MS, s.at + SHAKE_MS - nowMs));
    return {
      ...this.counts,
      activeFlashes: [...this.firedAt.values()].filter((at) => flashStrength(at, nowMs) > 0).length,
      activeBursts: this.bursts.filter((b) => burstState(b, nowMs) !== null).length,
      shakeMs: Math.max(0, Math.round(shakeMs)),
      reducedMotion: this.reducedMotion(),
    };
  }
}
