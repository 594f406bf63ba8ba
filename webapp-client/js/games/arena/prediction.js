/** Own-player prediction: local movement steps, server reconciliation with input replay, smoothed corrections. */

import { fullArea, stepMovement } from './movement.js';

/**
 * Snapshots carry positions and velocities in 1/16 units, so two reconciliations that both agree with the
 * server can still differ by up to about 2 * sqrt(2) / 32 units; only larger moves count as corrections.
 */
const QUANTIZATION_NOISE = 0.125;

/**
 * Predicts the own player with the server's movement rule.
 *
 * Every input sent is applied locally at once (applyLocal) and kept until the server acknowledges it.
 * A server state (onServerState) replaces the prediction: acknowledged inputs are dropped, the state is reset
 * to the server's and the unacknowledged inputs are replayed. The visible jump is carried by a correction
 * offset that decays exponentially (small errors) or is dropped (errors over snapDistance: teleports, respawns).
 */
export class Predictor {
  /**
   * @param {object} o
   * @param {object} o.rules {simRateHz, accel, maxSpeed, friction, playerRadius}
   * @param {object} o.map {width, height, walls: [{x, y, w, h}]}
   * @param {number} [o.maxPending=120] unacknowledged inputs kept (oldest dropped first)
   * @param {number} [o.snapDistance=100] corrections longer than this are shown at once
   * @param {number} [o.smoothingMs=100] a correction is ~95% gone after this long (time constant smoothingMs/3)
   */
  constructor({ rules, map, maxPending = 120, snapDistance = 100, smoothingMs = 100 }) {
    this.rules = rules;
    this.map = map;
    this.area = fullArea(map); // the play area of the last snapshot (setArea)
    this.maxPending = maxPending;
    this.snapDistance = snapDistance;
    this.tauMs = smoothingMs / 3;
    this.pending = []; // [{seq, buttons}] oldest first, not yet acknowledged
    this.state = { x: 0, y: 0, vx: 0, vy: 0 };
    this.prev = { x: 0, y: 0 }; // position before the last local step, for display interpolation
    this.offset = { x: 0, y: 0 }; // visual correction, added to the displayed position
    this.active = true; // false while the server does not move us (dead, results)
    this.lastAck = 0;
    this.corrections = 0; // reconciliations that moved the prediction by more than wire quantization explains
    this.lastError = 0;
  }

  /** The play area {left, top, right, bottom} the server confines the player to, from the last snapshot. */
  setArea(area) {
    this.area = area;
  }

  /** Places the player without smoothing (first snapshot, respawn) and forgets the correction. */
  reset(x, y, vx = 0, vy = 0) {
    this.state = { x, y, vx, vy };
    this.prev = { x, y };
    this.offset = { x: 0, y: 0 };
  }

  /** Records an input just sent ({seq, buttons}) and, while active, moves the prediction one step with it. */
  applyLocal(input) {
    this.pending.push({ seq: input.seq, buttons: input.buttons });
    if (this.pending.length > this.maxPending) this.pending.splice(0, this.pending.length - this.maxPending);
    this.prev = { x: this.state.x, y: this.state.y };
    if (this.active) stepMovement(this.state, input.buttons, this.rules, this.map, this.area);
  }

  /**
   * Reconciles with the server: state (x, y, vx, vy) is the result of every input up to ackSeq.
   * options.active tells whether the server will move the player with the inputs still pending
   * (alive and the match not over); it defaults to the current value and is kept.
   * Returns the distance between the prediction before and after.
   */
  onServerState(ackSeq, x, y, vx, vy, { active = this.active } = {}) {
    this.active = active;
    if (ackSeq < this.lastAck) return 0; // older than what we already reconciled with
    this.lastAck = ackSeq;
    let drop = 0;
    while (drop < this.pending.length && this.pending[drop].seq <= ackSeq) drop++;
    if (drop > 0) this.pending.splice(0, drop);
    const before = { x: this.state.x, y: this.state.y };
    const body = { x, y, vx, vy };
    if (active) {
      for (const input of this.pending) stepMovement(body, input.buttons, this.rules, this.map, this.area);
    }
    this.state = body;
    const dx = body.x - before.x;
    const dy = body.y - before.y;
    const error = Math.sqrt(dx * dx + dy * dy);
    this.lastError = error;
    if (error > QUANTIZATION_NOISE) this.corrections++;
    // keep what is on screen where it was: shift the display by the correction and let it decay
    this.prev = { x: this.prev.x + dx, y: this.prev.y + dy };
    this.offset = { x: this.offset.x - dx, y: this.offset.y - dy };
    const off = Math.sqrt(this.offset.x * this.offset.x + this.offset.y * this.offset.y);
    if (error > this.snapDistance || off > this.snapDistance) {
      this.offset = { x: 0, y: 0 };
      this.prev = { x: body.x, y: body.y };
    }
    return error;
  }

  /** Lets elapsedMs of display time pass: the correction offset decays towards zero. */
  update(elapsedMs) {
    if (!(elapsedMs > 0)) return;
    const k = Math.exp(-elapsedMs / this.tauMs);
    this.offset.x *= k;
    this.offset.y *= k;
    if (Math.abs(this.offset.x) < 1e-3) this.offset.x = 0;
    if (Math.abs(this.offset.y) < 1e-3) this.offset.y = 0;
  }

  /** The predicted position (no smoothing): where the server will put us once it has our inputs. */
  get position() {
    return { x: this.state.x, y: this.state.y };
  }

  /**
   * Where to draw the player: between the last two local steps (alpha = fraction of the next step elapsed,
   * 1 = latest step) plus the decaying correction offset.
   */
  displayPosition(alpha = 1) {
    const t = Math.min(1, Math.max(0, alpha));
    return {
      x: this.prev.x + (this.state.x - this.prev.x) * t + this.offset.x,
      y: this.prev.y + (this.state.y - this.prev.y) * t + this.offset.y,
    };
  }
}
