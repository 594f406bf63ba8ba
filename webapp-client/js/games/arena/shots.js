/**
 * The own player's projectiles, shown without waiting for the server: predicted locally when fired, and once
 * the server has them, its copies moved forward to the present (the own player is drawn ahead of the server by
 * the inputs it has not acknowledged yet, so its shots must be too).
 */

import { BUTTONS, KINDS, FLAGS } from './protocol.js';
import { fullArea } from './movement.js';

/**
 * First fraction t in [0, 1] at which the point (x0, y0) + t * (dx, dy) enters the rectangle {x, y, w, h}
 * grown by pad, or Infinity (a slab test, as the server's Collision.segmentRect).
 */
export function segmentRect(x0, y0, dx, dy, rect, pad) {
  let tEnter = 0;
  let tExit = 1;
  const axes = [[x0, dx, rect.x - pad, rect.x + rect.w + pad], [y0, dy, rect.y - pad, rect.y + rect.h + pad]];
  for (const [p, d, lo, hi] of axes) {
    if (d === 0) {
      if (p < lo || p > hi) return Infinity;
      continue;
    }
    let t1 = (lo - p) / d;
    let t2 = (hi - p) / d;
    if (t1 > t2) [t1, t2] = [t2, t1];
    tEnter = Math.max(tEnter, t1);
    tExit = Math.min(tExit, t2);
    if (tEnter > tExit) return Infinity;
  }
  return tEnter;
}

/** Whether the segment comes within radius of (cx, cy). */
function segmentTouchesCircle(x0, y0, dx, dy, cx, cy, radius) {
  const a = dx * dx + dy * dy;
  const t = a === 0 ? 0 : Math.max(0, Math.min(1, ((cx - x0) * dx + (cy - y0) * dy) / a));
  const ex = x0 + dx * t - cx;
  const ey = y0 + dy * t - cy;
  return ex * ex + ey * ey <= radius * radius;
}

/**
 * Whether a projectile moving from (x0, y0) by (dx, dy) is stopped on the way: it touches a wall (grown by its
 * radius) or ends outside the play area (the whole map when omitted), as the server removes it.
 */
export function blocked(x0, y0, dx, dy, map, radius, area = fullArea(map)) {
  for (const w of map.walls) {
    if (segmentRect(x0, y0, dx, dy, w, radius) !== Infinity) return true;
  }
  const x = x0 + dx;
  const y = y0 + dy;
  return x < area.left || y < area.top || x > area.right || y > area.bottom;
}

/**
 * Local projectiles of the own player and the server's ones moved forward to the present.
 *
 * onInput() is called for every input step after the prediction moved the player: with FIRE held, when
 * allowed and the cooldown of the previous shot has passed, a projectile starts at the predicted position heading
 * along the aim at projectileSpeed; with ALT_FIRE held (it wins over FIRE), a rail slug at railSpeed, after which
 * neither gun fires for railCooldownTicks (protocol 10). Like on the server it has already made one step of
 * flight in the tick it was fired. update() moves them with the frame time and removes those that reach a
 * wall, the border, a drawn target or their lifetime. onAck() drops those whose input the server has
 * acknowledged: from then on the server's copy is shown, through fromServer().
 */
export class OwnShots {
  /**
   * @param {object} o
   * @param {number} o.projectileSpeed units per second (welcome)
   * @param {number} o.projectileRadius (welcome)
   * @param {number} o.fireCooldownTicks input steps between two shots (welcome)
   * @param {number} o.simRateHz input steps per second (welcome)
   * @param {object} o.map {width, height, walls: [{x, y, w, h}]}
   * @param {number} [o.railSpeed] the rail slug's speed (welcome; none: the blaster's)
   * @param {number} [o.railCooldownTicks] input steps after a rail shot before either gun fires (welcome)
   * @param {number} [o.lifetimeMs=1000] a local projectile disappears after this long
   * @param {number} [o.railLifetimeMs=600] a local rail slug disappears after this long
   * @param {number} [o.maxAheadMs=1000] server projectiles are moved forward at most this far
   */
  constructor({ projectileSpeed, projectileRadius, fireCooldownTicks, simRateHz, map, railSpeed = projectileSpeed,
    railCooldownTicks = fireCooldownTicks, lifetimeMs = 1000, railLifetimeMs = 600, maxAheadMs = 1000 }) {
    this.speed = projectileSpeed;
    this.railSpeed = railSpeed;
    this.radius = projectileRadius;
    this.cooldown = Math.max(1, fireCooldownTicks);
    this.railCooldown = Math.max(1, railCooldownTicks);
    this.railLifetimeMs = railLifetimeMs;
    this.stepMs = 1000 / simRateHz;
    this.map = map;
    this.area = fullArea(map); // the play area of the last snapshot (game.js sets it)
    this.lifetimeMs = lifetimeMs;
    this.maxAheadMs = maxAheadMs;
    this.shots = []; // [{seq, x, y, vx, vy, angle, ageMs}] oldest first
    this.nextFireSeq = null; // the first input number that may fire again
    this.fired = 0; // shots predicted so far
  }

  /** Forgets every local projectile and the cooldown (new stream, respawn). */
  reset() {
    this.shots = [];
    this.nextFireSeq = null;
  }

  /**
   * One input step: fires a local projectile if FIRE is held, canFire (alive, the match lets us shoot) and
   * the cooldown has passed (input numbers only go up). origin is the predicted own position after this
   * step; aim in radians. Returns the new projectile, or null when none was fired or it hit a wall at once.
   */
  onInput(seq, buttons, aim, origin, canFire = true) {
    if (!canFire || (buttons & (BUTTONS.FIRE | BUTTONS.ALT_FIRE)) === 0) return null;
    if (this.nextFireSeq !== null && seq < this.nextFireSeq) return null;
    const rail = (buttons & BUTTONS.ALT_FIRE) !== 0;
    this.nextFireSeq = seq + (rail ? this.railCooldown : this.cooldown);
    this.fired++;
    const speed = rail ? this.railSpeed : this.speed;
    const shot = {
      seq, x: origin.x, y: origin.y, vx: Math.cos(aim) * speed, vy: Math.sin(aim) * speed, angle: aim, ageMs: 0, rail,
    };
    if (!this.advance(shot, this.stepMs, [], 0)) return null;
    this.shots.push(shot);
    return shot;
  }

  /** Moves shot by ms; false when it is stopped on the way (wall, border, target) or too old. */
  advance(shot, ms, targets, hitRadius) {
    const dx = shot.vx * ms / 1000;
    const dy = shot.vy * ms / 1000;
    if (blocked(shot.x, shot.y, dx, dy, this.map, this.radius, this.area)) return false;
    for (const t of targets) {
      if (segmentTouchesCircle(shot.x, shot.y, dx, dy, t.x, t.y, hitRadius)) return false;
    }
    shot.x += dx;
    shot.y += dy;
    shot.ageMs += ms;
    return shot.ageMs < (shot.rail ? this.railLifetimeMs : this.lifetimeMs);
  }

  /**
   * Lets elapsedMs of display time pass. targets: other players as drawn ({x, y}); a local projectile that
   * touches one (within hitRadius of its centre) is gone, as the server will find it hit.
   */
  update(elapsedMs, targets = [], hitRadius = 0) {
    if (!(elapsedMs > 0)) return;
    this.shots = this.shots.filter((s) => this.advance(s, elapsedMs, targets, hitRadius));
  }

  /** The server has applied every input up to ackSeq: its snapshots show those shots now. */
  onAck(ackSeq) {
    if (this.shots.length && this.shots[0].seq <= ackSeq) this.shots = this.shots.filter((s) => s.seq > ackSeq);
  }

  /** The local projectiles to draw: [{x, y, angle, flags}] (flags: FLAGS.RAIL for a rail slug). */
  get local() {
    return this.shots.map(({ x, y, angle, rail }) => ({
      x, y, angle, flags: FLAGS.ALIVE | (rail ? FLAGS.RAIL : 0), local: true,
    }));
  }

  /**
   * The server's projectiles of owner among entities (a snapshot's, at the acknowledged input) moved aheadMs
   * forward along their heading; one that would meet a wall or leave the map by then is left out.
   */
  fromServer(entities, owner, aheadMs) {
    const ms = Math.max(0, Math.min(this.maxAheadMs, aheadMs));
    const out = [];
    for (const e of entities) {
      if (e.kind !== KINDS.PROJECTILE || e.owner !== owner) continue;
      const speed = (e.flags & FLAGS.RAIL) ? this.railSpeed : this.speed;
      const dx = Math.cos(e.angle) * speed * ms / 1000;
      const dy = Math.sin(e.angle) * speed * ms / 1000;
      if (blocked(e.x, e.y, dx, dy, this.map, this.radius, this.area)) continue;
      out.push({ ...e, x: e.x + dx, y: e.y + dy });
    }
    return out;
  }
}
