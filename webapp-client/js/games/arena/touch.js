/**
 * Touch controls for phones and tablets: a move stick (a touch that starts in the left half of the canvas) and
 * an aim-and-fire stick (right half), each floating where the thumb comes down. The mapping functions and the
 * TouchSticks state machine are pure, so that they are tested without a page; TouchControls wires them to the
 * canvas and draws both sticks as DOM overlays while they are held.
 */

import { BUTTONS } from './protocol.js';

export const STICK_RADIUS = 56; // px: how far the knob travels; a longer drag pulls the stick's base along
export const MOVE_DEAD_ZONE = 14; // px of drag before the move stick steers
export const AIM_DEAD_ZONE = 18; // px of drag before the aim stick aims and fires
export const TAP_MAX_MS = 300; // an aim touch this short that never left its dead zone is a tap: one shot
export const TAP_FIRE_MS = 33; // a tap holds FIRE at least this long (two 60 Hz input steps) ...
export const TAP_FIRE_READS = 2; // ... and for at least this many input steps (buttons() reads)

const { UP, DOWN, LEFT, RIGHT, FIRE } = BUTTONS;
// the eight 45-degree sectors, clockwise from straight right (screen y grows downwards, like the world's)
const SECTOR_BUTTONS = Object.freeze([RIGHT, RIGHT | DOWN, DOWN, DOWN | LEFT, LEFT, LEFT | UP, UP, UP | RIGHT]);

/** Movement button bits of a stick offset (px; 8 directions), 0 within the dead zone. */
export function stickButtons(dx, dy, deadZonePx) {
  if (!(Math.hypot(dx, dy) > deadZonePx)) return 0; // also 0 for NaN
  const sector = Math.round(Math.atan2(dy, dx) / (Math.PI / 4)); // -4 .. 4
  return SECTOR_BUTTONS[(sector + 8) % 8];
}

/** Aim angle of a stick offset in radians (as Math.atan2(dy, dx) on screen), null within the dead zone. */
export function stickAim(dx, dy, deadZonePx) {
  return Math.hypot(dx, dy) > deadZonePx ? Math.atan2(dy, dx) : null;
}

/**
 * Both sticks' state, fed with touch data ({identifier, clientX, clientY}) and the surface's client rectangle
 * ({left, width}); times are performance.now() milliseconds. One touch per stick, further touches are ignored.
 */
export class TouchSticks {
  constructor({
    radius = STICK_RADIUS, moveDeadZone = MOVE_DEAD_ZONE, aimDeadZone = AIM_DEAD_ZONE,
    tapMaxMs = TAP_MAX_MS, tapFireMs = TAP_FIRE_MS, tapFireReads = TAP_FIRE_READS,
  } = {}) {
    Object.assign(this, { radius, moveDeadZone, aimDeadZone, tapMaxMs, tapFireMs, tapFireReads });
    this.move = null; // {id, ox, oy, x, y}: the held move stick (base at ox, oy; finger at x, y)
    this.aimStick = null; // {id, ox, oy, x, y, at, dragged}: the held aim stick; dragged once out of its dead zone
    this.tap = null; // {until, reads}: FIRE held for a tap's shot
  }

  /** A new touch: takes the free stick of its half; returns 'move', 'aim' or null (ignored). */
  start(touch, rect, now) {
    const { identifier: id, clientX: x, clientY: y } = touch;
    const stick = { id, ox: x, oy: y, x, y };
    if (x - rect.left < rect.width / 2) {
      if (this.move) return null;
      this.move = stick;
      return 'move';
    }
    if (this.aimStick) return null;
    this.aimStick = { ...stick, at: now, dragged: false };
    return 'aim';
  }

  /** A touch moved; returns whether it drives a stick. */
  moveTo(touch) {
    const stick = this.stickOf(touch.identifier);
    if (!stick) return false;
    stick.x = touch.clientX;
    stick.y = touch.clientY;
    const dx = stick.x - stick.ox;
    const dy = stick.y - stick.oy;
    const d = Math.hypot(dx, dy);
    if (d > this.radius) { // the base follows the finger, so that turning back steers at once
      stick.ox = stick.x - (dx * this.radius) / d;
      stick.oy = stick.y - (dy * this.radius) / d;
    }
    if (stick === this.aimStick && d > this.aimDeadZone) stick.dragged = true;
    return true;
  }

  /** A touch lifted (cancelled: no tap); a short aim touch that stayed in its dead zone fires once. */
  end(touch, now, cancelled = false) {
    const id = touch.identifier;
    if (this.move && this.move.id === id) {
      this.move = null;
      return true;
    }
    const a = this.aimStick;
    if (!a || a.id !== id) return false;
    this.aimStick = null;
    if (!cancelled && !a.dragged && now - a.at <= this.tapMaxMs) this.tap = { until: now + this.tapFireMs, reads: 0 };
    return true;
  }

  stickOf(id) {
    if (this.move && this.move.id === id) return this.move;
    if (this.aimStick && this.aimStick.id === id) return this.aimStick;
    return null;
  }

  /** Lets go of everything (a lost focus, a suspended or detached control). */
  clear() {
    this.move = null;
    this.aimStick = null;
    this.tap = null;
  }

  /** Whether a stick is held or a tap's shot is still going. */
  get active() {
    return Boolean(this.move || this.aimStick || this.tap);
  }

  /** Button bits now; each call is one input step for a tap's shot (which ends after enough steps and time). */
  buttons(now) {
    let b = 0;
    if (this.move) b |= stickButtons(this.move.x - this.move.ox, this.move.y - this.move.oy, this.moveDeadZone);
    if (this.aim() !== null) b |= FIRE;
    if (this.tap && this.tap.reads >= this.tapFireReads && now >= this.tap.until) this.tap = null;
    if (this.tap) {
      b |= FIRE;
      this.tap.reads += 1;
    }
    return b;
  }

  /** The aim stick's angle in radians while it is dragged out of its dead zone, else null. */
  aim() {
    const a = this.aimStick;
    return a ? stickAim(a.x - a.ox, a.y - a.oy, this.aimDeadZone) : null;
  }
}

/**
 * The sticks on a surface (the canvas): touch events with preventDefault (no scrolling, zooming or emulated
 * mouse events), and an overlay of a base ring and a knob per stick, shown while that stick is held.
 */
export class TouchControls {
  /**
   * @param {HTMLElement} surface takes the touches; the overlays go into its parent element
   * @param {object} [o]
   * @param {() => void} [o.onUse] called on each touch that starts on the surface
   */
  constructor(surface, { onUse = null } = {}) {
    this.surface = surface;
    this.onUse = onUse;
    this.sticks = new TouchSticks();
    this.used = false; // a touch has started on the surface
    this.overlay = null; // {move, aim}: {base, knob} elements, made on the first touch
    const listener = (fn) => (e) => {
      e.preventDefault();
      fn(e, performance.now());
      this.draw();
    };
    this.handlers = {
      touchstart: listener((e, now) => {
        this.used = true;
        this.onUse?.();
        const rect = this.surface.getBoundingClientRect();
        for (const t of e.changedTouches) this.sticks.start(t, rect, now);
      }),
      touchmove: listener((e) => {
        for (const t of e.changedTouches) this.sticks.moveTo(t);
      }),
      touchend: listener((e, now) => {
        for (const t of e.changedTouches) this.sticks.end(t, now);
      }),
      touchcancel: listener((e, now) => {
        for (const t of e.changedTouches) this.sticks.end(t, now, true);
      }),
    };
  }

  attach() {
    for (const [type, fn] of Object.entries(this.handlers)) this.surface.addEventListener(type, fn, { passive: false });
  }

  detach() {
    for (const [type, fn] of Object.entries(this.handlers)) this.surface.removeEventListener(type, fn, { passive: false });
    this.clear();
  }

  clear() {
    this.sticks.clear();
    this.draw();
  }

  /** Button bits of the sticks now (one input step; see TouchSticks.buttons). */
  buttons(now = performance.now()) {
    return this.sticks.buttons(now);
  }

  /** The aim stick's angle in radians, or null while it is not dragged. */
  aim() {
    return this.sticks.aim();
  }

  /** Shows each held stick at its base with the knob at the finger (clamped to the ring); hides the others. */
  draw() {
    if (!this.overlay) {
      if (!this.used) return;
      this.overlay = { move: this.makeStick('touch-move'), aim: this.makeStick('touch-aim') };
    }
    const { move, aimStick } = this.sticks;
    this.place(this.overlay.move, move);
    this.place(this.overlay.aim, aimStick);
  }

  makeStick(kind) {
    const doc = this.surface.ownerDocument;
    const base = doc.createElement('div');
    base.className = `touch-stick ${kind}`;
    base.hidden = true;
    base.setAttribute('aria-hidden', 'true');
    const knob = doc.createElement('div');
    knob.className = 'touch-knob';
    base.append(knob);
    this.surface.parentElement.append(base);
    return { base, knob };
  }

  place({ base, knob }, stick) {
    base.hidden = !stick;
    if (!stick) return;
    base.style.transform = `translate(${stick.ox}px, ${stick.oy}px)`;
    knob.style.transform = `translate(${stick.x - stick.ox}px, ${stick.y - stick.oy}px)`;
  }
}
