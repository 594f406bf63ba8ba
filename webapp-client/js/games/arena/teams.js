/**
 * Team matches (the game `teams`, protocol 10): the roster says each player's team (1 or 2, 0 in a
 * free-for-all); a team's score is its players' kills. Names, colours and the results' headline.
 */

export const TEAM_NAMES = Object.freeze(['', 'Red', 'Blue']);
/** Body colours of teams 1 and 2. */
export const TEAM_COLORS = Object.freeze(['', '#ff5d5d', '#4d9bff']);

/** [team 1's kills, team 2's] of roster players ({kills, team}). */
export function teamTotals(players) {
  const totals = [0, 0];
  for (const p of players ?? []) {
    if (p.team === 1 || p.team === 2) totals[p.team - 1] += p.kills;
  }
  return totals;
}

/**
 * The results' headline of a team match: the team of winnerId (the server names the best player of the winning
 * team, 0 on a draw) and the score, from the own team's side when it has one ("Your team wins 50-43").
 */
export function teamHeadline(players, winnerId, ownTeam) {
  const [a, b] = teamTotals(players);
  const winner = players?.find((p) => p.id === winnerId)?.team ?? 0;
  const score = `${Math.max(a, b)}–${Math.min(a, b)}`;
  if (!winner) return `Draw ${a}–${b}`;
  if (ownTeam === winner) return `Your team wins ${score}`;
  return `${TEAM_NAMES[winner]} team wins ${score}`;
}
