/**
 * Keyboard, mouse and touch state for the game screen: movement/fire buttons, mouse position, touch aim,
 * scoreboard key, and one-shot key actions (debug toggles).
 */

import { BUTTONS } from './protocol.js';
import { TouchControls } from './touch.js';

const KEY_BUTTONS = Object.freeze({
  KeyW: BUTTONS.UP, ArrowUp: BUTTONS.UP,
  KeyS: BUTTONS.DOWN, ArrowDown: BUTTONS.DOWN,
  KeyA: BUTTONS.LEFT, ArrowLeft: BUTTONS.LEFT,
  KeyD: BUTTONS.RIGHT, ArrowRight: BUTTONS.RIGHT,
  Space: BUTTONS.FIRE,
  KeyE: BUTTONS.ALT_FIRE, ShiftLeft: BUTTONS.ALT_FIRE, ShiftRight: BUTTONS.ALT_FIRE,
});

/** Tracks held controls while attached; buttons() gives the INPUT button bits. */
export class Controls {
  constructor(surface) {
    this.surface = surface; // element that takes mouse presses (the canvas)
    this.keys = new Set();
    this.mouseDown = false;
    this.mouseAlt = false;
    this.pressed = 0; // the right button: the rail
    this.pressed = 0; // the buttons of presses not read yet: a click shorter than an input step still fires
    this.mouse = null; // {x, y} in CSS pixels of the viewport, null until the mouse moves
    this.scoreboard = false;
    this.suspended = false; // true while the player types (chat): no game keys at all
    this.actions = new Map(); // KeyboardEvent.code -> function run once per press
    // the touch sticks on the same surface; a touch forgets the mouse position, so that a tap fires toward the
    // last stick aim rather than where the mouse was
    this.touch = new TouchControls(surface, { onUse: () => { this.mouse = null; } });
    this.handlers = {
      keydown: (e) => this.onKey(e, true),
      keyup: (e) => this.onKey(e, false),
      mousemove: (e) => { this.mouse = { x: e.clientX, y: e.clientY }; },
      mousedown: (e) => {
        if (e.button !== 0 && e.button !== 2) return;
        this.mouse = { x: e.clientX, y: e.clientY };
        if (e.button === 0) this.mouseDown = true;
        else this.mouseAlt = true;
        this.pressed |= e.button === 0 ? BUTTONS.FIRE : BUTTONS.ALT_FIRE;
        e.preventDefault();
      },
      mouseup: (e) => {
        if (e.button === 0) this.mouseDown = false;
        else if (e.button === 2) this.mouseAlt = false;
      },
      blur: () => this.clear(),
      contextmenu: (e) => e.preventDefault(),
    };
  }

  attach() {
    const h = this.handlers;
    window.addEventListener('keydown', h.keydown);
    window.addEventListener('keyup', h.keyup);
    window.addEventListener('mousemove', h.mousemove);
    window.addEventListener('mouseup', h.mouseup);
    window.addEventListener('blur', h.blur);
    this.surface.addEventListener('mousedown', h.mousedown);
    this.surface.addEventListener('contextmenu', h.contextmenu);
    this.touch.attach();
  }

  detach() {
    const h = this.handlers;
    window.removeEventListener('keydown', h.keydown);
    window.removeEventListener('keyup', h.keyup);
    window.removeEventListener('mousemove', h.mousemove);
    window.removeEventListener('mouseup', h.mouseup);
    window.removeEventListener('blur', h.blur);
    this.surface.removeEventListener('mousedown', h.mousedown);
    this.surface.removeEventListener('contextmenu', h.contextmenu);
    this.touch.detach();
    this.clear();
  }

  clear() {
    this.keys.clear();
    this.mouseDown = false;
    this.mouseAlt = false;
    this.scoreboard = false;
    this.touch.clear();
  }

  /** Whether a touch has started on the surface (touch input is in use). */
  get touchUsed() {
    return this.touch.used;
  }

  /** Runs fn once each time the key with this code is pressed (no repeats, not with Ctrl/Alt/Meta). */
  onAction(code, fn) {
    this.actions.set(code, fn);
  }

  /** Suspends (typing in chat) or resumes the controls; either way nothing stays held. */
  setSuspended(on) {
    this.suspended = Boolean(on);
    this.clear();
  }

  onKey(e, down) {
    if (this.suspended) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (e.code === 'Tab') {
      this.scoreboard = down;
      e.preventDefault();
      return;
    }
    const action = this.actions.get(e.code);
    if (action && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      if (down && !e.repeat) action();
      return;
    }
    if (!(e.code in KEY_BUTTONS)) return;
    e.preventDefault(); // no page scrolling with arrows or space
    if (down) this.keys.add(e.code);
    else this.keys.delete(e.code);
  }

  /** Button bits of everything held now, and of a click since the last call (one input step reads it once). */
  buttons() {
    if (this.suspended) return 0;
    let b = (this.mouseDown ? BUTTONS.FIRE : 0) | (this.mouseAlt ? BUTTONS.ALT_FIRE : 0) | this.pressed;
    this.pressed = 0;
    for (const code of this.keys) b |= KEY_BUTTONS[code];
    return b | this.touch.buttons();
  }

  /** The touch aim in radians while the aim stick is dragged, else null (the mouse aims). */
  aimAngle() {
    return this.suspended ? null : this.touch.aim();
  }
}
