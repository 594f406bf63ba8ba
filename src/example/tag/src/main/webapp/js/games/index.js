/** The games this page plays: only tag (the SDK's page imports this file; docs/games.md). */

import { TagSession } from './tag/session.js';

export const GAMES = Object.freeze({
  tag: Object.freeze({
    title: 'Tag', blurb: 'Touch someone to pass "it" on; every second free scores.', Session: TagSession,
    help: Object.freeze({ keys: 'Arrows / WASD move · Esc leave', touch: 'Drag a thumb to move · Leave: tap twice' }),
  }),
});

export function gameOf(name) {
  return Object.hasOwn(GAMES, name ?? '') ? GAMES[name] : null;
}

export function gameTitle(name) {
  return gameOf(name)?.title ?? String(name ?? '');
}
