/**
 * A game session's input side: the keys that act at once (network simulator, statistics, mute, a spectator's
 * next and previous player), and the fixed input steps: read the controls, aim, hand each step's input to the
 * session's sender (engine/sender.js: RUNS frames on change and as a keep-alive, protocol 9), predict the own
 * movement and shots. Functions of the GameSession (game.js).
 */

import { encodeControls, radiansToAngle16, angle16ToRadians, PHASES, FLAGS } from './protocol.js';

const MAX_STEPS_PER_FRAME = 5; // after a stall, catch up this many inputs and drop the rest
const MAX_BUFFERED_BYTES = 256; // skip inputs while this much is still unsent (congestion)
const MAX_VIEW_TICK = 2 ** 32 - 1;
const NETSIM_KEY = 'KeyN'; // debug: cycles the client-side network simulator
const STATS_KEY = 'KeyI'; // shows or hides the network statistics (remembered)
const MUTE_KEY = 'KeyM'; // mutes or unmutes the game sounds (remembered)
const KILL_REPLAY_KEY = 'KeyR'; // watches the kill replay the respawn notice offers
const SPECTATE_NEXT_KEYS = ['KeyD', 'ArrowRight', 'KeyE']; // a spectator watches the next player
const SPECTATE_PREVIOUS_KEYS = ['KeyA', 'ArrowLeft', 'KeyQ']; // or the previous one

/** Binds the session's one-press keys to its controls. */
export function bindActionKeys(session) {
  const { controls } = session;
  if (session.picture) return; // a picture in the corner (a kill replay) takes no keys
  controls.onAction(NETSIM_KEY, () => session.cycleNetsim());
  controls.onAction(STATS_KEY, () => session.toggleStats());
  controls.onAction(MUTE_KEY, () => session.sound.toggleMute());
  if (!session.spectator) controls.onAction(KILL_REPLAY_KEY, () => session.hud.acceptKillReplay?.());
  if (session.spectator) {
    for (const code of SPECTATE_NEXT_KEYS) controls.onAction(code, () => session.follow(1));
    for (const code of SPECTATE_PREVIOUS_KEYS) controls.onAction(code, () => session.follow(-1));
  }
}

/**
 * The input steps due after dt more milliseconds: one per stepMs of time, at most MAX_STEPS_PER_FRAME (after a
 * hidden tab or a slow frame, the backlog is dropped). session.acc keeps the time not stepped yet.
 */
export function stepInputs(session, dt, renderTick) {
  session.acc += dt;
  let steps = 0;
  while (session.acc >= session.stepMs && steps < MAX_STEPS_PER_FRAME) {
    session.stepInput(renderTick);
    session.acc -= session.stepMs;
    steps++;
  }
  if (session.acc >= session.stepMs) session.acc %= session.stepMs; // fell behind: drop the backlog
}

/** Whether the server would let the own player fire now (alive, and the match phase allows shots). */
export function mayFire(session) {
  const s = session.latest;
  return Boolean(session.placed && s && session.self && (session.self.flags & FLAGS.ALIVE)
    && (s.phase === PHASES.PLAYING || s.phase === PHASES.WAITING));
}

/**
 * One fixed input step: read the controls, predict the movement and a shot, and hand the input (with the tick
 * remote entities are drawn at, for the server's lag compensation) to the sender. A change of buttons and a shot
 * go out at once (urgent), with whatever waits; a change of aim alone waits up to AIM_DELAY_MS; a steady input goes
 * out as a keep-alive.
 */
export function stepInput(session, renderTick) {
  if (session.spectator) return; // a spectator only watches
  const ws = session.ws;
  if (!ws || ws.readyState !== 1 || ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
  const { controls } = session;
  const buttons = controls.buttons();
  const touchAim = controls.aimAngle(); // the touch aim stick, while dragged, wins over the mouse
  const m = controls.mouse;
  if (touchAim !== null) {
    session.aim = touchAim;
  } else if (m && session.selfScreen) {
    const dx = m.x - session.selfScreen.x;
    const dy = m.y - session.selfScreen.y;
    if (dx !== 0 || dy !== 0) session.aim = Math.atan2(dy, dx);
  }
  session.seq += 1;
  const aim16 = radiansToAngle16(session.aim);
  const shown = session.buffer.shownTick(renderTick);
  const viewTick = shown !== null && shown >= 1 ? Math.min(MAX_VIEW_TICK, shown) : 0;
  session.predictor.applyLocal({ seq: session.seq, buttons });
  const fire = mayFire(session);
  const shot = session.shots.onInput(session.seq, buttons, angle16ToRadians(aim16), session.predictor.position, fire);
  const urgent = buttons !== session.lastButtons || Boolean(shot);
  session.lastButtons = buttons;
  for (const frame of session.sender.tick(session.seq, encodeControls({ buttons, aim16, viewTick }), urgent)) {
    ws.send(frame);
    session.inputFrames += 1;
  }
  if (shot) {
    session.sound.play(shot.rail ? 'rail' : 'shot');
    session.effects.fired(session.selfId, session.lastFrame); // this frame's time
  }
}
