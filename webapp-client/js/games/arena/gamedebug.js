/** The game session's state for the page's debug handle (window.skirmish.state): plain copies only. */

import { PHASE_NAMES } from './protocol.js';
import { teamTotals } from './teams.js';

/** A snapshot of the session for automated tests and the debug handle. */
export function debugStateOf(session) {
  const s = session.latest;
  return {
    selfId: session.selfId,
    roomId: session.room?.id ?? null,
    phase: s ? PHASE_NAMES[s.phase] : null,
    entities: s ? s.entities.map(({ id, kind, x, y, flags }) => ({ id, kind, x, y, flags })) : [],
    ownPosition: session.predictor && session.placed ? session.predictor.position : null,
    snapshotsReceived: session.snapshotsReceived,
    lastTick: s ? s.tick : null,
    statsVisible: session.statsVisible,
    sound: { muted: session.sound.muted, played: session.sound.played, counts: { ...session.sound.counts } },
    area: session.area ? { ...session.area } : null,
    radarPoints: session.radar ? session.radar.points.length : 0,
    // the last frame's edge arrows toward players off the window (CSS pixels of the window)
    arrows: (session.renderer.arrows ?? []).map((a) => ({ x: Math.round(a.x), y: Math.round(a.y) })),
    camera: session.renderer.camera ? { x: session.renderer.camera.x, y: session.renderer.camera.y } : null,
    // the other living players of the last frame drawn (map units), and how many frames have been drawn
    drawn: (session.drawnOthers ?? []).map((p) => ({ id: p.id, x: p.x, y: p.y })),
    framesDrawn: session.framesDrawn ?? 0,
    viewSent: session.viewSent ?? null, // the VIEW this stream last sent: true portrait, false landscape
    // the map units the window shows (fair view: the same area for every window)
    visibleWorld: session.renderer.scale ? {
      width: session.renderer.width / session.renderer.scale, height: session.renderer.height / session.renderer.scale,
    } : null,
    // protocol 10: the match mode, the teams' kills, the pickups lying on the map, the own health byte (+ shield)
    mode: session.welcome ? session.welcome.mode : null,
    teamKills: session.teamMode ? teamTotals(session.roster?.players) : null,
    pickupsLying: session.pickupsLying().length,
    health: session.self ? session.self.health : null,
    roster: session.roster
      ? { version: session.roster.version, players: session.roster.players.map((p) => ({ ...p })) } : null,
    prediction: session.predictor ? {
      pendingInputs: session.predictor.pending.length,
      corrections: session.predictor.corrections,
      lastError: session.predictor.lastError,
      lastSeq: session.seq,
      inputFrames: session.inputFrames,
      ackSeq: session.latest?.ackSeq ?? 0,
    } : null,
    pingMs: session.pingMs,
    interpolationDelayMs: session.buffer ? session.buffer.delayMs : null,
    jitterMs: session.buffer ? session.buffer.jitterMs : null,
    resyncs: session.resyncs,
    moves: session.moves,
    movePauseMs: session.movePauseMs,
    snapshotsRefused: session.snapshotsRefused,
    lastSnapshotError: session.lastSnapshotError,
    netsim: session.netsimProfile() ? session.netsim.client : null,
    serverNetsim: session.netsim.server ?? null,
    localProjectiles: session.shots ? session.shots.shots.length : 0,
    spectator: session.spectator ? {
      following: session.following, name: session.following ? session.nameOf(session.following) : null,
      inView: session.watched !== null, camera: session.watchCamera ? { ...session.watchCamera } : null,
    } : null,
    // game feel: flashes, bursts and shakes started (and running), the last frame's marker text boxes
    effects: {
      ...session.effects.summary(performance.now()),
      markerBoxes: session.renderer.markerBoxes.map((b) => ({ ...b })),
    },
  };
}
