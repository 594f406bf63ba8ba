/**
 * Game sounds made with the Web Audio API at play time (no audio files): short oscillator and noise envelopes
 * for a shot, a rail shot, a hit taken, a hit given, a kill, the countdown's seconds, "go", a respawn and a pickup. The AudioContext is
 * created on the first sound after a user gesture (browsers refuse sound before one); muted is remembered.
 * `played` counts the sounds started and `counts` them by name (the debug state shows both).
 */

/** Each sound: oscillator type, start and end frequency (Hz), length (s), peak gain, and a noise burst or not. */
export const SOUNDS = Object.freeze({
  shot: { type: 'square', from: 880, to: 220, length: 0.07, gain: 0.05, noise: true },
  hurt: { type: 'sawtooth', from: 180, to: 90, length: 0.16, gain: 0.09, noise: false },
  hit: { type: 'triangle', from: 1200, to: 1500, length: 0.06, gain: 0.06, noise: false },
  kill: { type: 'triangle', from: 520, to: 1040, length: 0.22, gain: 0.08, noise: false },
  tick: { type: 'sine', from: 660, to: 660, length: 0.09, gain: 0.07, noise: false },
  go: { type: 'sine', from: 990, to: 990, length: 0.25, gain: 0.08, noise: false },
  respawn: { type: 'sine', from: 330, to: 660, length: 0.2, gain: 0.06, noise: false },
  rail: { type: 'sawtooth', from: 1600, to: 120, length: 0.18, gain: 0.06, noise: true },
  pickup: { type: 'sine', from: 700, to: 1400, length: 0.15, gain: 0.07, noise: false },
});

export class Sound {
  /**
   * @param {object} o
   * @param {function} [o.createContext] makes the AudioContext (tests pass a fake)
   * @param {object} [o.store] {get(), set(muted)}: the remembered mute choice
   */
  constructor({ createContext = defaultContext, store = null } = {}) {
    this.createContext = createContext;
    this.store = store;
    this.muted = store ? store.get() : false;
    this.ctx = null;
    this.played = 0;
    this.counts = {}; // sounds started, by name
  }

  /** Mute or unmute (key M); the choice is remembered. Returns the new state. */
  toggleMute() {
    this.muted = !this.muted;
    this.store?.set(this.muted);
    return this.muted;
  }

  /** Plays a sound of SOUNDS by name; nothing when muted or when the browser has no Web Audio. */
  play(name) {
    const spec = SOUNDS[name];
    if (!spec || this.muted) return false;
    if (!this.ctx) {
      try {
        this.ctx = this.createContext();
      } catch {
        this.ctx = null;
      }
      if (!this.ctx) return false;
    }
    const ctx = this.ctx;
    if (ctx.state === 'suspended' && typeof ctx.resume === 'function') ctx.resume().catch(() => {});
    const t = ctx.currentTime;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(spec.gain, t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + spec.length);
    gain.connect(ctx.destination);
    const osc = ctx.createOscillator();
    osc.type = spec.type;
    osc.frequency.setValueAtTime(spec.from, t);
    osc.frequency.exponentialRampToValueAtTime(spec.to, t + spec.length);
    osc.connect(gain);
    osc.start(t);
    osc.stop(t + spec.length);
    if (spec.noise) {
      const frames = Math.max(1, Math.floor(ctx.sampleRate * spec.length));
      const buffer = ctx.createBuffer(1, frames, ctx.sampleRate);
      const data = buffer.getChannelData(0);
      let seed = 12345;
      for (let i = 0; i < frames; i++) { // a fixed pseudo-random burst: the same shot sound every time
        seed = (seed * 1103515245 + 12345) >>> 0;
        data[i] = ((seed / 4294967296) * 2 - 1) * (1 - i / frames);
      }
      const src = ctx.createBufferSource();
      src.buffer = buffer;
      src.connect(gain);
      src.start(t);
    }
    this.played++;
    this.counts[name] = (this.counts[name] ?? 0) + 1;
    return true;
  }
}

function defaultContext() {
  const Ctx = globalThis.AudioContext || globalThis.webkitAudioContext;
  return Ctx ? new Ctx() : null;
}
