/** The feed lines about who came, went, dropped and came back, from the roster and the CONNECTION events. */

/**
 * Lines for the players who joined or left between two rosters (Maps id -> name; the own player excluded).
 * Nothing when before is null (the first roster of a stream is not news).
 */
export function rosterNotices(before, after, selfId) {
  if (!before) return [];
  const out = [];
  for (const [id, name] of after) {
    if (id !== selfId && !before.has(id)) out.push(`${name} joined`);
  }
  for (const [id, name] of before) {
    if (id !== selfId && !after.has(id)) out.push(`${name} left`);
  }
  return out;
}

/** The line for a CONNECTION event of player name. */
export function connectionNotice(name, connected) {
  return connected ? `${name} reconnected` : `${name} lost connection`;
}

/** The line when a match stops because too few players are left (PLAYING straight to WAITING). */
export const MATCH_ABANDONED = 'Match over: not enough players left';
