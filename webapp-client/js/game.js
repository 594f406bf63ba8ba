/**
 * One game session: the game stream (reopenable for a resume) with its snapshot decoder, input loop,
 * prediction (own movement and own projectiles), interpolation, rendering, HUD, and the client-side network
 * simulator it can be put behind.
 */

import {
  decodeServerFrame, encodeInput, encodeInputs, encodePing, encodeResync, encodeFollow, radiansToAngle16, angle16ToRadians, rulesFromWelcome,
  mapFromWelcome, ProtocolError, OPCODES, PROTOCOL_VERSION, PHASES, KINDS, FLAGS,
} from './protocol.js';
import { SnapshotDecoder } from './snapshot.js';
import { SnapshotBuffer } from './interpolation.js';
import { Predictor } from './prediction.js';
import { OwnShots } from './shots.js';
import { Renderer, MARKER_LIFETIME_MS, playerColor, SELF_COLOR } from './render.js';
import { Effects, reducedMotionQuery } from './effects.js';
import { Controls } from './input.js';
import { RateMeter } from './stats.js';
import { closeText } from './messages.js';
import { SimulatedSocket, parseNetProfile, netsimLabel, nextPreset } from './netsim.js';
import { areaOf } from './movement.js';
import { showStatsStore, mutedStore } from './storage.js';
import { Sound } from './sound.js';
import { rosterNotices, connectionNotice, MATCH_ABANDONED } from './notices.js';
import { updateGameHud } from './gamehud.js';
import { debugStateOf } from './gamedebug.js';

const RADAR_STALE_MS = 2500; // edge arrows fade out when no radar came for this long (about two radars)
const RADAR_NEAR_VISIBLE = 400; // a radar point this near a drawn player is that player (units; ~1 s of running)
const MAX_STEPS_PER_FRAME = 5; // after a stall, catch up this many inputs and drop the rest
const MAX_BUFFERED_BYTES = 256; // skip inputs while this much is still unsent (congestion)
// Inputs sent in one INPUTS frame: two ticks of controls, so 30 frames a second at 60 Hz (the server reads half
// as many frames); a change of buttons (a key, a shot) goes out at once with whatever waits.
export const INPUTS_PER_FRAME = 2;
const WELCOME_TIMEOUT_MS = 10000;
const PING_INTERVAL_MS = 1000;
const NETSIM_KEY = 'KeyN'; // debug: cycles the client-side network simulator
const STATS_KEY = 'KeyI'; // shows or hides the network statistics (remembered)
const MUTE_KEY = 'KeyM'; // mutes or unmutes the game sounds (remembered)
const MAX_VIEW_TICK = 2 ** 32 - 1;
const SPECTATE_NEXT_KEYS = ['KeyD', 'ArrowRight', 'KeyE']; // a spectator watches the next player
const SPECTATE_PREVIOUS_KEYS = ['KeyA', 'ArrowLeft', 'KeyQ']; // or the previous one

/**
 * A game session outlives its streams: when a stream that had welcomed us closes, onDrop({code, reason}) is
 * called and the last picture stays on screen until reopen(url) brings a new stream (a resume) or end().
 */
export class GameSession {
  /**
   * @param {object} o
   * @param {object} o.room room summary from the lobby `joined` message (or a welcome's `resume`)
   * @param {HTMLCanvasElement} o.canvas
   * @param {import('./hud.js').Hud} o.hud
   * @param {(info: {code: number|null, reason: string, message: string}) => void} o.onDrop an open stream closed
   * @param {(info: {left?: boolean, message?: string, code?: number, reason?: string}) => void} o.onEnd
   * @param {{client: string|null, server: string|null}} [o.netsim] the page's network simulator settings:
   *   client, the spec of the client-side simulator (null: off; the debug key changes it, for later sessions
   *   too); server, the spec the server was asked to simulate (for the debug state only)
   * @param {(gamePath: string) => string} [o.toUrl] the stream URL of a game path: lets the session follow its
   *   room when the server moves it to another node (MOVED); without it, the move is a drop
   * @param {boolean} [o.spectator] watch the room (a `?watch` stream): no inputs, the view follows the player
   *   the server names in FOLLOWING, and A/D, the arrows or the HUD buttons switch to another player
   */
  constructor({ room, canvas, hud, onDrop, onEnd, netsim = { client: null, server: null }, toUrl = null,
    spectator = false }) {
    this.room = room;
    this.spectator = spectator;
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
    this.renderer = new Renderer(canvas);
    this.controls = new Controls(canvas);
    this.controls.onAction(NETSIM_KEY, () => this.cycleNetsim());
    this.statsStore = showStatsStore();
    this.controls.onAction(STATS_KEY, () => this.toggleStats());
    this.statsVisible = this.statsStore.get();
    this.sound = new Sound({ store: mutedStore() });
    this.controls.onAction(MUTE_KEY, () => this.sound.toggleMute());
    this.hud.setStatsVisible(this.statsVisible);
    if (spectator) {
      for (const code of SPECTATE_NEXT_KEYS) this.controls.onAction(code, () => this.follow(1));
      for (const code of SPECTATE_PREVIOUS_KEYS) this.controls.onAction(code, () => this.follow(-1));
    }
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
    this.pendingInputs = []; // inputs stepped but not sent yet, oldest first; the last one has number seq
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
    this.opening = null; // {resolve, reject} of the open() in progress
    this.frame = this.frame.bind(this);
  }

  /** Shows the game and opens the first stream; resolves on its WELCOME, rejects with {code, reason, message}. */
  start(url) {
    this.hud.reset(this.room?.name ?? '');
    this.hud.setNetsim(netsimLabel(this.netsimProfile()));
    this.controls.attach();
    this.raf = requestAnimationFrame(this.frame);
    return this.open(url);
  }

  /** Opens a new stream for the same seat (after a drop); same promise contract as start(). */
  reopen(url) {
    return this.open(url);
  }

  open(url) {
    if (this.ended) return Promise.reject({ code: null, reason: '', message: 'The session has ended.' });
    this.dropStream();
    this.pendingInputs = []; // numbered for the old stream; the new one starts from the seat's acknowledged state
    return new Promise((resolve, reject) => {
      const ws = new SimulatedSocket(new WebSocket(url), {
        profile: this.netsimProfile(), seed: Math.floor(Math.random() * 2 ** 32),
      });
      ws.binaryType = 'arraybuffer';
      this.ws = ws;
      this.decoder = new SnapshotDecoder();
      this.awaitingFull = false;
      this.streamWelcomed = false;
      this.opening = { resolve, reject };
      // the client speaks first: the server sends WELCOME only after our first frame (docs/protocol.md)
      ws.onopen = () => {
        if (this.ws === ws) ws.send(encodePing(performance.now()));
      };
      ws.onmessage = (ev) => {
        if (this.ws === ws) this.receive(ev.data);
      };
      ws.onclose = (ev) => {
        if (this.ws !== ws || this.ended) return;
        this.streamClosed({ code: ev.code, reason: ev.reason, message: closeText(ev.code, ev.reason) });
      };
      clearTimeout(this.welcomeTimer);
      this.welcomeTimer = setTimeout(() => {
        if (this.ws !== ws || this.streamWelcomed) return;
        this.dropStream();
        this.streamClosed({ code: null, reason: '', message: 'The game server did not answer in time.' });
      }, WELCOME_TIMEOUT_MS);
    });
  }

  /** The current stream is gone: fails the open() waiting for it, or reports the drop of a working stream. */
  streamClosed(info) {
    const wasWelcomed = this.streamWelcomed;
    this.ws = null;
    this.streamWelcomed = false;
    clearInterval(this.pingTimer);
    clearTimeout(this.welcomeTimer);
    this.controls.clear();
    const opening = this.opening;
    this.opening = null;
    if (opening) opening.reject(info);
    else if (wasWelcomed) this.onDrop?.(info);
  }

  /** Closes the current stream without reporting anything (superseded, timed out or given up). */
  dropStream() {
    const ws = this.ws;
    this.ws = null;
    this.streamWelcomed = false;
    clearInterval(this.pingTimer);
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    if (ws.readyState <= 1) {
      try { ws.close(1000, 'client closing'); } catch { /* already closed */ }
    }
  }

  /** Leaves on purpose: closes the stream normally; onEnd gets {left: true}. */
  leave() {
    this.end({ left: true });
  }

  end(info) {
    if (this.ended) return;
    this.ended = true;
    cancelAnimationFrame(this.raf);
    clearInterval(this.pingTimer);
    clearTimeout(this.welcomeTimer);
    this.controls.detach();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      if (ws.readyState <= 1) {
        try { ws.close(1000, info.left ? 'leave' : 'client closing'); } catch { /* already closed */ }
      }
    }
    const opening = this.opening;
    this.opening = null;
    if (opening) opening.reject({ code: null, reason: '', message: 'The session has ended.', ended: true });
    this.onEnd(info);
  }

  receive(data) {
    if (this.ended) return;
    if (typeof data === 'string') {
      this.end({ message: 'The game server sent text on the binary stream.' });
      return;
    }
    const now = performance.now();
    this.byteMeter.add(data.byteLength, now);
    let frame;
    try {
      frame = decodeServerFrame(data, this.decoder);
    } catch (err) {
      const head = new Uint8Array(data, 0, Math.min(2, data.byteLength));
      if (head[0] === OPCODES.SNAPSHOT && err instanceof ProtocolError) this.snapshotFailed(err, head[1] === 0);
      else this.end({ message: `Bad frame from the game server: ${err.message}` });
      return;
    }
    if (frame.op === 'SNAPSHOT' && frame.full) this.awaitingFull = false;
    if (frame.op === 'WELCOME') this.onWelcome(frame, now);
    else if (!this.streamWelcomed) return; // nothing is valid before the WELCOME of this stream
    else if (frame.op === 'SNAPSHOT') this.onSnapshot(frame, now);
    else if (frame.op === 'PONG') this.pingMs = ((Math.floor(now) >>> 0) - frame.clientTimeMillis) >>> 0;
    else if (frame.op === 'MOVED') this.onMoved(frame.gamePath);
    else if (frame.op === 'FOLLOWING') this.following = frame.entityId;
  }

  /**
   * The room moved to another node (its node is stopping): open the stream there at once, with the ticket to
   * the same seat; the old stream is closed. If that fails, it is a drop like any other (the lobby resumes).
   * Without toUrl the session waits for the server's close (4007), which is a drop too.
   */
  onMoved(gamePath) {
    if (!this.toUrl || typeof gamePath !== 'string') return;
    this.moves++;
    this.moveFrom = this.lastSnapshotAt;
    this.open(this.toUrl(gamePath)).catch((info) => {
      if (!this.ended && !info?.ended) this.onDrop?.(info);
    });
  }

  /**
   * A snapshot frame did not decode: the decoder has dropped its baseline, so the session asks the server
   * for a full snapshot (once) and ignores the deltas that come until it arrives (a full snapshot that fails
   * too is asked for again).
   */
  snapshotFailed(err, full) {
    this.snapshotsRefused++;
    if (this.awaitingFull && !full) return;
    this.awaitingFull = true;
    this.resyncs++;
    this.lastSnapshotError = err.message;
    if (this.ws?.readyState === 1) this.ws.send(encodeResync());
  }

  onWelcome(w, now) {
    if (w.protocolVersion !== PROTOCOL_VERSION) {
      this.end({ message: `The server speaks protocol ${w.protocolVersion}, this page ${PROTOCOL_VERSION}. Reload.` });
      return;
    }
    // a resumed stream starts afresh: new clock and prediction (input numbers keep counting up, so they stay
    // above whatever the server accepted before), the last picture stays until its snapshots arrive
    const resumed = this.welcome !== null;
    const keep = resumed && this.predictor && this.placed ? this.predictor.position : null;
    this.welcome = w;
    this.selfId = w.selfId;
    this.rules = rulesFromWelcome(w);
    this.map = mapFromWelcome(w);
    this.area = null; // the play area, from the first snapshot on
    this.radar = null; // {at, points}: the others outside the view, from the snapshots' radar
    this.stepMs = 1000 / w.simRateHz;
    this.decoder = new SnapshotDecoder();
    this.awaitingFull = false;
    this.buffer = new SnapshotBuffer({ capacity: 32, simRateHz: w.simRateHz, snapshotRateHz: w.snapshotRateHz });
    this.predictor = new Predictor({ rules: this.rules, map: this.map });
    this.shots = new OwnShots({
      projectileSpeed: w.projectileSpeed, projectileRadius: w.projectileRadius,
      fireCooldownTicks: w.fireCooldownTicks, simRateHz: w.simRateHz, map: this.map,
    });
    this.renderer.setViewLimit(w.viewWidth, w.viewHeight);
    this.predictor.reset(keep ? keep.x : w.mapWidth / 2, keep ? keep.y : w.mapHeight / 2);
    this.placed = false;
    this.deathAt = null;
    this.acc = 0;
    this.lastFrame = now;
    this.streamWelcomed = true;
    clearTimeout(this.welcomeTimer);
    clearInterval(this.pingTimer);
    this.hud.setConnecting(null);
    this.sendPing();
    this.pingTimer = setInterval(() => this.sendPing(), PING_INTERVAL_MS);
    const opening = this.opening;
    this.opening = null;
    opening?.resolve({ resumed });
  }

  /** Key I: the network statistics box on or off, remembered for the next visits. */
  toggleStats() {
    this.statsVisible = !this.statsVisible;
    this.hud.setStatsVisible(this.statsVisible);
    this.statsStore.set(this.statsVisible);
  }

  /** A spectator asks to watch the next (+1) or previous (-1) player; FOLLOWING will say who it is. */
  follow(step) {
    if (this.spectator && this.ws?.readyState === 1) this.ws.send(encodeFollow(step));
  }

  sendPing() {
    if (this.ws?.readyState === 1) this.ws.send(encodePing(performance.now()));
  }

  onSnapshot(s, now) {
    this.snapshotsReceived++;
    if (this.moveFrom !== null) {
      this.movePauseMs = Math.round(now - this.moveFrom);
      this.moveFrom = null;
    }
    this.lastSnapshotAt = now;
    this.snapMeter.add(1, now);
    // a match that stops because players left goes straight from playing to waiting: say so
    if (this.latest && this.latest.phase === PHASES.PLAYING && s.phase === PHASES.WAITING) {
      this.hud.addNotice(MATCH_ABANDONED);
    }
    this.latest = s;
    this.buffer.push(s, now);
    // the play area follows the player count; prediction and local shots stop where the server does
    this.area = areaOf(this.map, s.areaHalfWidth, s.areaHalfHeight);
    if (s.radar) { // about once a second: where the others outside the view are, for the edge arrows
      this.radar = {
        at: now,
        points: s.radar.map((b) => ({
          x: (b.qx + 0.5) * this.map.width / 256, y: (b.qy + 0.5) * this.map.height / 256,
        })),
      };
    }
    this.predictor.setArea(this.area);
    this.shots.area = this.area;
    if (s.roster) {
      const before = this.roster ? this.names : null;
      this.roster = s.roster;
      this.names = new Map(s.roster.players.map((p) => [p.id, p.name]));
      for (const line of rosterNotices(before, this.names, this.selfId)) this.hud.addNotice(line);
    }
    const self = s.entities.find((e) => e.id === this.selfId && e.kind === KINDS.PLAYER) ?? null;
    this.self = self;
    this.watched = this.spectator
      ? s.entities.find((e) => e.id === this.following && e.kind === KINDS.PLAYER) ?? null : null;
    if (self) {
      const alive = (self.flags & FLAGS.ALIVE) !== 0;
      if (!this.placed) {
        this.predictor.reset(self.x, self.y, s.selfVx, s.selfVy);
        this.placed = true;
      }
      this.predictor.onServerState(s.ackSeq, self.x, self.y, s.selfVx, s.selfVy,
        { active: alive && s.phase !== PHASES.RESULTS });
      if (alive && this.deathAt !== null) this.deathAt = null;
    }
    this.shots.onAck(s.ackSeq);
    for (const ev of s.events) this.onEvent(ev, s, now);
  }

  nameOf(id) {
    return this.names.get(id) ?? `Player ${id}`;
  }

  onEvent(ev, s, now) {
    const at = (id) => s.entities.find((e) => e.id === id);
    if (ev.type === 'HIT') {
      if (ev.victimId === this.selfId) {
        this.hud.flash();
        this.sound.play('hurt');
        this.effects.hurt(now);
      } else if (ev.attackerId === this.selfId) {
        this.sound.play('hit');
      }
      const victim = at(ev.victimId);
      if (ev.attackerId === this.povId() && victim) {
        this.markers.push({ x: victim.x, y: victim.y, bornMs: now, text: `-${ev.damage}`, kill: false });
      }
    } else if (ev.type === 'KILL') {
      if (ev.killerId === this.selfId) this.sound.play('kill');
      const mine = ev.killerId === this.povId() || ev.victimId === this.povId();
      this.hud.addKill(this.nameOf(ev.killerId), this.nameOf(ev.victimId), mine);
      const victim = at(ev.victimId);
      if (ev.killerId === this.povId() && victim) {
        this.markers.push({ x: victim.x, y: victim.y, bornMs: now, text: 'KO', kill: true });
      }
      this.deathEffect(ev, victim, now);
      if (ev.victimId === this.selfId) {
        this.deathAt = now;
        this.killerName = this.nameOf(ev.killerId);
      }
    } else if (ev.type === 'RESPAWN') {
      if (ev.playerId === this.selfId) {
        this.deathAt = null;
        this.sound.play('respawn');
      }
    } else if (ev.type === 'MATCH') {
      this.winnerId = ev.phase === PHASES.RESULTS ? ev.winnerId : null;
    } else if (ev.type === 'CONNECTION') {
      if (ev.playerId !== this.selfId) this.hud.addNotice(connectionNotice(this.nameOf(ev.playerId), ev.connected));
    }
  }

  /**
   * A KILL: a burst in the victim's colour where it was last drawn, if it was in the snapshot. Another player is
   * drawn the interpolation delay late, so its burst (and the own kill's small shake) starts when it vanishes;
   * the own player vanishes at once.
   */
  deathEffect(ev, victim, now) {
    if (!victim || !this.welcome) return;
    const self = ev.victimId === this.selfId;
    const at = self ? now : now + (this.buffer?.delayMs ?? 0);
    const where = self && this.placed ? this.predictor.position : victim;
    this.effects.death(where.x, where.y, self ? SELF_COLOR : playerColor(ev.victimId), at, this.welcome.playerRadius);
    if (ev.killerId === this.selfId && !self) this.effects.scored(at);
  }

  /** Whether the server would let the own player fire now (alive, and the match phase allows shots). */
  mayFire() {
    const s = this.latest;
    return Boolean(this.placed && s && this.self && (this.self.flags & FLAGS.ALIVE)
      && (s.phase === PHASES.PLAYING || s.phase === PHASES.WAITING));
  }

  /**
   * One fixed input step: read the controls, queue the input (with the tick remote entities are drawn at, for
   * the server's lag compensation) and send the queue every INPUTS_PER_FRAME steps or at once when the buttons
   * change, predict the movement and a shot.
   */
  stepInput(renderTick) {
    if (this.spectator) return; // a spectator only watches
    const ws = this.ws;
    if (!ws || ws.readyState !== 1 || ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    const buttons = this.controls.buttons();
    const touchAim = this.controls.aimAngle(); // the touch aim stick, while dragged, wins over the mouse
    const m = this.controls.mouse;
    if (touchAim !== null) {
      this.aim = touchAim;
    } else if (m && this.selfScreen) {
      const dx = m.x - this.selfScreen.x;
      const dy = m.y - this.selfScreen.y;
      if (dx !== 0 || dy !== 0) this.aim = Math.atan2(dy, dx);
    }
    this.seq += 1;
    const aim16 = radiansToAngle16(this.aim);
    const shown = this.buffer.shownTick(renderTick);
    const viewTick = shown !== null && shown >= 1 ? Math.min(MAX_VIEW_TICK, shown) : 0;
    this.pendingInputs.push({ buttons, aim16, viewTick });
    if (this.pendingInputs.length >= INPUTS_PER_FRAME || buttons !== this.lastButtons) this.flushInputs(ws);
    this.lastButtons = buttons;
    this.predictor.applyLocal({ seq: this.seq, buttons });
    if (this.shots.onInput(this.seq, buttons, angle16ToRadians(aim16), this.predictor.position, this.mayFire())) {
      this.sound.play('shot');
      this.effects.fired(this.selfId, this.lastFrame); // this frame's time
    }
  }

  /** Sends the waiting inputs: INPUT for one, INPUTS for several. */
  flushInputs(ws) {
    const n = this.pendingInputs.length;
    if (n === 0) return;
    const first = this.seq - n + 1;
    const [one] = this.pendingInputs;
    ws.send(n === 1 ? encodeInput(first, one.buttons, one.aim16, one.viewTick) : encodeInputs(first, this.pendingInputs));
    this.pendingInputs = [];
    this.inputFrames += 1;
  }

  frame(now) {
    if (this.ended) return;
    this.raf = requestAnimationFrame(this.frame);
    const dt = Math.max(0, now - this.lastFrame);
    this.lastFrame = now;
    this.fpsMeter.add(1, now);
    if (!this.welcome) return;
    const renderTick = this.buffer.renderTick(now);
    this.acc += dt;
    let steps = 0;
    while (this.acc >= this.stepMs && steps < MAX_STEPS_PER_FRAME) {
      this.stepInput(renderTick);
      this.acc -= this.stepMs;
      steps++;
    }
    if (this.acc >= this.stepMs) this.acc %= this.stepMs; // fell behind (hidden tab, slow frame): drop backlog
    this.predictor.update(dt);
    this.render(now, this.acc / this.stepMs, renderTick, dt);
    this.updateHud(now);
  }

  /**
   * Draws a frame: other players interpolated at renderTick, the own player predicted, other players'
   * projectiles interpolated, and the own player's ones in the present (local predictions, then the server's
   * moved forward by the inputs it has not acknowledged yet).
   */
  render(now, alpha, renderTick, dt) {
    const w = this.welcome;
    const remote = this.buffer.sample(renderTick);
    // the others' shots, as drawn: a new projectile by its owner (or the FIRED flag) flashes the owner's muzzle
    this.effects.observe(remote, this.selfId, now, 2 * w.playerRadius + 1.5 * w.projectileSpeed / w.snapshotRateHz);
    const players = [];
    const projectiles = [];
    for (const e of remote) {
      if (e.kind === KINDS.PROJECTILE) {
        if (e.owner !== this.selfId) projectiles.push(e);
      } else if (e.id !== this.selfId && (e.flags & FLAGS.ALIVE)) {
        players.push({ ...e, name: this.nameOf(e.id) });
      }
    }
    this.shots.update(dt, players, w.playerRadius + w.projectileRadius);
    if (this.latest) {
      const aheadMs = (this.seq - this.latest.ackSeq + alpha) * this.stepMs;
      projectiles.push(...this.shots.fromServer(this.latest.entities, this.selfId, aheadMs));
    }
    projectiles.push(...this.shots.local);
    const own = this.predictor.displayPosition(alpha);
    if (this.self && (this.self.flags & FLAGS.ALIVE)) {
      players.push({
        id: this.selfId, x: own.x, y: own.y, angle: this.aim, health: this.self.health,
        flags: this.self.flags, name: this.nameOf(this.selfId), self: true,
      });
    }
    this.markers = this.markers.filter((m) => now - m.bornMs < MARKER_LIFETIME_MS);
    this.effects.prune(now);
    for (const p of players) p.flash = this.effects.flash(p.id, now);
    this.renderer.draw({
      map: this.map, area: this.area, camera: this.renderer.cameraFor(this.spectator ? this.spectatorFocus(remote) : own, this.map),
      players, projectiles,
      radar: this.radarPoints(now, players),
      markers: this.markers, nowMs: now,
      shake: this.effects.shakeOffset(now), bursts: this.effects.visibleBursts(now),
      playerRadius: w.playerRadius, projectileRadius: w.projectileRadius, maxHealth: w.maxHealth,
    });
    this.selfScreen = this.renderer.worldToScreen(own.x, own.y);
  }

  /** Where a spectator's view is centred: the watched player as drawn, else where the view last was (or the middle). */
  spectatorFocus(remote) {
    const watched = remote.find((e) => e.id === this.following && e.kind === KINDS.PLAYER);
    if (watched) this.watchCamera = { x: watched.x, y: watched.y };
    return this.watchCamera ?? { x: this.map.width / 2, y: this.map.height / 2 };
  }

  /** The player whose view this is: the own player, or for a spectator the watched one. */
  povId() {
    return this.spectator ? this.following : this.selfId;
  }

  /**
   * The radar's points for the edge arrows: none once it is stale, and none near a player drawn now (who came
   * into view since the radar; the radar is up to a second old).
   */
  radarPoints(now, players) {
    if (!this.radar || now - this.radar.at >= RADAR_STALE_MS) return null;
    return this.radar.points.filter((q) => !players.some((p) => !p.self
      && (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) < RADAR_NEAR_VISIBLE * RADAR_NEAR_VISIBLE));
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
    if (!this.netsim.client) return null;
    try {
      return parseNetProfile(this.netsim.client);
    } catch {
      return null;
    }
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
