/**
 * What a game session draws each animation frame: the other players and their projectiles interpolated, the
 * own player predicted with its shots in the present, markers, effects, the radar's edge arrows, and a
 * spectator's camera. Gathers the picture for Renderer.draw (render.js); a function of the GameSession (game.js).
 */

import { MARKER_LIFETIME_MS } from './render.js';
import { KINDS, FLAGS } from './protocol.js';

const RADAR_STALE_MS = 2500; // edge arrows fade out when no radar came for this long (about two radars)
const RADAR_NEAR_VISIBLE = 400; // a radar point this near a drawn player is that player (units; ~1 s of running)

/**
 * Draws a frame: other players interpolated at renderTick, the own player predicted, other players'
 * projectiles interpolated, and the own player's ones in the present (local predictions, then the server's
 * moved forward by the inputs it has not acknowledged yet). alpha: the part of an input step since the last one.
 */
export function drawFrame(session, now, alpha, renderTick, dt) {
  const w = session.welcome;
  const selfId = session.selfId;
  const remote = session.buffer.sample(renderTick);
  // the others' shots, as drawn: a new projectile by its owner (or the FIRED flag) flashes the owner's muzzle
  session.effects.observe(remote, selfId, now, 2 * w.playerRadius + 1.5 * w.projectileSpeed / w.snapshotRateHz);
  const players = [];
  const projectiles = [];
  for (const e of remote) {
    if (e.kind === KINDS.PROJECTILE) {
      if (e.owner !== selfId) projectiles.push(e);
    } else if (e.id !== selfId && (e.flags & FLAGS.ALIVE)) {
      players.push({ ...e, name: session.nameOf(e.id), color: session.colorOf(e.id), team: session.teamOf(e.id) });
    }
  }
  session.shots.update(dt, players, w.playerRadius + w.projectileRadius);
  if (session.latest) {
    const aheadMs = (session.seq - session.latest.ackSeq + alpha) * session.stepMs;
    projectiles.push(...session.shots.fromServer(session.latest.entities, selfId, aheadMs));
  }
  projectiles.push(...session.shots.local);
  const own = session.predictor.displayPosition(alpha);
  const self = session.self;
  if (self && (self.flags & FLAGS.ALIVE)) {
    players.push({
      id: selfId, x: own.x, y: own.y, angle: session.aim, health: self.health,
      flags: self.flags, name: session.nameOf(selfId), self: true, color: session.colorOf(selfId),
      team: session.teamOf(selfId),
    });
  }
  session.markers = session.markers.filter((m) => now - m.bornMs < MARKER_LIFETIME_MS);
  session.effects.prune(now);
  for (const p of players) p.flash = session.effects.flash(p.id, now);
  const { renderer, map } = session;
  renderer.draw({
    map, area: session.area, camera: renderer.cameraFor(session.spectator ? spectatorFocus(session, remote) : own, map),
    players, projectiles, pickups: session.pickupsLying(),
    radar: arrowPoints(radarPoints(session.radar, now, players), players),
    // no damage numbers while the own player is down: the "Eliminated by" notice sits where they would be drawn
    markers: self && !(self.flags & FLAGS.ALIVE) && !session.spectator ? [] : session.markers, nowMs: now,
    shake: session.effects.shakeOffset(now), bursts: session.effects.visibleBursts(now),
    playerRadius: w.playerRadius, projectileRadius: w.projectileRadius, maxHealth: w.maxHealth,
  });
  session.selfScreen = renderer.worldToScreen(own.x, own.y);
  session.framesDrawn = (session.framesDrawn ?? 0) + 1;
  session.drawnOthers = players.filter((p) => !p.self); // for the debug state: the frame the arrows belong to
}

/** Where a spectator's view is centred: the watched player as drawn, else where the view last was (or the middle). */
function spectatorFocus(session, remote) {
  const watched = remote.find((e) => e.id === session.following && e.kind === KINDS.PLAYER);
  if (watched) session.watchCamera = { x: watched.x, y: watched.y };
  return session.watchCamera ?? { x: session.map.width / 2, y: session.map.height / 2 };
}

/**
 * Where the edge arrows point: the radar's points (players beyond the area the server sends) and every other
 * player drawn now. A player the server sends may still be off the window (the window shows less than the
 * area, by its shape): the renderer draws an arrow for each point off screen and nothing for the others.
 */
export function arrowPoints(radar, players) {
  const out = radar ? [...radar] : [];
  for (const p of players) {
    if (!p.self) out.push({ x: p.x, y: p.y });
  }
  return out;
}

/**
 * The radar's points for the edge arrows: none once it is stale, and none near a player drawn now (who came
 * into view since the radar; the radar is up to a second old). radar: {at, points} or null.
 */
export function radarPoints(radar, now, players) {
  if (!radar || now - radar.at >= RADAR_STALE_MS) return null;
  return radar.points.filter((q) => !players.some((p) => !p.self
    && (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) < RADAR_NEAR_VISIBLE * RADAR_NEAR_VISIBLE));
}
