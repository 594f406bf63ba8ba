/**
 * A two-step action (Leave): the first press arms it for a few seconds, a second press within that time
 * confirms. Pure state, driven by the caller's clock, so that the rule is tested without a page.
 */
export class TwoStep {
  constructor(windowMs = 3000) {
    this.windowMs = windowMs;
    this.armedUntil = -Infinity;
  }

  /** A press at time now (ms): 'confirmed' when armed, else 'armed' (and armed until now + windowMs). */
  press(now) {
    if (now < this.armedUntil) {
      this.armedUntil = -Infinity;
      return 'confirmed';
    }
    this.armedUntil = now + this.windowMs;
    return 'armed';
  }

  /** Whether a press now would confirm. */
  armed(now) {
    return now < this.armedUntil;
  }

  reset() {
    this.armedUntil = -Infinity;
  }
}
