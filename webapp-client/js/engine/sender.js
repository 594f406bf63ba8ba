/**
 * A client's side of holding (protocol 9, docs/protocol.md "Sending on change"): one input per tick in, a RUNS
 * frame out when the input changes and as a keep-alive, so that the server reads a frame when something happens
 * rather than one per tick or two. The twin of dev.skirmish.engine.spi.wire.InputSender (the bots); both are
 * checked against src/test/resources/protocol/sender.json.
 *
 * Each tick's input (the game's bytes) joins the newest unsent run when the game's sameRun(runFirstInput, input)
 * says it continues it, or starts a new run; a new run that does not continue the run before it (sent or not) is
 * a change. The unsent runs go out with this tick when the game calls the tick urgent (a button pressed or
 * released, a shot), when the oldest unsent change is changeDelayTicks old, when the unsent ticks reach
 * keepAliveTicks, or when the frame is full (MAX_RUNS_PER_FRAME runs, as many as fit in MAX_CLIENT_BINARY_BYTES,
 * or MAX_TICKS_PER_FRAME ticks). The first tick after reset() (a new stream) is urgent. After a frame the next
 * tick starts a new run.
 */

import { LIMITS, encodeRunsFrame } from './wire.js';

/** The time between two frames of a player whose input does not change. */
export const KEEP_ALIVE_MS = 250;

/** KEEP_ALIVE_MS in ticks of a game of rateHz (at least one). */
export function keepAliveTicks(rateHz) {
  return Math.max(1, Math.min(LIMITS.MAX_TICKS_PER_FRAME, Math.floor(rateHz * KEEP_ALIVE_MS / 1000)));
}

/** Runs one frame may carry for inputs of inputBytes. */
export function maxRuns(inputBytes) {
  const fit = Math.floor((LIMITS.MAX_CLIENT_BINARY_BYTES - LIMITS.RUNS_HEADER_BYTES) / (1 + inputBytes));
  return Math.max(1, Math.min(LIMITS.MAX_RUNS_PER_FRAME, fit));
}

export class InputSender {
  /**
   * @param {object} o
   * @param {number} o.keepAliveTicks ticks between two frames when nothing changes (keepAliveTicks(rateHz))
   * @param {number} o.changeDelayTicks ticks a change that is not urgent may wait for the next ones
   * @param {number} o.inputBytes the game's bytes per input
   * @param {(run: Uint8Array, next: Uint8Array) => boolean} o.sameRun the game's run rule
   */
  constructor({ keepAliveTicks: keepAlive, changeDelayTicks, inputBytes, sameRun }) {
    if (!(keepAlive >= 1 && keepAlive <= LIMITS.MAX_TICKS_PER_FRAME) || !(changeDelayTicks >= 0)) {
      throw new RangeError(`keep-alive ${keepAlive}, change delay ${changeDelayTicks}`);
    }
    this.keepAliveTicks = keepAlive;
    this.changeDelayTicks = changeDelayTicks;
    this.maxRuns = maxRuns(inputBytes);
    this.sameRun = sameRun;
    this.frames = 0;
    this.reset();
  }

  /** Forgets what waits and the newest run: a new stream starts afresh. */
  reset() {
    this.runs = []; // [{bytes, ticks}] not sent yet
    this.firstSeq = 0;
    this.lastSeq = -1;
    this.pendingTicks = 0;
    this.changeSince = -1;
    this.current = null; // the first input of the newest run, sent or not
  }

  /**
   * One tick's input bytes numbered seq: the frames to send now (none, one, or two when seq does not follow the
   * last tick: what waited, then this tick's).
   */
  tick(seq, bytes, urgent) {
    const out = [];
    if (this.current === null) urgent = true; // a stream's first input: the server has nothing to hold yet
    if (this.pendingTicks > 0 && seq !== this.lastSeq + 1) out.push(this.flush());
    this.lastSeq = seq;
    if (this.pendingTicks === 0) this.firstSeq = seq;
    const last = this.runs[this.runs.length - 1];
    if (last && this.sameRun(last.bytes, bytes)) {
      last.ticks += 1;
    } else {
      if ((this.current === null || !this.sameRun(this.current, bytes)) && this.changeSince < 0) this.changeSince = seq;
      this.runs.push({ bytes: Uint8Array.from(bytes), ticks: 1 });
      this.current = Uint8Array.from(bytes);
    }
    this.pendingTicks += 1;
    if (urgent || (this.changeSince >= 0 && seq - this.changeSince >= this.changeDelayTicks)
      || this.pendingTicks >= this.keepAliveTicks || this.runs.length >= this.maxRuns
      || this.pendingTicks >= LIMITS.MAX_TICKS_PER_FRAME) {
      out.push(this.flush());
    }
    return out;
  }

  /** The waiting runs as one RUNS frame, or null when nothing waits. */
  flush() {
    if (this.runs.length === 0) return null;
    const frame = encodeRunsFrame(this.firstSeq, this.runs);
    this.runs = [];
    this.pendingTicks = 0;
    this.changeSince = -1;
    this.frames += 1;
    return frame;
  }
}
