/** Room list state driven by the lobby's `rooms` and `roomsChanged` pushes: public rooms by id, display order. */

import { plainText } from './engine/messages.js';

export const PHASE_LABELS = Object.freeze({
  waiting: 'Waiting', countdown: 'Starting', playing: 'In match', results: 'Results',
});

const PHASE_ORDER = Object.freeze({ playing: 0, countdown: 1, waiting: 2, results: 3 });

/** A room summary the list can show: an id and a name, counts as numbers; private rooms never qualify. */
export function isListable(room) {
  return Boolean(room) && typeof room === 'object' && typeof room.id === 'string' && room.id.length > 0
    && room.private !== true && Number.isFinite(room.players) && Number.isFinite(room.capacity);
}

/** A listable room as the state keeps it: the texts the view shows are strings. */
function listed(r) {
  return { ...r, name: plainText(r.name), map: plainText(r.map), phase: plainText(r.phase), game: plainText(r.game ?? 'arena') };
}

/** The state after a full list (`rooms` reply or push): replaces whatever was known. */
export function roomsFromList(rooms) {
  const map = new Map();
  for (const r of Array.isArray(rooms) ? rooms : []) {
    if (isListable(r)) map.set(r.id, listed(r));
  }
  return map;
}

/** The state after a `roomsChanged` push {updated, closed}; a room turning private drops out. */
export function applyRoomsChanged(state, { updated = [], closed = [] } = {}) {
  const map = new Map(state);
  for (const id of Array.isArray(closed) ? closed : []) map.delete(id);
  for (const r of Array.isArray(updated) ? updated : []) {
    if (isListable(r)) map.set(r.id, listed(r));
    else if (r && typeof r.id === 'string') map.delete(r.id);
  }
  return map;
}

/** The game path a spectator opens for this room (public rooms, protocol 6), or null when it cannot be watched. */
export function watchPathOf(room) {
  const p = room?.watchPath;
  return typeof p === 'string' && /^([A-Za-z0-9._-]+\/)*ws\/game\/[A-Za-z0-9_-]+\?watch$/.test(p) ? p : null;
}

/** Whether the lobby offers to watch the room: it has a watch path and somebody in it to watch. */
export function canWatch(room) {
  return watchPathOf(room) !== null && room.players > 0;
}

export function isFull(room) {
  return room.players >= room.capacity;
}

/** Display order: rooms with a free seat first, then fuller rooms first, then by phase, name and id. */
export function sortRooms(state) {
  return [...state.values()].sort((a, b) => Number(isFull(a)) - Number(isFull(b))
    || b.players - a.players
    || phaseRank(a.phase) - phaseRank(b.phase)
    || a.name.localeCompare(b.name)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function phaseRank(phase) {
  return typeof phase === 'string' && Object.hasOwn(PHASE_ORDER, phase) ? PHASE_ORDER[phase] : 9;
}

export function phaseLabel(phase) {
  return typeof phase === 'string' && Object.hasOwn(PHASE_LABELS, phase) ? PHASE_LABELS[phase] : plainText(phase);
}
