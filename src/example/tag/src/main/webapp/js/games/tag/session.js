/**
 * Shared-cursor tag in the browser, on the SDK only: the engine's stream, frames and HUD; this file decodes the
 * game's bytes (WELCOME: u16 field; SNAPSHOT: the engine's entity deltas of the dots, engine/entities.js, with the
 * schema TagWorld.java declares), sends the arrow
 * keys (or the SDK's touch stick, dragged anywhere on the canvas) as one direction byte when they change, and draws
 * the dots.
 */

import {
  Reader, BitReader, OPCODES, PROTOCOL_VERSION, ProtocolError, readWelcomeHeader, readSnapshotHeader,
  applyRosterBlock, readEngineFrame, encodePing, encodeInputFrame,
} from '../../engine/wire.js';
import {
  openStream, sendFrame, streamWelcomed, followMove, netsimProfileOf, startSession, endSession,
} from '../../engine/stream.js';
import { Stick, StickOverlay, TouchSurface } from '../../engine/touch.js';
import { EntitySchema, Entities, readEntities } from '../../engine/entities.js';

const KEYS = { ArrowUp: 1, KeyW: 1, ArrowDown: 2, KeyS: 2, ArrowLeft: 4, KeyA: 4, ArrowRight: 8, KeyD: 8 };
const STICK = [8, 8 | 2, 2, 2 | 4, 4, 4 | 1, 1, 1 | 8]; // the stick's eight sectors, clockwise from right

/** The dots on the wire: the same fields, in the same order, as TagWorld.DOTS in Java. */
const DOTS = EntitySchema.builder().moving('x', 16).moving('y', 16).plain('it', 1).build();

class TagDecoder {
  constructor() {
    this.dots = new Entities(DOTS, 64);
    this.field = 0;
    this.header = null;
    this.roster = new Map();
    this.rosterVersion = -1;
  }

  decode(data) {
    const r = new Reader(data);
    const op = r.u8('opcode');
    if (op === OPCODES.WELCOME) {
      const h = readWelcomeHeader(r);
      if (h.game !== 'tag') throw new ProtocolError(`a room of another game: ${h.game}`);
      this.field = r.u16('field');
      r.end();
      return { op: 'WELCOME', ...h, field: this.field };
    }
    if (op !== OPCODES.SNAPSHOT) {
      const f = readEngineFrame(op, r);
      if (!f) throw new ProtocolError(`unknown opcode ${op}`, 1003);
      r.end();
      return f;
    }
    const b = new BitReader(data, 1);
    const h = readSnapshotHeader(b, this.header);
    readEntities(b, this.dots, h.baseAge, h.tick);
    b.align();
    const dots = this.dots.toObjects().map((d) => ({ id: d.id, x: d.x, y: d.y, it: d.it === 1 }));
    for (let i = 0; i < h.eventCount; i++) b.u8(); // tag sends no events
    if (h.roster) this.rosterVersion = applyRosterBlock(b, this.roster, this.rosterVersion, 1);
    b.end();
    this.header = h;
    return { op: 'SNAPSHOT', tick: h.tick, phase: h.phase, dots };
  }
}

export class TagSession {
  constructor({ room, canvas, hud, onDrop, onEnd, netsim = { client: null, server: null }, toUrl = null, spectator = false }) {
    Object.assign(this, { room, canvas, hud, onDrop, onEnd, netsim, toUrl, spectator });
    this.ctx = canvas.getContext('2d');
    this.welcome = null;
    this.latest = null;
    this.keys = 0;
    this.seq = 0;
    this.moves = 0;
    this.moveFrom = null;
    this.lastSnapshotAt = null;
    this.pendingInputs = [];
    this.ended = false;
    this.sent = 0;
    const stick = new Stick();
    let overlay = null;
    const send = () => { // keys and stick together, sent when they change
      const dir = this.keys | (STICK[stick.sector(8)] ?? 0);
      if (dir !== this.sent && this.welcome && !this.spectator) {
        sendFrame(this, encodeInputFrame(++this.seq, [Uint8Array.of(dir)]));
      }
      this.sent = dir;
    };
    const key = (down) => (e) => {
      if (this.controls.suspended || !(e.code in KEYS)) return;
      e.preventDefault?.();
      this.keys = down ? this.keys | KEYS[e.code] : this.keys & ~KEYS[e.code];
      send();
    };
    const onDown = key(true);
    const onUp = key(false);
    const touch = new TouchSurface(canvas, {
      start: (t, now) => !this.controls.suspended && stick.start(t, now),
      move: (t) => stick.move(t),
      end: (t, now) => stick.end(t, now),
      change: () => { (overlay ??= new StickOverlay(canvas)).place(stick.held); send(); },
    });
    this.controls = {
      suspended: false,
      attach() { window.addEventListener('keydown', onDown); window.addEventListener('keyup', onUp); touch.attach(); },
      detach() { window.removeEventListener('keydown', onDown); window.removeEventListener('keyup', onUp); touch.detach(); },
      clear: () => { this.keys = 0; this.sent = 0; stick.clear(); overlay?.place(null); },
      setSuspended(on) { this.suspended = Boolean(on); },
    };
    this.frame = this.frame.bind(this);
  }

  createDecoder() { return new TagDecoder(); }

  start(url) {
    return startSession(this, url, {
      labels: ['Points', ''], values: (p) => [p.points, ''], sort: (ps) => [...ps].sort((a, b) => b.points - a.points),
      goal: () => 'do not be it', health: false,
    });
  }

  reopen(url) { return openStream(this, url); }

  leave() { this.end({ left: true }); }

  end(info) { endSession(this, info); }

  sendPing() { sendFrame(this, encodePing(performance.now())); }

  netsimProfile() { return netsimProfileOf(this.netsim.client); }

  receive(data) {
    if (this.ended || typeof data === 'string') return;
    let f;
    try {
      f = this.decoder.decode(data);
    } catch (err) {
      this.end({ message: `Bad frame from the game server: ${err.message}` });
      return;
    }
    if (f.op === 'WELCOME') {
      if (f.protocolVersion !== PROTOCOL_VERSION) {
        this.end({ message: `The server speaks protocol ${f.protocolVersion}, this page ${PROTOCOL_VERSION}.` });
        return;
      }
      const resumed = this.welcome !== null;
      this.welcome = f;
      streamWelcomed(this, resumed);
    } else if (f.op === 'SNAPSHOT') {
      this.latest = f;
      this.lastSnapshotAt = performance.now();
    } else if (f.op === 'MOVED') {
      followMove(this, f.gamePath);
    } else if (f.op === 'REPLAY') {
      this.onReplay?.(f); // watching a replay: the page's replay bar shows where it is
    }
  }

  frame() {
    if (this.ended) return;
    this.raf = requestAnimationFrame(this.frame);
    if (!this.welcome || !this.latest) return;
    const w = this.canvas.clientWidth || this.canvas.width;
    const h = this.canvas.clientHeight || this.canvas.height;
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const scale = Math.min(w, h) / this.welcome.field;
    const ox = (w - this.welcome.field * scale) / 2;
    const oy = (h - this.welcome.field * scale) / 2;
    const c = this.ctx;
    c.fillStyle = '#0b0f1a';
    c.fillRect(0, 0, w, h);
    c.fillStyle = '#111827';
    c.fillRect(ox, oy, this.welcome.field * scale, this.welcome.field * scale);
    for (const d of this.latest.dots) {
      c.fillStyle = d.it ? '#f72585' : d.id === this.welcome.selfId ? '#4cc9f0' : '#e0e1dd';
      c.beginPath();
      c.arc(ox + d.x * scale, oy + d.y * scale, Math.max(4, 12 * scale), 0, Math.PI * 2);
      c.fill();
    }
    const players = [...this.decoder.roster.values()].map((p) => ({ id: p.id, name: p.name, points: p.scores[0] }));
    this.hud.setClock('WAITING', 0, 0);
    this.hud.setWaiting(this.latest.phase === 0);
    this.hud.showScoreboard(players, this.welcome.selfId);
  }

  debugState() {
    return { game: 'tag', selfId: this.welcome?.selfId ?? null, tick: this.latest?.tick ?? null, dots: this.latest?.dots ?? [] };
  }
}
