/**
 * The games this page can play, by the name the server gives each room: each with its title, a line for the
 * lobby, its in-game help (null: the page's, the arena's) and its session class (the same constructor options and methods for every game; gameflow.js starts it).
 */

import { GameSession } from './arena/game.js';
import { CyclesSession } from './cycles/session.js';

export const GAMES = Object.freeze({
  arena: Object.freeze({
    title: 'Arena', blurb: 'Top-down shooter, everyone for themselves: two guns, pickups.', Session: GameSession, help: null,
  }),
  teams: Object.freeze({
    title: 'Team arena', blurb: 'The arena in two teams: no friendly fire, the first team to the kill limit wins.',
    Session: GameSession, help: null,
  }),
  cycles: Object.freeze({
    title: 'Light cycles', blurb: 'Turn left or right; the last one riding wins.', Session: CyclesSession,
    help: Object.freeze({
      keys: 'Arrows / WASD steer · Q E turn · Tab scores · Enter chat · I stats · M mute · Esc leave',
      touch: 'Tap the left half to turn left, the right half to turn right · Leave: tap twice',
    }),
  }),
});

/** The entry of a game by name; an unknown name (a newer server) is null. */
export function gameOf(name) {
  return Object.hasOwn(GAMES, name ?? 'arena') ? GAMES[name ?? 'arena'] : null;
}

/** A room's title of its game: the known title, or the name the server gave. */
export function gameTitle(name) {
  return gameOf(name)?.title ?? String(name ?? 'arena');
}
