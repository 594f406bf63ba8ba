/**
 * Client-side prediction and reconciliation for any game's own entity: the inputs sent and not yet acknowledged
 * are kept in a bounded ring; each one moves the prediction at once with the game's step function, and each
 * server state (the entity as the server has it after every input up to the acknowledged sequence number) replaces
 * the prediction, with the unacknowledged inputs replayed on top of it. The visible jump of a correction is carried
 * by a render offset that decays exponentially. No game knowledge and no DOM: the game supplies its step function
 * and says which numeric fields of its state are drawn.
 */

/**
 * A fixed-capacity ring of pending inputs {seq, input, dt}, oldest first. When it is full, push() drops the oldest
 * entry and counts it in `dropped`. Sequence numbers are expected to go up (the engine's u32 input numbers).
 */
export class InputRing {
  /** @param {number} capacity entries kept (at least 1) */
  constructor(capacity) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.items = new Array(this.capacity);
    this.head = 0; // index of the oldest entry
    this.length = 0;
    this.dropped = 0; // entries pushed out unacknowledged because the ring was full
  }

  /** Appends an entry; returns the entry it dropped to make room (the oldest), or null. */
  push(entry) {
    let out = null;
    if (this.length === this.capacity) {
      out = this.items[this.head];
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.length--;
      this.dropped++;
    }
    this.items[(this.head + this.length) % this.capacity] = entry;
    this.length++;
    return out;
  }

  /** The i-th entry, 0 the oldest (undefined outside 0 .. length - 1). */
  at(i) {
    return i >= 0 && i < this.length ? this.items[(this.head + i) % this.capacity] : undefined;
  }

  /** Drops the entries from the oldest up to and including sequence number seq; returns how many. */
  dropThrough(seq) {
    let n = 0;
    while (this.length > 0 && this.items[this.head].seq <= seq) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.length--;
      n++;
    }
    return n;
  }

  clear() {
    this.items.fill(undefined);
    this.head = 0;
    this.length = 0;
  }

  *[Symbol.iterator]() {
    for (let i = 0; i < this.length; i++) yield this.items[(this.head + i) % this.capacity];
  }

  /** The entries as an array, oldest first (a copy). */
  toArray() {
    return [...this];
  }
}

/** Every own numeric field of a state: the default drawn fields. */
function numericFields(state) {
  return Object.keys(state).filter((k) => typeof state[k] === 'number');
}

/** A shallow copy: enough for a flat state of numbers (the default clone). */
function shallowCopy(state) {
  return Array.isArray(state) ? state.slice() : { ...state };
}

/**
 * Predicts one entity (the own player) and reconciles it with the server.
 *
 * The step function: `step(state, input, dt) => state`, one input step of dt seconds. It is given a state this
 * object owns (its own `state`, or its copy of a server state; never the object passed to reset or reconcile), so
 * it may update it in place and return it (the arena's movement step does) or return a new state; either way its
 * return value is the next state. It must be deterministic: the same state and input give the same result, or
 * replays will not agree with the prediction.
 *
 * The drawn fields (`fields`, default every numeric field of the first state) are the numbers the correction
 * offset, the error distance and display interpolation work on (e.g. ['x', 'y'] of a state {x, y, vx, vy}).
 */
export class Prediction {
  /**
   * @param {object} o
   * @param {(state: object, input: any, dt: number) => object} o.step the game's input step (see above)
   * @param {object} o.state the initial state (copied)
   * @param {number} [o.dt=1/60] the step length in seconds passed to step when apply() is given none
   * @param {number} [o.maxPending=120] unacknowledged inputs kept; when full the oldest is dropped and counted
   *   in `dropped` (a later reconciliation then replays only the inputs kept)
   * @param {string[]} [o.fields] the drawn numeric fields (default: every numeric field of o.state)
   * @param {(a: object, b: object) => number} [o.distance] distance of two objects of the drawn fields (default
   *   Euclidean); it measures corrections and the offset (as distance(offset, zero))
   * @param {(a: object, b: object, t: number) => object} [o.blend] interpolates two objects of the drawn fields,
   *   t in [0, 1] (default linear per field)
   * @param {number} [o.smoothingMs=100] a correction is ~95% gone after this long (time constant smoothingMs/3);
   *   0 shows corrections at once
   * @param {number} [o.snapDistance=Infinity] corrections (or offsets) longer than this are shown at once
   * @param {number} [o.noise=0] corrections up to this distance are not counted in `corrections` (wire rounding)
   * @param {number} [o.epsilon=1e-3] an offset field smaller than this (absolute) becomes 0 in update()
   * @param {(state: object) => object} [o.clone] copies a state (default shallow copy)
   */
  constructor({
    step, state, dt = 1 / 60, maxPending = 120, fields = null, distance = null, blend = null, smoothingMs = 100,
    snapDistance = Infinity, noise = 0, epsilon = 1e-3, clone = shallowCopy,
  }) {
    if (typeof step !== 'function') throw new TypeError('Prediction needs a step function');
    this.step = step;
    this.clone = clone;
    this.dt = dt;
    this.fields = Object.freeze([...(fields ?? numericFields(state))]);
    this.distance = distance ?? ((a, b) => this.euclidean(a, b));
    this.blend = blend ?? ((a, b, t) => this.lerp(a, b, t));
    this.tauMs = smoothingMs / 3;
    this.snapDistance = snapDistance;
    this.noise = noise;
    this.epsilon = epsilon;
    this.ring = new InputRing(maxPending);
    this.state = clone(state);
    this.prev = this.view(this.state); // drawn fields before the last local step, for display interpolation
    this.offset = this.zero(); // visual correction, added to the drawn fields
    this.active = true; // false while the server does not move the entity (dead, results): inputs are kept, not applied
    this.lastAck = 0; // the newest acknowledged sequence number reconciled with
    this.corrections = 0; // reconciliations that moved the prediction by more than `noise`
    this.lastError = 0; // the distance the last reconciliation moved the prediction
  }

  /** The unacknowledged inputs [{seq, input, dt}], oldest first (a copy). */
  get pending() {
    return this.ring.toArray();
  }

  /** Inputs dropped unacknowledged because more than maxPending were pending. */
  get dropped() {
    return this.ring.dropped;
  }

  /** Places the entity without smoothing (first snapshot, respawn) and forgets the correction; pending inputs stay. */
  reset(state) {
    this.state = this.clone(state);
    this.prev = this.view(this.state);
    this.offset = this.zero();
  }

  /**
   * Records an input just sent under sequence number seq and, while active, moves the prediction one step with it.
   * Returns the input entry dropped to stay within maxPending, or null.
   */
  apply(seq, input, dt = this.dt) {
    const out = this.ring.push({ seq, input, dt });
    this.prev = this.view(this.state);
    if (this.active) this.state = this.step(this.state, input, dt);
    return out;
  }

  /**
   * Reconciles with the server: serverState is the entity after every input up to ackSeq. Inputs up to ackSeq are
   * dropped; the prediction becomes a copy of serverState with the inputs still pending replayed (only while active:
   * options.active tells whether the server will move the entity with them; it defaults to the current value and
   * is kept). An ackSeq older than one already reconciled with changes nothing but `active` and returns 0.
   * What is drawn does not jump: the correction goes into the offset (unless it is longer than snapDistance).
   * Returns the distance between the drawn fields of the prediction before and after.
   */
  reconcile(ackSeq, serverState, { active = this.active } = {}) {
    this.active = active;
    if (ackSeq < this.lastAck) return 0;
    this.lastAck = ackSeq;
    this.ring.dropThrough(ackSeq);
    const before = this.view(this.state);
    let s = this.clone(serverState);
    if (active) for (const p of this.ring) s = this.step(s, p.input, p.dt);
    this.state = s;
    const after = this.view(s);
    const error = this.distance(before, after);
    this.lastError = error;
    if (error > this.noise) this.corrections++;
    // keep what is on screen where it was: shift the display by the correction and let it decay
    for (const f of this.fields) {
      const d = after[f] - before[f];
      this.prev[f] += d;
      this.offset[f] -= d;
    }
    if (!(this.tauMs > 0) || error > this.snapDistance || this.distance(this.offset, this.zero()) > this.snapDistance) {
      this.offset = this.zero();
      this.prev = after;
    }
    return error;
  }

  /** Lets elapsedMs of display time pass: the correction offset decays towards zero. */
  update(elapsedMs) {
    if (!(elapsedMs > 0) || !(this.tauMs > 0)) return;
    const k = Math.exp(-elapsedMs / this.tauMs);
    for (const f of this.fields) {
      this.offset[f] *= k;
      if (Math.abs(this.offset[f]) < this.epsilon) this.offset[f] = 0;
    }
  }

  /**
   * What to draw: the drawn fields blended between the last two local steps (alpha = fraction of the next step
   * elapsed, clamped to [0, 1]; 1 = the latest step) plus the decaying correction offset.
   */
  display(alpha = 1) {
    const t = Math.min(1, Math.max(0, alpha));
    const v = this.blend(this.prev, this.view(this.state), t);
    for (const f of this.fields) v[f] += this.offset[f];
    return v;
  }

  /** The drawn fields of a state, as a new object. */
  view(state) {
    const v = {};
    for (const f of this.fields) v[f] = state[f];
    return v;
  }

  /** Every drawn field 0. */
  zero() {
    const v = {};
    for (const f of this.fields) v[f] = 0;
    return v;
  }

  /** The default distance: Euclidean over the drawn fields. */
  euclidean(a, b) {
    let sum = 0;
    for (const f of this.fields) {
      const d = b[f] - a[f];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** The default blend: linear per drawn field. */
  lerp(a, b, t) {
    const v = {};
    for (const f of this.fields) v[f] = a[f] + (b[f] - a[f]) * t;
    return v;
  }
}
