/**
 * Touch helpers for any game: a floating virtual stick (Stick, pure) and its DOM overlay (StickOverlay), a touch
 * surface that feeds touch events to such state machines (TouchSurface), a swipe and tap recogniser (Gestures,
 * pure) and its pointer-event binding (GestureSurface), an on-screen button (TouchButton), and the geometry they
 * share (sideOf, sector, stickAngle). A "pointer" below is a Touch, a PointerEvent or a stand-in with the same
 * fields: identifier (or pointerId), clientX and clientY (CSS pixels). Times are performance.now() milliseconds.
 * What a stick, a side, a tap or a swipe means (move, fire, turn) is the game's.
 */

/** The pointer's id: a Touch's identifier or a PointerEvent's pointerId. */
export function pointerIdOf(p) {
  return p.identifier ?? p.pointerId;
}

/** Which half of a rectangle ({left, width}: the surface's client rectangle) client x is in: -1 left, 1 right. */
export function sideOf(x, rect) {
  return x - rect.left < rect.width / 2 ? -1 : 1;
}

/**
 * The direction of an offset (dx, dy; screen y grows downwards) as one of n equal sectors, numbered clockwise from
 * straight right: with n = 4, 0 right, 1 down, 2 left, 3 up; with n = 8, 0 right, 1 down-right, 2 down, ... 7
 * up-right. A direction exactly between two sectors goes to the next one clockwise. -1 within deadZone (its edge
 * included) and for NaN.
 */
export function sector(dx, dy, deadZone = 0, n = 8) {
  if (!(Math.hypot(dx, dy) > deadZone)) return -1;
  const s = Math.round(Math.atan2(dy, dx) / ((2 * Math.PI) / n));
  return (s + n) % n;
}

/** The angle of an offset in radians (as Math.atan2(dy, dx) on screen), null within deadZone. */
export function stickAngle(dx, dy, deadZone = 0) {
  return Math.hypot(dx, dy) > deadZone ? Math.atan2(dy, dx) : null;
}

/**
 * One floating virtual stick: its base is where the finger came down, the knob is the finger. A drag longer than
 * radius pulls the base along (so that turning back steers at once). One pointer at a time: start() with another
 * pointer while one is held is refused, and moves and ends of other pointers are not the stick's.
 * A touch that ends within tapMaxMs, not cancelled and never dragged out of the dead zone, is a tap.
 */
export class Stick {
  /**
   * @param {object} [o]
   * @param {number} [o.radius=56] px the knob travels from the base
   * @param {number} [o.deadZone=14] px of drag before the stick has a direction
   * @param {number} [o.tapMaxMs=300] longest touch that is a tap
   */
  constructor({ radius = 56, deadZone = 14, tapMaxMs = 300 } = {}) {
    Object.assign(this, { radius, deadZone, tapMaxMs });
    this.held = null; // {id, ox, oy, x, y, at, dragged}: base at ox, oy; finger at x, y; dragged past the dead zone
  }

  /** A pointer came down: the stick takes it unless one is held. Returns whether it took it. */
  start(p, now) {
    if (this.held) return false;
    const x = p.clientX;
    const y = p.clientY;
    this.held = { id: pointerIdOf(p), ox: x, oy: y, x, y, at: now, dragged: false };
    return true;
  }

  /** Whether the stick is held by this pointer. */
  owns(p) {
    return this.held !== null && this.held.id === pointerIdOf(p);
  }

  /** A pointer moved; returns whether it is the stick's. */
  move(p) {
    if (!this.owns(p)) return false;
    const h = this.held;
    h.x = p.clientX;
    h.y = p.clientY;
    const dx = h.x - h.ox;
    const dy = h.y - h.oy;
    const d = Math.hypot(dx, dy);
    if (d > this.radius) {
      h.ox = h.x - (dx * this.radius) / d;
      h.oy = h.y - (dy * this.radius) / d;
    }
    if (d > this.deadZone) h.dragged = true;
    return true;
  }

  /**
   * A pointer lifted (cancelled: the browser took it; never a tap). Returns false when it is not the stick's, else
   * 'tap' or 'release'; either way the stick is free again.
   */
  end(p, now, cancelled = false) {
    if (!this.owns(p)) return false;
    const h = this.held;
    this.held = null;
    return !cancelled && !h.dragged && now - h.at <= this.tapMaxMs ? 'tap' : 'release';
  }

  /** Lets go (no tap). */
  clear() {
    this.held = null;
  }

  /** The finger's offset from the base {dx, dy} in px, null while not held. */
  offset() {
    return this.held ? { dx: this.held.x - this.held.ox, dy: this.held.y - this.held.oy } : null;
  }

  /** The stick's deflection {x, y}, each in [-1, 1] (offset / radius); {0, 0} within the dead zone or not held. */
  vector() {
    const o = this.offset();
    if (!o || !(Math.hypot(o.dx, o.dy) > this.deadZone)) return { x: 0, y: 0 };
    return { x: o.dx / this.radius, y: o.dy / this.radius };
  }

  /** The direction as one of n sectors (see sector()), -1 within the dead zone or not held. */
  sector(n = 8) {
    const o = this.offset();
    return o ? sector(o.dx, o.dy, this.deadZone, n) : -1;
  }

  /** The direction in radians (see stickAngle()), null within the dead zone or not held. */
  angle() {
    const o = this.offset();
    return o ? stickAngle(o.dx, o.dy, this.deadZone) : null;
  }
}

/**
 * A stick drawn over the surface: a base ring with a knob (elements of class `touch-stick KIND` and `touch-knob`,
 * styled by the page's style sheet), appended to the surface's parent, shown only while the stick is held.
 */
export class StickOverlay {
  /**
   * @param {HTMLElement} surface the overlay goes into its parent element
   * @param {string} kind an extra class for the base (e.g. 'touch-move', 'touch-aim')
   */
  constructor(surface, kind = '') {
    const doc = surface.ownerDocument;
    this.base = doc.createElement('div');
    this.base.className = kind ? `touch-stick ${kind}` : 'touch-stick';
    this.base.hidden = true;
    this.base.setAttribute('aria-hidden', 'true');
    this.knob = doc.createElement('div');
    this.knob.className = 'touch-knob';
    this.base.append(this.knob);
    surface.parentElement.append(this.base);
  }

  /** Shows a held stick ({ox, oy, x, y}: Stick.held) at its base with the knob at the finger; hides it for null. */
  place(held) {
    this.base.hidden = !held;
    if (!held) return;
    this.base.style.transform = `translate(${held.ox}px, ${held.oy}px)`;
    this.knob.style.transform = `translate(${held.x - held.ox}px, ${held.y - held.oy}px)`;
  }

  remove() {
    this.base.remove?.();
  }
}

/**
 * Touch events of a surface (the canvas), fed to a game's handlers one changed touch at a time. The listeners are
 * not passive and prevent the default (no scrolling, zooming or emulated mouse events).
 */
export class TouchSurface {
  /**
   * @param {HTMLElement} surface
   * @param {object} h
   * @param {(touch: Touch, now: number, rect: DOMRect) => void} [h.start] a touch came down (rect: the surface's
   *   client rectangle, read once per event)
   * @param {(touch: Touch, now: number) => void} [h.move]
   * @param {(touch: Touch, now: number, cancelled: boolean) => void} [h.end] lifted, or cancelled by the browser
   * @param {() => void} [h.use] called on each touchstart, before start (touch input is in use)
   * @param {() => void} [h.change] called after every touch event, once its touches are handled (redraw, send)
   */
  constructor(surface, { start = null, move = null, end = null, use = null, change = null } = {}) {
    this.surface = surface;
    this.used = false; // a touch has started on the surface
    const listener = (fn) => (e) => {
      e.preventDefault();
      const now = performance.now();
      fn(e, now);
      change?.();
    };
    this.handlers = {
      touchstart: listener((e, now) => {
        this.used = true;
        use?.();
        const rect = surface.getBoundingClientRect();
        for (const t of e.changedTouches) start?.(t, now, rect);
      }),
      touchmove: listener((e, now) => {
        for (const t of e.changedTouches) move?.(t, now);
      }),
      touchend: listener((e, now) => {
        for (const t of e.changedTouches) end?.(t, now, false);
      }),
      touchcancel: listener((e, now) => {
        for (const t of e.changedTouches) end?.(t, now, true);
      }),
    };
  }

  attach() {
    const s = this.surface;
    for (const [type, fn] of Object.entries(this.handlers)) s.addEventListener(type, fn, { passive: false });
  }

  detach() {
    const s = this.surface;
    for (const [type, fn] of Object.entries(this.handlers)) s.removeEventListener(type, fn, { passive: false });
  }
}

/**
 * Recognises taps and swipes, one per pointer (several pointers at once are told apart by their ids): a pointer
 * that comes up within tapMaxMs and tapSlopPx of where it came down is a tap; one that came up at least swipeMinPx
 * away (any time) is a swipe in one of four directions (0 right, 1 down, 2 left, 3 up; sector() with n = 4).
 * Anything between is nothing.
 */
export class Gestures {
  /**
   * @param {object} [o]
   * @param {number} [o.swipeMinPx=30] shortest swipe
   * @param {number} [o.tapSlopPx=10] a tap may move this far
   * @param {number} [o.tapMaxMs=300] longest tap
   */
  constructor({ swipeMinPx = 30, tapSlopPx = 10, tapMaxMs = 300 } = {}) {
    Object.assign(this, { swipeMinPx, tapSlopPx, tapMaxMs });
    this.down = new Map(); // pointer id -> {x, y, at}
  }

  /** A pointer came down. */
  start(p, now) {
    this.down.set(pointerIdOf(p), { x: p.clientX, y: p.clientY, at: now });
  }

  /**
   * A pointer came up: {type: 'tap', x, y}, {type: 'swipe', direction, dx, dy, x, y} (x, y where it came down) or
   * null (too short for a swipe, too long for a tap, or a pointer that never came down here).
   */
  end(p, now) {
    const id = pointerIdOf(p);
    const d = this.down.get(id);
    if (!d) return null;
    this.down.delete(id);
    const dx = p.clientX - d.x;
    const dy = p.clientY - d.y;
    const dist = Math.hypot(dx, dy);
    if (dist >= this.swipeMinPx) return { type: 'swipe', direction: sector(dx, dy, 0, 4), dx, dy, x: d.x, y: d.y };
    if (dist <= this.tapSlopPx && now - d.at <= this.tapMaxMs) return { type: 'tap', x: d.x, y: d.y };
    return null;
  }

  /** A pointer the browser took over (pointercancel): forgotten. */
  cancel(p) {
    this.down.delete(pointerIdOf(p));
  }

  clear() {
    this.down.clear();
  }
}

/**
 * Pointer events of an element fed to a Gestures recogniser: press(event) as soon as a pointer comes down (before
 * it is known to be a tap or a swipe: the quickest answer), then tap(result, event) or swipe(result, event) when it
 * comes up. Mouse pointers are ignored unless o.mouse. It does not prevent defaults: give the element
 * `touch-action: none` in the style sheet so that the browser does not scroll or zoom instead.
 */
export class GestureSurface {
  /**
   * @param {HTMLElement} element
   * @param {object} o
   * @param {(e: PointerEvent) => void} [o.press]
   * @param {(g: {type, x, y}, e: PointerEvent) => void} [o.tap]
   * @param {(g: {type, direction, dx, dy, x, y}, e: PointerEvent) => void} [o.swipe]
   * @param {boolean} [o.mouse=false] whether mouse pointers count
   * @param {object} [o.gestures] options of the Gestures recogniser (swipeMinPx, tapSlopPx, tapMaxMs)
   */
  constructor(element, { press = null, tap = null, swipe = null, mouse = false, gestures = {} } = {}) {
    this.element = element;
    this.gestures = new Gestures(gestures);
    const counts = (e) => mouse || e.pointerType !== 'mouse';
    this.handlers = {
      pointerdown: (e) => {
        if (!counts(e)) return;
        this.gestures.start(e, performance.now());
        press?.(e);
      },
      pointerup: (e) => {
        if (!counts(e)) return;
        const g = this.gestures.end(e, performance.now());
        if (g?.type === 'tap') tap?.(g, e);
        else if (g?.type === 'swipe') swipe?.(g, e);
      },
      pointercancel: (e) => this.gestures.cancel(e),
    };
  }

  attach() {
    for (const [type, fn] of Object.entries(this.handlers)) this.element.addEventListener?.(type, fn);
  }

  detach() {
    for (const [type, fn] of Object.entries(this.handlers)) this.element.removeEventListener?.(type, fn);
    this.gestures.clear();
  }
}

/**
 * An on-screen button (a DOM element): held while at least one pointer presses it (several fingers are counted by
 * pointer id); down() when the first comes down, up() when the last one lifts or is cancelled. The pointer is
 * captured, so a finger that slides off still lifts here.
 */
export class TouchButton {
  /**
   * @param {HTMLElement} element
   * @param {object} [o]
   * @param {() => void} [o.down]
   * @param {() => void} [o.up]
   */
  constructor(element, { down = null, up = null } = {}) {
    this.element = element;
    this.pointers = new Set();
    this.onDown = down;
    this.onUp = up;
    const release = (e) => this.release(e.pointerId);
    this.handlers = {
      pointerdown: (e) => {
        e.preventDefault();
        element.setPointerCapture?.(e.pointerId);
        this.pointers.add(e.pointerId);
        if (this.pointers.size === 1) this.onDown?.();
      },
      pointerup: release,
      pointercancel: release,
      lostpointercapture: release,
    };
  }

  /** Whether a pointer presses the button. */
  get held() {
    return this.pointers.size > 0;
  }

  release(id) {
    if (this.pointers.delete(id) && this.pointers.size === 0) this.onUp?.();
  }

  /** Lets go of every pointer (up() once if it was held). */
  clear() {
    const was = this.held;
    this.pointers.clear();
    if (was) this.onUp?.();
  }

  attach() {
    for (const [type, fn] of Object.entries(this.handlers)) this.element.addEventListener(type, fn);
  }

  detach() {
    for (const [type, fn] of Object.entries(this.handlers)) this.element.removeEventListener(type, fn);
    this.clear();
  }
}
