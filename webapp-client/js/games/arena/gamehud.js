/**
 * The game screen's HUD, updated once a frame from a GameSession: network statistics (four times a second), the
 * match clock and phase, countdown and "GO!", health, the respawn notice, results and scoreboard, and a
 * spectator's bar.
 */

import { PHASE_NAMES, FLAGS } from './protocol.js';
import { sortRoster } from '../../engine/stats.js';
import { teamTotals, teamHeadline } from './teams.js';

const STATS_INTERVAL_MS = 250;
const GO_BANNER_MS = 900; // "Go!" after the countdown

/** Brings the HUD up to date for the frame at `now` (performance.now()). */
export function updateGameHud(session, now) {
  const hud = session.hud;
  if (now - session.statsAt >= STATS_INTERVAL_MS) {
    session.statsAt = now;
    hud.setStats({
      pingMs: session.pingMs,
      snapshotsPerSecond: session.snapMeter.tick(now),
      kBytesPerSecond: session.byteMeter.tick(now) / 1000,
      fps: session.fpsMeter.tick(now),
    });
  }
  const s = session.latest;
  if (!s) return;
  const phase = PHASE_NAMES[s.phase].toUpperCase();
  const left = session.phaseSecondsLeft(now);
  const limit = session.welcome.killLimit;
  hud.setClock(phase, left, limit, session.teamMode ? `first team to ${limit} kills` : null);
  if (session.prevPhase === 'COUNTDOWN' && phase === 'PLAYING') {
    session.goUntil = now + GO_BANNER_MS;
    session.sound.play('go');
  }
  session.prevPhase = phase;
  const second = phase === 'COUNTDOWN' ? Math.max(1, Math.ceil(left)) : null;
  if (second !== null && second !== session.countdownSecond) session.sound.play('tick');
  session.countdownSecond = second;
  if (phase === 'COUNTDOWN') hud.setCountdown(String(second));
  else hud.setCountdown(phase === 'PLAYING' && now < session.goUntil ? 'GO!' : null);
  hud.setWaiting(phase === 'WAITING');
  if (session.spectator) {
    hud.setSpectating({ name: session.following ? session.nameOf(session.following) : null }, (step) => session.follow(step));
  }
  const self = session.self;
  const alive = Boolean(self && (self.flags & FLAGS.ALIVE));
  hud.setHealth(alive ? self.health : 0, session.welcome.maxHealth);
  if (self && !alive && phase !== 'RESULTS') {
    const respawnSeconds = session.welcome.respawnTicks / session.welcome.simRateHz;
    const secs = session.deathAt === null ? 0 : respawnSeconds - (now - session.deathAt) / 1000;
    hud.setRespawn({
      title: session.killerName && session.deathAt !== null ? `Eliminated by ${session.killerName}` : 'Eliminated',
      text: secs > 0.05 ? `Respawning in ${Math.ceil(secs)} s` : 'Respawning…',
    });
  } else {
    hud.setRespawn(null);
  }
  const players = session.roster?.players ?? [];
  hud.setTeams(session.teamMode ? teamTotals(players) : null);
  if (phase === 'RESULTS') {
    const leader = sortRoster(players)[0];
    const winnerId = session.winnerId ?? (leader && leader.kills > 0 ? leader.id : 0);
    hud.showResults({
      winnerName: winnerId ? session.nameOf(winnerId) : null, winnerIsSelf: !session.spectator && winnerId === session.selfId,
      players, selfId: session.povId(), secondsLeft: left,
      headline: session.teamMode
        ? teamHeadline(players, winnerId, session.spectator ? 0 : session.teamOf(session.selfId)) : null,
    });
    hud.showScoreboard(null);
  } else {
    hud.showResults(null);
    hud.showScoreboard(session.controls.scoreboard ? players : null, session.povId());
  }
}
