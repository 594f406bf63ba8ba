/** In-game chat overlay: Enter opens the input (game keys suspended), Enter sends, Escape cancels, errors inline. */

import { validateChat } from './chat.js';
import { setText } from './dom.js';

const ERROR_MS = 4000;

export class GameChat {
  /**
   * @param {object} o
   * @param {object} o.els {root, form, input, error}
   * @param {HTMLElement} o.canvas a press on it closes the input
   * @param {() => boolean} o.isActive whether the game screen is up
   * @param {(typing: boolean) => void} o.onTyping suspend / resume the game controls
   * @param {(text: string) => Promise<unknown>} o.send posts to the room channel
   */
  constructor({ els, canvas, isActive, onTyping, send }) {
    Object.assign(this, { els, canvas, isActive, onTyping, send });
    this.typing = false;
    this.sending = false;
    this.errorTimer = 0;
    els.input.addEventListener('keydown', (e) => this.onInputKey(e));
    els.input.addEventListener('blur', () => {
      if (this.typing && !this.sending) this.close();
    });
    els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    canvas.addEventListener('mousedown', () => {
      if (this.typing) this.close();
    });
    window.addEventListener('keydown', (e) => this.onWindowKey(e));
  }

  onWindowKey(e) {
    if (this.typing || e.key !== 'Enter' || e.repeat || !this.isActive()) return;
    const t = e.target;
    if (t && t !== this.els.input && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (t && t.tagName === 'BUTTON') return; // Enter on the Leave button clicks it
    e.preventDefault();
    this.open();
  }

  onInputKey(e) {
    e.stopPropagation(); // typing is not playing
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.submit();
    }
  }

  open() {
    if (this.typing) return;
    this.typing = true;
    this.onTyping(true);
    this.els.root.classList.add('typing');
    this.els.form.hidden = false;
    this.els.input.value = '';
    this.els.input.focus();
  }

  close() {
    if (!this.typing) return;
    this.typing = false;
    this.sending = false;
    this.els.root.classList.remove('typing');
    this.els.form.hidden = true;
    this.els.input.value = '';
    if (document.activeElement === this.els.input) this.els.input.blur();
    this.onTyping(false);
  }

  async submit() {
    if (this.sending) return;
    const v = validateChat(this.els.input.value);
    if (!v.ok) {
      if (this.els.input.value.trim() === '') this.close(); // Enter on an empty line just closes
      else this.showError(v.error);
      return;
    }
    this.sending = true;
    try {
      await this.send(v.text);
      this.sending = false;
      this.close();
    } catch (err) {
      this.sending = false;
      this.showError(err.message);
      if (this.typing) this.els.input.focus();
    }
  }

  showError(text) {
    clearTimeout(this.errorTimer);
    setText(this.els.error, text);
    this.els.error.hidden = !text;
    if (text) this.errorTimer = setTimeout(() => { this.els.error.hidden = true; }, ERROR_MS);
  }

  /** Back to closed and empty (leaving the game). */
  reset() {
    this.close();
    this.showError('');
  }
}
