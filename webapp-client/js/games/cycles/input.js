/**
 * A rider's controls: the arrow keys or WASD name a direction (turned into left and right turns from where the
 * cycle heads, counting the turns not yet taken), Q and E (or , and .) turn left and right, Tab shows the scores,
 * and on a touch screen a finger coming down on the left half of the track turns left, on the right half right (at
 * once, on the SDK's GestureSurface press: no waiting to tell a tap from a swipe).
 */

import { GestureSurface, sideOf } from '../../engine/touch.js';

const DIRECTION_KEYS = Object.freeze({
  ArrowRight: 0, KeyD: 0, ArrowDown: 1, KeyS: 1, ArrowLeft: 2, KeyA: 2, ArrowUp: 3, KeyW: 3,
});
const TURN_KEYS = Object.freeze({ KeyQ: -1, Comma: -1, KeyE: 1, Period: 1 });

/** The turns (-1 left, +1 right) that take a cycle heading `dir` to `want`: none, one, or two for a U-turn. */
export function turnsTo(dir, want) {
  const d = (want - dir + 4) % 4;
  if (d === 0) return [];
  if (d === 1) return [1];
  if (d === 3) return [-1];
  return [1, 1];
}

export class CyclesControls {
  /**
   * @param {HTMLElement} surface the canvas (touch)
   * @param {object} o
   * @param {(turns: number[]) => void} o.onTurns turns to send now
   * @param {() => number|null} o.heading where the own cycle will head after the turns already asked (null: not riding)
   * @param {(on: boolean) => void} [o.onScores] Tab held or released
   * @param {(code: string) => void} [o.onAction] other keys (N, I, M; a spectator's next and previous)
   */
  constructor(surface, { onTurns, heading, onScores = () => {}, onAction = () => {} }) {
    Object.assign(this, { surface, onTurns, heading, onScores, onAction });
    this.suspended = false;
    this.keydown = (e) => this.key(e, true);
    this.keyup = (e) => this.key(e, false);
    this.touch = new GestureSurface(surface, { press: (e) => this.tap(e) }); // touch and pen, not the mouse
  }

  attach() {
    window.addEventListener('keydown', this.keydown);
    window.addEventListener('keyup', this.keyup);
    this.touch.attach();
  }

  detach() {
    window.removeEventListener('keydown', this.keydown);
    window.removeEventListener('keyup', this.keyup);
    this.touch.detach();
  }

  /** Nothing is held between streams. */
  clear() {
    this.onScores(false);
  }

  /** While the player types in the chat, keys are the chat's. */
  setSuspended(on) {
    this.suspended = Boolean(on);
  }

  key(e, down) {
    if (this.suspended) return;
    if (e.code === 'Tab') {
      e.preventDefault?.();
      this.onScores(down);
      return;
    }
    if (!down || e.repeat) return;
    if (e.code in DIRECTION_KEYS) {
      e.preventDefault?.();
      const dir = this.heading();
      if (dir !== null) {
        const turns = turnsTo(dir, DIRECTION_KEYS[e.code]);
        if (turns.length) this.onTurns(turns);
      }
    } else if (e.code in TURN_KEYS) {
      this.onTurns([TURN_KEYS[e.code]]);
    } else {
      this.onAction(e.code);
    }
  }

  /** A finger came down: left half -1, right half +1. */
  tap(e) {
    if (this.suspended) return;
    this.onTurns([sideOf(e.clientX, this.surface.getBoundingClientRect())]);
  }
}
