/**
 * Touch controls for phones and tablets: a move stick (a touch that starts in the left half of the canvas) and
 * an aim-and-fire stick (right half), each floating where the thumb comes down. The sticks, the surface's touch
 * events and the overlays are the SDK's (engine/touch.js); this file says what they mean in the arena: the move
 * stick's eight directions are movement buttons, the dragged aim stick aims and holds FIRE, a tap on it is one shot;
 * while the aim stick is held, a tap of another finger on the right half fires the rail (ALT_FIRE) along the aim.
 */

import { Stick, StickOverlay, TouchSurface, sector, sideOf, stickAngle } from '../../engine/touch.js';
import { BUTTONS } from './protocol.js';

export const STICK_RADIUS = 56; // px: how far the knob travels; a longer drag pulls the stick's base along
export const MOVE_DEAD_ZONE = 14; // px of drag before the move stick steers
export const AIM_DEAD_ZONE = 18; // px of drag before the aim stick aims and fires
export const TAP_MAX_MS = 300; // an aim touch this short that never left its dead zone is a tap: one shot
export const TAP_FIRE_MS = 33; // a tap holds FIRE at least this long (two 60 Hz input steps) ...
export const TAP_FIRE_READS = 2; // ... and for at least this many input steps (buttons() reads)

const { UP, DOWN, LEFT, RIGHT, FIRE, ALT_FIRE } = BUTTONS;
// the eight 45-degree sectors, clockwise from straight right (screen y grows downwards, like the world's)
const SECTOR_BUTTONS = Object.freeze([RIGHT, RIGHT | DOWN, DOWN, DOWN | LEFT, LEFT, LEFT | UP, UP, UP | RIGHT]);

/** Movement button bits of a stick offset (px; 8 directions), 0 within the dead zone. */
export function stickButtons(dx, dy, deadZonePx) {
  const s = sector(dx, dy, deadZonePx, 8);
  return s < 0 ? 0 : SECTOR_BUTTONS[s];
}

/** Aim angle of a stick offset in radians (as Math.atan2(dy, dx) on screen), null within the dead zone. */
export const stickAim = stickAngle;

/**
 * Both sticks' state, fed with touch data ({identifier, clientX, clientY}) and the surface's client rectangle
 * ({left, width}); times are performance.now() milliseconds. One touch per stick, further touches are ignored.
 */
export class TouchSticks {
  constructor({
    radius = STICK_RADIUS, moveDeadZone = MOVE_DEAD_ZONE, aimDeadZone = AIM_DEAD_ZONE,
    tapMaxMs = TAP_MAX_MS, tapFireMs = TAP_FIRE_MS, tapFireReads = TAP_FIRE_READS,
  } = {}) {
    Object.assign(this, { tapFireMs, tapFireReads });
    this.left = new Stick({ radius, deadZone: moveDeadZone, tapMaxMs });
    this.right = new Stick({ radius, deadZone: aimDeadZone, tapMaxMs });
    this.tap = null; // {until, reads}: FIRE held for a tap's shot
    this.railTap = null; // {until, reads}: ALT_FIRE held for a second finger's rail shot
  }

  /** The held move stick {id, ox, oy, x, y, ...} (base at ox, oy; finger at x, y), or null. */
  get move() {
    return this.left.held;
  }

  /** The held aim stick, or null. */
  get aimStick() {
    return this.right.held;
  }

  /** A new touch: takes the free stick of its half; returns 'move', 'aim' or null (ignored). */
  start(touch, rect, now) {
    if (sideOf(touch.clientX, rect) < 0) return this.left.start(touch, now) ? 'move' : null;
    if (this.right.held && !this.railTap) {
      this.railTap = { until: now + this.tapFireMs, reads: 0 }; // a second finger while aiming: the rail
      return 'rail';
    }
    return this.right.start(touch, now) ? 'aim' : null;
  }

  /** A touch moved; returns whether it drives a stick. */
  moveTo(touch) {
    return this.left.move(touch) || this.right.move(touch);
  }

  /** A touch lifted (cancelled: no tap); a short aim touch that stayed in its dead zone fires once. */
  end(touch, now, cancelled = false) {
    if (this.left.end(touch, now, cancelled)) return true;
    const how = this.right.end(touch, now, cancelled);
    if (how === 'tap') this.tap = { until: now + this.tapFireMs, reads: 0 };
    return Boolean(how);
  }

  /** Lets go of everything (a lost focus, a suspended or detached control). */
  clear() {
    this.left.clear();
    this.right.clear();
    this.tap = null;
    this.railTap = null;
  }

  /** Whether a stick is held or a tap's shot is still going. */
  get active() {
    return Boolean(this.move || this.aimStick || this.tap || this.railTap);
  }

  /** Button bits now; each call is one input step for a tap's shot (which ends after enough steps and time). */
  buttons(now) {
    const s = this.left.sector(8);
    let b = s < 0 ? 0 : SECTOR_BUTTONS[s];
    if (this.aim() !== null) b |= FIRE;
    if (this.tap && this.tap.reads >= this.tapFireReads && now >= this.tap.until) this.tap = null;
    if (this.tap) {
      b |= FIRE;
      this.tap.reads += 1;
    }
    if (this.railTap && this.railTap.reads >= this.tapFireReads && now >= this.railTap.until) this.railTap = null;
    if (this.railTap) {
      b |= ALT_FIRE;
      this.railTap.reads += 1;
    }
    return b;
  }

  /** The aim stick's angle in radians while it is dragged out of its dead zone, else null. */
  aim() {
    return this.right.angle();
  }
}

/**
 * The sticks on a surface (the canvas): the SDK's TouchSurface (touch events with preventDefault), and an
 * overlay of a base ring and a knob per stick, shown while that stick is held.
 */
export class TouchControls {
  /**
   * @param {HTMLElement} surface takes the touches; the overlays go into its parent element
   * @param {object} [o]
   * @param {() => void} [o.onUse] called on each touch that starts on the surface
   */
  constructor(surface, { onUse = null } = {}) {
    this.surface = surface;
    this.sticks = new TouchSticks();
    this.overlay = null; // {move, aim}: StickOverlays, made on the first touch
    this.input = new TouchSurface(surface, {
      use: () => onUse?.(),
      start: (t, now, rect) => this.sticks.start(t, rect, now),
      move: (t) => this.sticks.moveTo(t),
      end: (t, now, cancelled) => this.sticks.end(t, now, cancelled),
      change: () => this.draw(),
    });
  }

  /** Whether a touch has started on the surface (touch input is in use). */
  get used() {
    return this.input.used;
  }

  attach() {
    this.input.attach();
  }

  detach() {
    this.input.detach();
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
      const s = this.surface;
      this.overlay = { move: new StickOverlay(s, 'touch-move'), aim: new StickOverlay(s, 'touch-aim') };
    }
    this.overlay.move.place(this.sticks.move);
    this.overlay.aim.place(this.sticks.aimStick);
  }
}
