/** Own-player prediction: the SDK's Prediction (engine/prediction.js) with the arena's movement step and state. */

import { Prediction } from '../../engine/prediction.js';
import { fullArea, stepMovement } from './movement.js';

/**
 * Snapshots carry positions and velocities in 1/16 units, so two reconciliations that both agree with the
 * server can still differ by up to about 2 * sqrt(2) / 32 units; only larger moves count as corrections.
 */
const QUANTIZATION_NOISE = 0.125;

/**
 * Predicts the own player {x, y, vx, vy} with the server's movement rule (stepMovement, in place) inside the
 * play area of the last snapshot. applyLocal and onServerState are the SDK's apply and reconcile in the arena's
 * terms; the correction offset and display interpolation work on x and y, and corrections over snapDistance
 * (teleports, respawns) are shown at once.
 */
export class Predictor extends Prediction {
  /**
   * @param {object} o
   * @param {object} o.rules {simRateHz, accel, maxSpeed, friction, playerRadius}
   * @param {object} o.map {width, height, walls: [{x, y, w, h}]}
   * @param {number} [o.maxPending=120] unacknowledged inputs kept (oldest dropped first)
   * @param {number} [o.snapDistance=100] corrections longer than this are shown at once
   * @param {number} [o.smoothingMs=100] a correction is ~95% gone after this long (time constant smoothingMs/3)
   */
  constructor({ rules, map, maxPending = 120, snapDistance = 100, smoothingMs = 100 }) {
    super({
      // called only after construction, when this.rules, this.map and this.area are set
      step: (body, buttons) => stepMovement(body, buttons, this.rules, this.map, this.area),
      state: { x: 0, y: 0, vx: 0, vy: 0 },
      fields: ['x', 'y'],
      dt: 1 / rules.simRateHz,
      maxPending, snapDistance, smoothingMs, noise: QUANTIZATION_NOISE,
    });
    this.rules = rules;
    this.map = map;
    this.area = fullArea(map); // the play area of the last snapshot (setArea)
  }

  /** The play area {left, top, right, bottom} the server confines the player to, from the last snapshot. */
  setArea(area) {
    this.area = area;
  }

  /** Places the player without smoothing (first snapshot, respawn) and forgets the correction. */
  reset(x, y, vx = 0, vy = 0) {
    super.reset({ x, y, vx, vy });
  }

  /** Records an input just sent ({seq, buttons}) and, while active, moves the prediction one step with it. */
  applyLocal(input) {
    this.apply(input.seq, input.buttons);
  }

  /**
   * Reconciles with the server: state (x, y, vx, vy) is the result of every input up to ackSeq; options.active
   * tells whether the server moves the player with the inputs still pending (alive, the match not over).
   * Returns the distance between the prediction before and after.
   */
  onServerState(ackSeq, x, y, vx, vy, options = {}) {
    return this.reconcile(ackSeq, { x, y, vx, vy }, options);
  }

  /** The predicted position (no smoothing): where the server will put us once it has our inputs. */
  get position() {
    return { x: this.state.x, y: this.state.y };
  }

  /** Where to draw the player (see Prediction.display): interpolated local steps plus the decaying correction. */
  displayPosition(alpha = 1) {
    return this.display(alpha);
  }
}
