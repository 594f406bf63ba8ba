/**
 * One game session: the game stream (reopenable for a resume) with its snapshot decoder, input loop,
 * prediction (own movement and own projectiles), interpolation, rendering, HUD, and the client-side network
 * simulator it can be put behind. The class holds the session's state, its lifecycle (start, reopen, leave,
 * end), the animation frame loop and the player's actions; the work is done by functions of the session in
 * gamestream.js (the stream), gameframes.js (the server's frames), gameinput.js (keys and input steps),
 * gamedraw.js (what a frame draws), gamehud.js (the HUD) and gamedebug.js (the debug state).
 */

import { encodePing, encodeFollow, MODES } from './protocol.js';
import { SnapshotDecoder } from './snapshot.js';
import { Renderer, SELF_COLOR, playerColor } from './render.js';
import { TEAM_COLORS } from './teams.js';
import { Effects, reducedMotionQuery } from './effects.js';
import { Controls } from './input.js';
import { RateMeter } from '../../engine/stats.js';
import { netsimLabel, nextPreset } from '../../engine/netsim.js';
import { showStatsStore, mutedStore } from '../../engine/storage.js';
import { Sound } from '../../engine/sound.js';
import { updateGameHud } from './gamehud.js';
import { debugStateOf } from './gamedebug.js';
import { openStream, sendFrame, netsimProfileOf, startSession, endSession } from '../../engine/stream.js';
import { receiveFrame, applyEvent } from './gameframes.js';
import { bindActionKeys, stepInputs, stepInput } from './gameinput.js';
import { drawFrame } from './gamedraw.js';


/**
 * A game session outlives its streams: when a stream that had welcomed us closes, onDrop({code, reason}) is
 * called and the last picture stays on screen until reopen(url) brings a new stream (a resume) or end().
 */
export class GameSession {
  /** A new stream's snapshot decoder (engine/stream.js calls it). */
  createDecoder() {
    return new SnapshotDecoder();
  }

  /**
   * @param {object} o
   * @param {object} o.room room summary from the lobby `joined` message (or a welcome's `resume`)
   * @param {HTMLCanvasElement} o.canvas
   * @param {import('../../engine/hud.js').Hud} o.hud
   * @param {(info: {code: number|null, reason: string, message: string}) => void} o.onDrop an open stream closed
   * @param {(info: {left?: boolean, message?: string, code?: number, reason?: string}) => void} o.onEnd
   * @param {{client: string|null, server: string|null}} [o.netsim] the page's network simulator settings:
   *   client, the spec of the client-side simulator (null: off; the debug key changes it, for later sessions
   *   too); server, the spec the server was asked to simulate (for the debug state only)
   * @param {(gamePath: string) => string} [o.toUrl] the stream URL of a game path: lets the session follow its
   *   room when the server moves it to another node (MOVED); without it, the move is a drop
   * @param {boolean} [o.spectator] watch the room (a `?watch` stream): no inputs, the view follows the player
   *   the server names in FOLLOWING, and A/D, the arrows or the HUD buttons switch to another player
   * @param {boolean} [o.picture] a spectator's picture in a corner of the page (a kill replay): the drawing fits
   *   its canvas, it is silent and takes no keys
   */
  constructor({ room, canvas, hud, onDrop, onEnd, netsim = { client: null, server: null }, toUrl = null,
    spectator = false, picture = false }) {
    this.room = room;
    this.spectator = spectator;
    this.picture = picture; // a picture in a corner (a kill replay): sized to its canvas, silent, no keys
    this.following = 0; // a spectator's watched player (FOLLOWING), 0 for nobody
    this.watched = null; // that player's entity in the latest snapshot
    this.watchCamera = null; // where a spectator's view was last centred
    this.toUrl = toUrl;
    this.moves = 0; // times the room moved to another node and this session followed it
    this.lastSnapshotAt = null; // performance.now() of the last snapshot
    this.moveFrom = null; // the last snapshot's time when the room moved, until the new node's first snapshot
    this.movePauseMs = null; // the last move: time from the old node's last snapshot to the new node's first
    this.hud = hud;
    this.onDrop = onDrop;
    this.onEnd = onEnd;
    this.netsim = netsim;
    this.renderer = new Renderer(canvas, { fitCanvas: picture });
    this.viewPortrait = () => this.renderer.portrait(); // the VIEW the stream sends (engine/stream.js)
    this.controls = new Controls(canvas);
    if (picture) this.controls.attach = this.controls.detach = () => {};
    this.statsStore = showStatsStore();
    this.statsVisible = this.statsStore.get();
    this.sound = new Sound({ store: picture ? { get: () => true, set() {} } : mutedStore() });
    bindActionKeys(this); // N, I, M, and a spectator's next and previous player
    this.hud.setStatsVisible(this.statsVisible);
    this.ws = null;
    this.decoder = null; // the current stream's SnapshotDecoder
    this.awaitingFull = false; // a snapshot failed: RESYNC sent, deltas are ignored until a full snapshot
    this.resyncs = 0;
    this.snapshotsRefused = 0; // snapshot frames that failed to decode or were ignored while resyncing
    this.lastSnapshotError = null;
    this.shots = null;
    this.ended = false;
    this.welcome = null;
    this.selfId = null;
    this.buffer = null;
    this.predictor = null;
    this.placed = false;
    this.latest = null;
    this.self = null;
    this.roster = null;
    this.names = new Map();
    this.seq = 0;
    this.pendingInputs = []; // kept for the engine's stream helpers; inputs wait in the sender
    this.sender = null; // the InputSender, made at the WELCOME
    this.lastButtons = 0;
    this.inputFrames = 0;
    this.aim = 0;
    this.selfScreen = null;
    this.acc = 0;
    this.lastFrame = 0;
    this.raf = 0;
    this.markers = [];
    this.effects = new Effects({ reducedMotion: reducedMotionQuery() }); // muzzle flashes, death bursts, shake
    this.deathAt = null;
    this.killerName = null;
    this.winnerId = null;
    this.snapshotsReceived = 0;
    this.pingMs = null;
    this.snapMeter = new RateMeter();
    this.byteMeter = new RateMeter();
    this.fpsMeter = new RateMeter();
    this.statsAt = 0;
    this.prevPhase = null;
    this.goUntil = 0;
    this.streamWelcomed = false; // the current stream has sent its WELCOME
    this.opening = null; // {resolve, reject} of the openStream() in progress (gamestream.js)
    this.frame = this.frame.bind(this);
  }

  /** Shows the game and opens the first stream; resolves on its WELCOME, rejects with {code, reason, message}. */
  start(url) {
    return startSession(this, url, null); // the arena's scores, goal and health bar
  }

  /** Opens a new stream for the same seat (after a drop); same promise contract as start(). */
  reopen(url) {
    return openStream(this, url);
  }

  /** Leaves on purpose: closes the stream normally; onEnd gets {left: true}. */
  leave() {
    this.end({ left: true });
  }

  /** Ends the session for good: stops the frames and the controls, closes the stream, then onEnd(info). */
  end(info) {
    endSession(this, info);
  }

  /** One message of the current stream (gameframes.js). */
  receive(data) {
    receiveFrame(this, data);
  }

  /** One event of snapshot s (gameframes.js). */
  onEvent(ev, s, now) {
    applyEvent(this, ev, s, now);
  }

  /** One fixed input step (gameinput.js). */
  stepInput(renderTick) {
    stepInput(this, renderTick);
  }

  /** One animation frame: the input steps due, the prediction, the drawing and the HUD. */
  frame(now) {
    if (this.ended) return;
    this.raf = requestAnimationFrame(this.frame);
    const dt = Math.max(0, now - this.lastFrame);
    this.lastFrame = now;
    this.fpsMeter.add(1, now);
    if (!this.welcome) return;
    const renderTick = this.buffer.renderTick(now);
    stepInputs(this, dt, renderTick);
    this.predictor.update(dt);
    drawFrame(this, now, this.acc / this.stepMs, renderTick, dt);
    this.updateHud(now);
  }

  /** Key I: the network statistics box on or off, remembered for the next visits. */
  toggleStats() {
    this.statsVisible = !this.statsVisible;
    this.hud.setStatsVisible(this.statsVisible);
    this.statsStore.set(this.statsVisible);
  }

  /** A spectator asks to watch the next (+1) or previous (-1) player; FOLLOWING will say who it is. */
  follow(step) {
    if (this.spectator) sendFrame(this, encodeFollow(step));
  }

  sendPing() {
    sendFrame(this, encodePing(performance.now()));
  }

  nameOf(id) {
    return this.names.get(id) ?? `Player ${id}`;
  }

  /** Whether this room plays a team match (its WELCOME's mode). */
  get teamMode() {
    return this.welcome?.mode === MODES.TEAMS;
  }

  /** A player's team in a team match (1 or 2; 0 in a free-for-all or before the roster names it). */
  teamOf(id) {
    return this.teamMode ? this.teamIds?.get(id) ?? 0 : 0;
  }

  /** A player's colour: its team's in a team match, else the own teal or its own hue. */
  colorOf(id) {
    const team = this.teamOf(id);
    if (team) return TEAM_COLORS[team];
    return id === this.selfId && !this.spectator ? SELF_COLOR : playerColor(id);
  }

  /** The map's pickups that lie there in the latest snapshot: [{x, y, kind}]. */
  pickupsLying() {
    const bits = this.latest?.pickups;
    if (!bits || !this.map?.pickups) return [];
    return this.map.pickups.filter((p, i) => bits[i]);
  }

  /** The player whose view this is: the own player, or for a spectator the watched one. */
  povId() {
    return this.spectator ? this.following : this.selfId;
  }

  /** Seconds left in the current phase: to its end tick from the estimated server tick (0 while waiting). */
  phaseSecondsLeft(now) {
    const s = this.latest;
    if (!s || s.phaseEndTick === 0) return 0;
    const tick = this.buffer.estimateServerTick(now) ?? s.tick;
    return Math.max(0, (s.phaseEndTick - tick) / this.welcome.simRateHz);
  }

  /** The client-side simulator's profile from the page setting, null when off (or the spec is invalid). */
  netsimProfile() {
    return netsimProfileOf(this.netsim.client);
  }

  /** Debug key: the next client-side simulator preset (off, 50±10 ms, 100±20 ms), for this stream and later ones. */
  cycleNetsim() {
    this.netsim.client = nextPreset(this.netsim.client);
    const profile = this.netsimProfile();
    this.ws?.setProfile(profile);
    this.hud.setNetsim(netsimLabel(profile));
  }

  /** The HUD for this frame (gamehud.js). */
  updateHud(now) {
    updateGameHud(this, now);
  }

  /** Snapshot of the session for the debug handle (plain copies; gamedebug.js). */
  debugState() {
    return debugStateOf(this);
  }
}
