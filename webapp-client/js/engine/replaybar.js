/**
 * The controls of a replay stream (docs/replays.md), for any game: the state the server's REPLAY frames say
 * (position, length, speed, paused, at the end), and the REPLAY_CONTROL frames that change it: play or pause, a
 * speed of 0.5x to 4x, and a place to go to. ReplayState is plain (tested in node); ReplayBar binds it to the
 * page's #hud-replay elements and keys.
 */

import { encodeReplayControl, REPLAY } from './wire.js';

/** The speeds offered, in quarters. */
export const SPEEDS = Object.freeze([2, 4, 8, 16]);
/** Seconds a key press (or the buttons) moves back or forward. */
export const SEEK_STEP_SECONDS = 5;

/** "m:ss" of a number of ticks at a rate. */
export function formatTicks(ticks, rateHz) {
  const s = rateHz > 0 ? Math.max(0, Math.floor(ticks / rateHz)) : 0;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** What the server says of a replay stream, and the controls that change it. */
export class ReplayState {
  constructor() {
    this.known = false; // a REPLAY frame has come
    this.paused = false;
    this.atEnd = false;
    this.excerpt = false;
    this.speedQuarters = 4;
    this.tickRateHz = 60;
    this.position = 0;
    this.length = 0;
  }

  /** A REPLAY frame. */
  update(f) {
    this.known = true;
    this.paused = (f.flags & REPLAY.PAUSED) !== 0;
    this.atEnd = (f.flags & REPLAY.AT_END) !== 0;
    this.excerpt = (f.flags & REPLAY.EXCERPT) !== 0;
    this.speedQuarters = f.speedQuarters;
    this.tickRateHz = f.tickRateHz;
    this.position = f.position;
    this.length = f.length;
  }

  /** The frame that plays or pauses (at the end, play starts over). */
  togglePause() {
    if (this.atEnd) { // play again from the start
      this.paused = false;
      return this.seekTo(0);
    }
    this.paused = !this.paused;
    return encodeReplayControl({ paused: this.paused, speedQuarters: this.speedQuarters });
  }

  /** The frame that sets a speed (quarters, clamped to 0.5x..4x). */
  setSpeed(quarters) {
    this.speedQuarters = Math.min(REPLAY.MAX_SPEED_QUARTERS, Math.max(REPLAY.MIN_SPEED_QUARTERS, Math.round(quarters)));
    return encodeReplayControl({ paused: this.paused, speedQuarters: this.speedQuarters });
  }

  /** The next offered speed up (+1) or down (-1). */
  stepSpeed(direction) {
    const i = SPEEDS.indexOf(this.speedQuarters);
    const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 1 : i) + direction))];
    return this.setSpeed(next);
  }

  /** The frame that goes to a position (ticks from the start, clamped to the replay). */
  seekTo(ticks) {
    this.position = Math.min(this.length, Math.max(0, Math.round(ticks)));
    this.atEnd = false;
    return encodeReplayControl({ paused: this.paused, speedQuarters: this.speedQuarters, seek: this.position });
  }

  /** The frame that moves by a number of seconds (negative: back). */
  seekBy(seconds) {
    return this.seekTo(this.position + seconds * this.tickRateHz);
  }

  /** The frame that goes one tick back (-1) or forward (+1), paused: a bug report or a desync, tick by tick. */
  stepTick(direction) {
    this.paused = true;
    return this.seekTo(this.position + direction);
  }

  /** "1:23 / 5:00". */
  timeText() {
    return `${formatTicks(this.position, this.tickRateHz)} / ${formatTicks(this.length, this.tickRateHz)}`;
  }
}

const KEYS = Object.freeze({
  Space: (s) => s.togglePause(), KeyK: (s) => s.togglePause(),
  KeyJ: (s) => s.seekBy(-SEEK_STEP_SECONDS), KeyL: (s) => s.seekBy(SEEK_STEP_SECONDS),
  Comma: (s) => s.stepSpeed(-1), Period: (s) => s.stepSpeed(1),
  BracketLeft: (s) => s.stepTick(-1), BracketRight: (s) => s.stepTick(1),
});

/**
 * The replay bar of the game screen: #hud-replay with #replay-play, #replay-seek (a range input), #replay-time,
 * the speed buttons (data-speed, in quarters) and #replay-download. send(bytes) puts a frame on the stream.
 * Keys: Space or K play/pause, J and L back and forward 5 s, comma and period slower and faster, [ and ] one tick
 * back and forward (paused).
 */
export class ReplayBar {
  constructor(doc, { send, downloadHref = null }) {
    this.doc = doc;
    this.send = send;
    this.state = new ReplayState();
    this.root = doc.getElementById('hud-replay');
    this.play = doc.getElementById('replay-play');
    this.seek = doc.getElementById('replay-seek');
    this.time = doc.getElementById('replay-time');
    this.download = doc.getElementById('replay-download');
    this.speeds = [...this.root.querySelectorAll('[data-speed]')];
    this.dragging = false;
    this.handlers = {
      play: (e) => this.act((s) => s.togglePause(), e),
      speed: (e) => this.act((s) => s.setSpeed(Number(e.currentTarget.dataset.speed)), e),
      input: () => { this.dragging = true; this.time.textContent = `${formatTicks(Number(this.seek.value), this.state.tickRateHz)} / ${formatTicks(this.state.length, this.state.tickRateHz)}`; },
      change: (e) => { this.dragging = false; this.act((s) => s.seekTo(Number(this.seek.value)), e); },
      key: (e) => {
        const k = KEYS[e.code];
        if (!k || e.target?.tagName === 'INPUT' && e.target !== this.seek) return;
        e.preventDefault();
        this.act(k);
      },
    };
    this.play.addEventListener('click', this.handlers.play);
    for (const b of this.speeds) b.addEventListener('click', this.handlers.speed);
    this.seek.addEventListener('input', this.handlers.input);
    this.seek.addEventListener('change', this.handlers.change);
    doc.addEventListener('keydown', this.handlers.key);
    if (downloadHref) this.download.href = downloadHref;
    this.download.hidden = !downloadHref;
    this.root.hidden = false;
    doc.body.dataset.replay = '1';
    this.render();
  }

  act(fn, e = null) {
    this.send(fn(this.state));
    this.render();
    e?.currentTarget?.blur?.(); // the keys (Space, Esc) go to the page, not to a button clicked before
  }

  /** A REPLAY frame from the server. */
  update(frame) {
    this.state.update(frame);
    this.render();
  }

  render() {
    const s = this.state;
    this.play.textContent = s.paused || s.atEnd ? '▶' : '❚❚';
    this.play.setAttribute('aria-label', s.paused || s.atEnd ? 'Play' : 'Pause');
    this.seek.max = String(s.length);
    if (!this.dragging) {
      this.seek.value = String(s.position);
      this.time.textContent = s.timeText();
    }
    for (const b of this.speeds) b.classList.toggle('active', Number(b.dataset.speed) === s.speedQuarters);
    this.root.dataset.paused = s.paused ? '1' : '0';
    this.root.dataset.end = s.atEnd ? '1' : '0';
  }

  /** Takes the bar off the screen and its keys off the page. */
  detach() {
    this.play.removeEventListener('click', this.handlers.play);
    for (const b of this.speeds) b.removeEventListener('click', this.handlers.speed);
    this.seek.removeEventListener('input', this.handlers.input);
    this.seek.removeEventListener('change', this.handlers.change);
    this.doc.removeEventListener('keydown', this.handlers.key);
    this.root.hidden = true;
    delete this.doc.body.dataset.replay;
  }
}
