/**
 * One light-cycle game session, built on the SDK only: the stream (engine/stream.js: open, welcome timeout, pings,
 * MOVED, drops), the wire (engine/wire.js around wire.js), the network simulator, sounds, statistics. It decodes
 * the track, sends turns the moment a key asks for them, draws at the display's rate with the heads moved on
 * between snapshots, and keeps the HUD: clock, countdown, the round's winner, wins and cuts.
 */

import { encodePing, encodeResync, encodeFollow, PROTOCOL_VERSION, PHASES, PHASE_NAMES, ProtocolError, OPCODES } from '../../engine/wire.js';
import {
  openStream, sendFrame, streamWelcomed, followMove, netsimProfileOf, startSession, endSession,
} from '../../engine/stream.js';
import { netsimLabel, nextPreset } from '../../engine/netsim.js';
import { RateMeter } from '../../engine/stats.js';
import { Sound } from '../../engine/sound.js';
import { showStatsStore, mutedStore } from '../../engine/storage.js';
import { CyclesDecoder, encodeTurns, GAME } from './wire.js';
import { CyclesControls } from './input.js';
import { drawTrack } from './draw.js';

const STATS_INTERVAL_MS = 250;
const MAX_TURNS_AHEAD = 4; // turns the server keeps waiting for one cycle

/** The HUD's look for light cycles: wins and cuts, no health bar. */
export const CYCLES_LOOK = Object.freeze({
  labels: ['Wins', 'Cuts'],
  values: (p) => [p.wins, p.cuts],
  sort: (players) => [...players].sort((a, b) => b.wins - a.wins || b.cuts - a.cuts || a.name.localeCompare(b.name) || a.id - b.id),
  goal: () => 'last one riding wins',
  health: false,
});

export class CyclesSession {
  /** The same options as every game's session (gameflow.js): room, canvas, hud, onDrop, onEnd, netsim, toUrl, spectator. */
  constructor({ room, canvas, hud, onDrop, onEnd, netsim = { client: null, server: null }, toUrl = null, spectator = false }) {
    Object.assign(this, { room, canvas, hud, onDrop, onEnd, netsim, toUrl, spectator });
    this.ctx = canvas.getContext('2d');
    this.ws = null;
    this.decoder = null;
    this.welcome = null;
    this.selfId = null;
    this.latest = null; // the last snapshot
    this.latestAt = 0; // its arrival (performance.now())
    this.roster = null;
    this.following = 0;
    this.crashes = []; // [{x, y, at}] for the flashes
    this.winnerId = null;
    this.seq = 0; // input sequence numbers, counting up across streams
    this.sentTurns = []; // [{seq, turn}] not yet acknowledged, for the heading the next key turns from
    this.pendingInputs = [];
    this.awaitingFull = false;
    this.resyncs = 0;
    this.snapshotsReceived = 0;
    this.turnsSent = 0;
    this.pingMs = null;
    this.moves = 0;
    this.moveFrom = null;
    this.movePauseMs = null;
    this.lastSnapshotAt = null;
    this.statsAt = 0;
    this.ended = false;
    this.streamWelcomed = false;
    this.opening = null;
    this.prevPhase = null;
    this.countdownSecond = null;
    this.scoresHeld = false;
    this.snapMeter = new RateMeter();
    this.byteMeter = new RateMeter();
    this.fpsMeter = new RateMeter();
    this.statsStore = showStatsStore();
    this.sound = new Sound({ store: mutedStore() });
    this.controls = new CyclesControls(canvas, {
      onTurns: (turns) => this.turn(turns),
      heading: () => this.heading(),
      onScores: (on) => { this.scoresHeld = on; },
      onAction: (code) => this.action(code),
    });
    this.frame = this.frame.bind(this);
  }

  /** A new stream's decoder (engine/stream.js). */
  createDecoder() {
    return new CyclesDecoder();
  }

  start(url) {
    const opened = startSession(this, url, CYCLES_LOOK);
    this.hud.setStatsVisible(this.statsStore.get());
    return opened;
  }

  reopen(url) {
    return openStream(this, url);
  }

  leave() {
    this.end({ left: true });
  }

  end(info) {
    endSession(this, info);
  }

  sendPing() {
    sendFrame(this, encodePing(performance.now()));
  }

  netsimProfile() {
    return netsimProfileOf(this.netsim.client);
  }

  /** Keys N (network simulator preset), I (statistics), M (sound); a spectator's next and previous rider. */
  action(code) {
    if (code === 'KeyN') {
      this.netsim.client = nextPreset(this.netsim.client);
      this.ws?.setProfile?.(this.netsimProfile());
      this.hud.setNetsim(netsimLabel(this.netsimProfile()));
    } else if (code === 'KeyI') {
      const on = !this.statsStore.get();
      this.statsStore.set(on);
      this.hud.setStatsVisible(on);
    } else if (code === 'KeyM') {
      this.sound.toggleMute();
    }
  }

  /** The own cycle, as the last snapshot has it, or null. */
  self() {
    return this.latest?.cycles.find((c) => c.id === this.selfId) ?? null;
  }

  /** Where the own cycle heads once the turns it was sent and has not taken are taken; null when not riding. */
  heading() {
    const me = this.self();
    if (this.spectator || !me) return null;
    const ack = this.latest.ackSeq;
    this.sentTurns = this.sentTurns.filter((t) => t.seq > ack);
    return this.sentTurns.reduce((d, t) => (d + t.turn + 4) % 4, me.dir);
  }

  /**
   * Sends turns at once (one frame); beyond what the server keeps waiting, they are dropped here. A spectator's
   * turn (Q, E, a tap on either half) watches the previous or next rider instead.
   */
  turn(turns) {
    if (!this.streamWelcomed || !turns.length) return;
    if (this.spectator) {
      sendFrame(this, encodeFollow(turns[0] < 0 ? -1 : 1));
      return;
    }
    this.heading(); // forget the acknowledged ones
    const room = MAX_TURNS_AHEAD - this.sentTurns.length;
    const send = turns.slice(0, Math.max(0, room));
    if (!send.length) return;
    const first = this.seq + 1;
    if (!sendFrame(this, encodeTurns(first, send))) return;
    send.forEach((t, i) => this.sentTurns.push({ seq: first + i, turn: t }));
    this.seq += send.length;
    this.turnsSent += send.length;
  }

  /** One message of the current stream. */
  receive(data) {
    if (this.ended) return;
    if (typeof data === 'string') {
      this.end({ message: 'The game server sent text on the binary stream.' });
      return;
    }
    const now = performance.now();
    this.byteMeter.add(data.byteLength, now);
    let f;
    try {
      f = this.decoder.decode(data);
    } catch (err) {
      const head = new Uint8Array(data, 0, Math.min(1, data.byteLength));
      if (head[0] === OPCODES.SNAPSHOT && err instanceof ProtocolError) {
        if (!this.awaitingFull) {
          this.awaitingFull = true;
          this.resyncs++;
          sendFrame(this, encodeResync());
        }
      } else {
        this.end({ message: `Bad frame from the game server: ${err.message}` });
      }
      return;
    }
    if (f.op === 'WELCOME') this.applyWelcome(f);
    else if (!this.streamWelcomed) return;
    else if (f.op === 'SNAPSHOT') this.applySnapshot(f, now);
    else if (f.op === 'PONG') this.pingMs = ((Math.floor(now) >>> 0) - f.clientTimeMillis) >>> 0;
    else if (f.op === 'MOVED') followMove(this, f.gamePath);
    else if (f.op === 'FOLLOWING') this.following = f.entityId;
    else if (f.op === 'REPLAY') this.onReplay?.(f);
  }

  applyWelcome(w) {
    if (w.protocolVersion !== PROTOCOL_VERSION) {
      this.end({ message: `The server speaks protocol ${w.protocolVersion}, this page ${PROTOCOL_VERSION}. Reload.` });
      return;
    }
    const resumed = this.welcome !== null;
    this.welcome = w;
    this.selfId = w.selfId;
    this.sentTurns = [];
    this.awaitingFull = false;
    this.canvas.setAttribute?.('aria-label', 'Light cycles');
    streamWelcomed(this, resumed);
  }

  applySnapshot(s, now) {
    if (s.full) this.awaitingFull = false;
    this.snapshotsReceived++;
    if (this.moveFrom !== null) {
      this.movePauseMs = Math.round(now - this.moveFrom);
      this.moveFrom = null;
    }
    this.lastSnapshotAt = now;
    this.snapMeter.add(1, now);
    if (s.roster) this.roster = s.roster;
    for (const e of s.events) this.applyEvent(e, now);
    this.latest = s;
    this.latestAt = now;
  }

  nameOf(id) {
    return this.roster?.players.find((p) => p.id === id)?.name ?? `Rider ${id}`;
  }

  applyEvent(e, now) {
    if (e.type === 'CRASH') {
      this.crashes.push({ x: e.x, y: e.y, at: now });
      if (this.crashes.length > 16) this.crashes.shift();
      const mine = e.cycleId === this.selfId || e.byId === this.selfId;
      if (e.byId) this.hud.addKill(this.nameOf(e.byId), this.nameOf(e.cycleId), mine);
      else this.hud.addNotice(`${this.nameOf(e.cycleId)} crashed`);
      this.sound.play(e.cycleId === this.selfId ? 'hurt' : 'hit');
    } else if (e.type === 'ROUND') {
      if (e.phase === PHASES.RESULTS) {
        this.winnerId = e.winnerId;
        this.sound.play(e.winnerId === this.selfId ? 'kill' : 'respawn');
      } else if (e.phase === PHASES.COUNTDOWN) {
        this.winnerId = null;
        this.crashes = [];
      }
    } else if (e.type === 'CONNECTION') {
      this.hud.addNotice(`${this.nameOf(e.cycleId)} ${e.connected ? 'reconnected' : 'lost connection'}`);
    }
  }

  /** Seconds left in the phase, from the last snapshot's tick and the time since it came. */
  phaseSecondsLeft(now) {
    const s = this.latest;
    if (!s || s.phaseEndTick === 0) return 0;
    const tick = s.tick + (now - this.latestAt) * this.welcome.simRateHz / 1000;
    return Math.max(0, (s.phaseEndTick - tick) / this.welcome.simRateHz);
  }

  frame(now) {
    if (this.ended) return;
    this.raf = requestAnimationFrame(this.frame);
    this.fpsMeter.add(1, now);
    if (!this.welcome || !this.latest) return;
    const w = this.canvas.clientWidth || this.canvas.width;
    const h = this.canvas.clientHeight || this.canvas.height;
    const dpr = globalThis.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    this.ctx.setTransform?.(dpr, 0, 0, dpr, 0, 0);
    const s = this.latest;
    const tickMs = 1000 / this.welcome.simRateHz;
    const ahead = Math.min(1, Math.max(0, (now - this.latestAt) / tickMs));
    drawTrack(this.ctx, w, h, {
      track: this.welcome, cycles: s.cycles, ahead,
      moving: s.phase === PHASES.PLAYING || s.phase === PHASES.WAITING,
      selfId: this.spectator ? this.following : this.selfId, crashes: this.crashes, now,
    });
    this.updateHud(now);
  }

  updateHud(now) {
    const hud = this.hud;
    if (now - this.statsAt >= STATS_INTERVAL_MS) {
      this.statsAt = now;
      hud.setStats({
        pingMs: this.pingMs, snapshotsPerSecond: this.snapMeter.tick(now),
        kBytesPerSecond: this.byteMeter.tick(now) / 1000, fps: this.fpsMeter.tick(now),
      });
    }
    const s = this.latest;
    const phase = PHASE_NAMES[s.phase].toUpperCase();
    const left = this.phaseSecondsLeft(now);
    hud.setClock(phase, left, 0);
    if (this.prevPhase === 'COUNTDOWN' && phase === 'PLAYING') this.sound.play('go');
    this.prevPhase = phase;
    const second = phase === 'COUNTDOWN' ? Math.max(1, Math.ceil(left)) : null;
    if (second !== null && second !== this.countdownSecond) this.sound.play('tick');
    this.countdownSecond = second;
    hud.setCountdown(second === null ? null : String(second));
    hud.setWaiting(phase === 'WAITING');
    if (this.spectator) {
      hud.setSpectating({ name: this.following ? this.nameOf(this.following) : null },
        (step) => sendFrame(this, encodeFollow(step)));
    }
    const me = this.self();
    const out = me && !(me.flags & 1) && phase === 'PLAYING';
    hud.setRespawn(out ? { title: 'Crashed', text: 'Watch the others; the next round starts soon.' }
      : me && !(me.flags & 4) ? { title: 'Next round', text: 'You ride from the next round on.' } : null);
    const players = this.roster?.players ?? [];
    if (phase === 'RESULTS') {
      hud.showResults({
        winnerName: this.winnerId ? this.nameOf(this.winnerId) : null, winnerIsSelf: this.winnerId === this.selfId,
        players, selfId: this.selfId, secondsLeft: left,
      });
    } else {
      hud.showResults(null);
    }
    hud.showScoreboard(this.scoresHeld && phase !== 'RESULTS' ? players : null, this.selfId);
  }

  /** The session's state for the debug handle (plain copies). */
  debugState() {
    const s = this.latest;
    return {
      game: GAME, selfId: this.selfId, spectator: this.spectator, following: this.following,
      tick: s?.tick ?? null, phase: s ? PHASE_NAMES[s.phase] : null, ackSeq: s?.ackSeq ?? null,
      cycles: s ? s.cycles.map((c) => ({ id: c.id, x: c.x, y: c.y, dir: c.dir, flags: c.flags, turns: c.corners.length })) : [],
      snapshotsReceived: this.snapshotsReceived, turnsSent: this.turnsSent, resyncs: this.resyncs,
      pingMs: this.pingMs, moves: this.moves, movePauseMs: this.movePauseMs,
      fps: this.fpsMeter.tick(performance.now()),
    };
  }
}
