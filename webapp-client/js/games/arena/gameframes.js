/**
 * What a game session does with the server's frames: decoding (with a RESYNC after a snapshot that fails), the
 * WELCOME (a fresh clock, buffer, prediction and own shots), each SNAPSHOT (buffer, prediction, play area,
 * radar, roster) and its events (sounds, effects, markers, kill feed, notices), PONG, MOVED and FOLLOWING.
 * Functions of the GameSession (game.js), whose fields they update.
 */

import {
  decodeServerFrame, encodeResync, rulesFromWelcome, mapFromWelcome, ProtocolError, OPCODES, PROTOCOL_VERSION,
  PHASES, KINDS, FLAGS, LIMITS, AIM_DELAY_MS, sameRun, PICKUPS,
} from './protocol.js';
import { InputSender, keepAliveTicks } from '../../engine/sender.js';
import { SnapshotDecoder } from './snapshot.js';
import { SnapshotBuffer } from '../../engine/interpolation.js';
import { Predictor } from './prediction.js';
import { OwnShots } from './shots.js';
import { areaOf } from './movement.js';
import { rosterNotices, connectionNotice, MATCH_ABANDONED } from './notices.js';
import { streamWelcomed, sendFrame, followMove } from '../../engine/stream.js';

/** One binary message of the current stream (text, or a frame that does not decode outside snapshots, ends it). */
export function receiveFrame(session, data) {
  if (session.ended) return;
  if (typeof data === 'string') {
    session.end({ message: 'The game server sent text on the binary stream.' });
    return;
  }
  const now = performance.now();
  session.byteMeter.add(data.byteLength, now);
  let frame;
  try {
    frame = decodeServerFrame(data, session.decoder);
  } catch (err) {
    const head = new Uint8Array(data, 0, Math.min(2, data.byteLength));
    if (head[0] === OPCODES.SNAPSHOT && err instanceof ProtocolError) snapshotFailed(session, err, head[1] === 0);
    else session.end({ message: `Bad frame from the game server: ${err.message}` });
    return;
  }
  if (frame.op === 'SNAPSHOT' && frame.full) session.awaitingFull = false;
  if (frame.op === 'WELCOME') applyWelcome(session, frame, now);
  else if (!session.streamWelcomed) return; // nothing is valid before the WELCOME of this stream
  else if (frame.op === 'SNAPSHOT') applySnapshot(session, frame, now);
  else if (frame.op === 'PONG') session.pingMs = ((Math.floor(now) >>> 0) - frame.clientTimeMillis) >>> 0;
  else if (frame.op === 'MOVED') followMove(session, frame.gamePath);
  else if (frame.op === 'FOLLOWING') session.following = frame.entityId;
  else if (frame.op === 'REPLAY') session.onReplay?.(frame);
}

/**
 * A snapshot frame did not decode: the decoder has dropped its baseline, so the session asks the server
 * for a full snapshot (once) and ignores the deltas that come until it arrives (a full snapshot that fails
 * too is asked for again).
 */
export function snapshotFailed(session, err, full) {
  session.snapshotsRefused++;
  if (session.awaitingFull && !full) return;
  session.awaitingFull = true;
  session.resyncs++;
  session.lastSnapshotError = err.message;
  sendFrame(session, encodeResync());
}

/** The stream's WELCOME: the rules, map and rates of the room, and everything that depends on them. */
export function applyWelcome(session, w, now) {
  if (w.protocolVersion !== PROTOCOL_VERSION) {
    session.end({ message: `The server speaks protocol ${w.protocolVersion}, this page ${PROTOCOL_VERSION}. Reload.` });
    return;
  }
  // a resumed stream starts afresh: new clock and prediction (input numbers keep counting up, so they stay
  // above whatever the server accepted before), the last picture stays until its snapshots arrive
  const resumed = session.welcome !== null;
  const keep = resumed && session.predictor && session.placed ? session.predictor.position : null;
  session.welcome = w;
  session.selfId = w.selfId;
  session.rules = rulesFromWelcome(w);
  session.map = mapFromWelcome(w);
  session.area = null; // the play area, from the first snapshot on
  session.radar = null; // {at, points}: the others outside the view, from the snapshots' radar
  session.stepMs = 1000 / w.simRateHz;
  // inputs go out on change and as a keep-alive (protocol 9); a new stream starts with a frame at once
  session.sender = new InputSender({
    keepAliveTicks: keepAliveTicks(w.simRateHz), changeDelayTicks: Math.round(AIM_DELAY_MS * w.simRateHz / 1000),
    inputBytes: LIMITS.INPUTS_ENTRY_BYTES, sameRun,
  });
  session.decoder = new SnapshotDecoder();
  session.awaitingFull = false;
  session.buffer = new SnapshotBuffer({
    capacity: 32, simRateHz: w.simRateHz, snapshotRateHz: w.snapshotRateHz,
    sameLife: (a, b) => ((a.flags ^ b.flags) & FLAGS.ALIVE) === 0, // a death or respawn is not a move
  });
  session.predictor = new Predictor({ rules: session.rules, map: session.map });
  session.shots = new OwnShots({
    projectileSpeed: w.projectileSpeed, projectileRadius: w.projectileRadius,
    fireCooldownTicks: w.fireCooldownTicks, simRateHz: w.simRateHz, map: session.map,
    railSpeed: w.railSpeed, railCooldownTicks: w.railCooldownTicks,
  });
  session.renderer.setViewLimit(w.viewWidth, w.viewHeight);
  session.predictor.reset(keep ? keep.x : w.mapWidth / 2, keep ? keep.y : w.mapHeight / 2);
  session.placed = false;
  session.deathAt = null;
  session.acc = 0;
  session.lastFrame = now;
  streamWelcomed(session, resumed);
}

/** A decoded snapshot: into the interpolation buffer, the prediction, the play area, the radar and the roster. */
export function applySnapshot(session, s, now) {
  session.snapshotsReceived++;
  if (session.moveFrom !== null) {
    session.movePauseMs = Math.round(now - session.moveFrom);
    session.moveFrom = null;
  }
  session.lastSnapshotAt = now;
  session.snapMeter.add(1, now);
  // a match that stops because players left goes straight from playing to waiting: say so
  if (session.latest && session.latest.phase === PHASES.PLAYING && s.phase === PHASES.WAITING) {
    session.hud.addNotice(MATCH_ABANDONED);
  }
  session.latest = s;
  session.buffer.push(s, now);
  // the play area follows the player count; prediction and local shots stop where the server does
  session.area = areaOf(session.map, s.areaHalfWidth, s.areaHalfHeight);
  if (s.radar) { // about once a second: where the others outside the view are, for the edge arrows
    session.radar = {
      at: now,
      points: s.radar.map((b) => ({
        x: (b.qx + 0.5) * session.map.width / 256, y: (b.qy + 0.5) * session.map.height / 256,
      })),
    };
  }
  session.predictor.setArea(session.area);
  session.shots.area = session.area;
  if (s.roster) {
    const before = session.roster ? session.names : null;
    session.roster = s.roster;
    session.names = new Map(s.roster.players.map((p) => [p.id, p.name]));
    session.teamIds = new Map(s.roster.players.map((p) => [p.id, p.team ?? 0]));
    for (const line of rosterNotices(before, session.names, session.selfId)) session.hud.addNotice(line);
  }
  const self = s.entities.find((e) => e.id === session.selfId && e.kind === KINDS.PLAYER) ?? null;
  session.self = self;
  session.watched = session.spectator
    ? s.entities.find((e) => e.id === session.following && e.kind === KINDS.PLAYER) ?? null : null;
  if (self) {
    const alive = (self.flags & FLAGS.ALIVE) !== 0;
    if (!session.placed) {
      session.predictor.reset(self.x, self.y, s.selfVx, s.selfVy);
      session.placed = true;
    }
    session.predictor.onServerState(s.ackSeq, self.x, self.y, s.selfVx, s.selfVy,
      { active: alive && s.phase !== PHASES.RESULTS });
    if (alive && session.deathAt !== null) session.deathAt = null;
  }
  session.shots.onAck(s.ackSeq);
  for (const ev of s.events) session.onEvent(ev, s, now);
}

/** One event of snapshot s: sounds, effects and markers, the kill feed, death and respawn, the winner, notices. */
export function applyEvent(session, ev, s, now) {
  const at = (id) => s.entities.find((e) => e.id === id);
  if (ev.type === 'HIT') {
    if (ev.victimId === session.selfId) {
      session.hud.flash();
      session.sound.play('hurt');
      session.effects.hurt(now);
    } else if (ev.attackerId === session.selfId) {
      session.sound.play('hit');
    }
    const victim = at(ev.victimId);
    if (ev.attackerId === session.povId() && victim) {
      session.markers.push({ x: victim.x, y: victim.y, bornMs: now, text: `-${ev.damage}`, kill: false });
    }
  } else if (ev.type === 'KILL') {
    if (ev.killerId === session.selfId) session.sound.play('kill');
    const mine = ev.killerId === session.povId() || ev.victimId === session.povId();
    session.hud.addKill(session.nameOf(ev.killerId), session.nameOf(ev.victimId), mine);
    const victim = at(ev.victimId);
    if (ev.killerId === session.povId() && victim) {
      session.markers.push({ x: victim.x, y: victim.y, bornMs: now, text: 'KO', kill: true });
    }
    deathEffect(session, ev, victim, now);
    if (ev.victimId === session.selfId) {
      session.deathAt = now;
      session.killerName = session.nameOf(ev.killerId);
      if (ev.killerId !== ev.victimId) session.onKilled?.({ id: ev.killerId, name: session.killerName });
    }
  } else if (ev.type === 'RESPAWN') {
    if (ev.playerId === session.selfId) {
      session.deathAt = null;
      session.sound.play('respawn');
    }
  } else if (ev.type === 'MATCH') {
    session.winnerId = ev.phase === PHASES.RESULTS ? ev.winnerId : null;
  } else if (ev.type === 'CONNECTION') {
    if (ev.playerId !== session.selfId) {
      session.hud.addNotice(connectionNotice(session.nameOf(ev.playerId), ev.connected));
    }
  } else if (ev.type === 'PICKUP') {
    if (ev.playerId === session.povId()) {
      session.sound.play('pickup');
      session.hud.addNotice(PICKUP_NOTICES[ev.kind] ?? 'Pickup');
    }
  }
}

/** What the own player hears of a pickup it took (protocol 10's kinds). */
const PICKUP_NOTICES = Object.freeze({
  [PICKUPS.HEALTH]: 'Health +50', [PICKUPS.SHIELD]: 'Shield 50', [PICKUPS.DAMAGE]: 'Damage x1.5 for 10 s',
});

/**
 * A KILL: a burst in the victim's colour where it was last drawn, if it was in the snapshot. Another player is
 * drawn the interpolation delay late, so its burst (and the own kill's small shake) starts when it vanishes;
 * the own player vanishes at once.
 */
function deathEffect(session, ev, victim, now) {
  if (!victim || !session.welcome) return;
  const self = ev.victimId === session.selfId;
  const at = self ? now : now + (session.buffer?.delayMs ?? 0);
  const where = self && session.placed ? session.predictor.position : victim;
  const color = session.colorOf(ev.victimId);
  session.effects.death(where.x, where.y, color, at, session.welcome.playerRadius);
  if (ev.killerId === session.selfId && !self) session.effects.scored(at);
}
