/** Small pure helpers for the HUD: per-second rate meters, clock formatting, scoreboard order. */

/** Counts amounts and reports them per second, over windows of windowMs. */
export class RateMeter {
  constructor(windowMs = 1000) {
    this.windowMs = windowMs;
    this.start = null;
    this.sum = 0;
    this.value = 0;
  }

  /** Adds amount at nowMs (ms clock); closes the window when it is over. */
  add(amount, nowMs) {
    this.tick(nowMs);
    this.sum += amount;
  }

  /** Closes the current window if it is over; returns the last full window's rate per second. */
  tick(nowMs) {
    if (this.start === null) this.start = nowMs;
    const elapsed = nowMs - this.start;
    if (elapsed >= this.windowMs) {
      this.value = this.sum * 1000 / elapsed;
      this.sum = 0;
      this.start = nowMs;
    }
    return this.value;
  }
}

/** Seconds as m:ss (rounded up, so the clock shows 0:00 only at the end). */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Roster players sorted for the scoreboard: kills descending, deaths ascending, then name and id. */
export function sortRoster(players) {
  return [...players].sort((a, b) => b.kills - a.kills || a.deaths - b.deaths
    || a.name.localeCompare(b.name) || a.id - b.id);
}
