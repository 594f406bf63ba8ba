/**
 * The lobby's list of replays (docs/replays.md): the `replays` reply's entries checked and shaped for the page,
 * and the texts a row shows. Pure functions; the view is in lobbyview.js.
 */

const ENDINGS = Object.freeze({
  results: 'finished', abandoned: 'stopped early', cut: 'part', closed: 'room closed', excerpt: 'excerpt',
});

function text(v, max = 64) {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** The entries of a `replays` reply that have what a row needs (others are dropped), newest first as sent. */
export function replaysFromList(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const r of list) {
    if (!r || typeof r !== 'object' || typeof r.id !== 'string' || !r.id || typeof r.watchPath !== 'string'
      || typeof r.downloadPath !== 'string') continue;
    const players = Array.isArray(r.players) ? r.players.filter((p) => p && typeof p.name === 'string')
      .map((p) => ({ name: text(p.name, 32), scores: Array.isArray(p.scores) ? p.scores.filter(Number.isFinite) : [] }))
      : [];
    out.push({
      id: r.id, game: text(r.game, 16), room: text(r.room), map: text(r.map, 32), ending: text(r.ending, 16),
      seconds: Number.isFinite(r.seconds) ? r.seconds : 0, endedAt: Number.isFinite(r.endedAt) ? r.endedAt : 0,
      bytes: Number.isFinite(r.bytes) ? r.bytes : 0, players, watchPath: r.watchPath, downloadPath: r.downloadPath,
    });
  }
  return out;
}

/** "m:ss" of a number of seconds. */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The players of a replay, the best first score first: "ana 14 · bo 13 · cy 2" (at most four, then "+N"). */
export function replayPlayers(replay) {
  const sorted = [...replay.players].sort((a, b) => (b.scores[0] ?? 0) - (a.scores[0] ?? 0) || a.name.localeCompare(b.name));
  const shown = sorted.slice(0, 4).map((p) => (p.scores.length ? `${p.name} ${p.scores[0]}` : p.name));
  if (sorted.length > 4) shown.push(`+${sorted.length - 4}`);
  return shown.join(' · ') || 'nobody';
}

/** How the recording ended, in words ('finished', 'stopped early', ...). */
export function endingLabel(ending) {
  return ENDINGS[ending] ?? ending;
}

/** How long ago a time was: "just now", "5 min ago", "2 h ago". */
export function agoLabel(at, now = Date.now()) {
  const min = Math.floor((now - at) / 60000);
  if (!(min >= 1)) return 'just now';
  if (min < 60) return `${min} min ago`;
  return `${Math.floor(min / 60)} h ago`;
}
