/**
 * The page's own keys and presses, beside the game's controls (input.js) and the game chat's (gamechat.js):
 * Leave takes two presses of the button or Esc, a press on the room code copies it, and any press, key or
 * return to the tab wakes the lobby connection.
 */

import { TwoStep } from './confirm.js';

/** The second press of Leave (or Esc) must come within this. */
export const LEAVE_CONFIRM_MS = 3000;

/**
 * Leave takes two presses (the button or Esc) within confirmMs: a stray click where you aim does not leave. The
 * first press arms the button ('Confirm leave', class armed), which disarms by itself after confirmMs.
 * @param {object} o
 * @param {HTMLElement} o.button the Leave button
 * @param {EventTarget} o.win gets the Esc keydown listener
 * @param {() => boolean} o.inGame whether the game screen is up with a game
 * @param {() => void} o.onLeave leaves the game (the second press)
 * @param {number} [o.confirmMs]
 */
export function installLeave({ button, win, inGame, onLeave, confirmMs = LEAVE_CONFIRM_MS }) {
  const step = new TwoStep(confirmMs);
  let timer = null;
  const disarm = () => {
    step.reset();
    clearTimeout(timer);
    button.textContent = 'Leave';
    button.classList.remove('armed');
  };
  const press = () => {
    if (step.press(performance.now()) === 'confirmed') {
      disarm();
      onLeave();
      return;
    }
    button.textContent = 'Confirm leave'; // short: it must fit one line on a phone
    button.classList.add('armed');
    clearTimeout(timer);
    timer = setTimeout(disarm, confirmMs);
  };
  button.addEventListener('click', press);
  win.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.code !== 'Escape' || !inGame()) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return; // Esc in the chat closes the chat
    e.preventDefault();
    press();
  });
  button.addEventListener('mousedown', (e) => e.stopPropagation());
}

/** A press on the room code copies it (where the page may write the clipboard; else the code is selectable). */
export function installRoomCodeCopy(el, getCode, nav = globalThis.navigator) {
  el.addEventListener('click', () => {
    const code = getCode();
    if (code) nav?.clipboard?.writeText(code).catch(() => { /* not allowed here: the code is selectable */ });
  });
}

/** Any press or key (seen first, in the capture phase) and every return to the tab call wake(). */
export function installWake(win, doc, wake) {
  for (const type of ['pointerdown', 'keydown']) win.addEventListener(type, () => wake(), { capture: true });
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') wake();
  });
}
