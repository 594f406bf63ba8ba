/** Who is online, from the lobby's `presence` and `presenceChanged` pushes: player entries by id, status texts. */

import { plainText } from './engine/messages.js';

const STATUSES = new Set(['lobby', 'room', 'playing']);

function entry(p) {
  if (!p || typeof p !== 'object' || typeof p.playerId !== 'string' || !p.playerId) return null;
  const status = STATUSES.has(p.status) ? p.status : 'lobby';
  const inRoom = status !== 'lobby';
  return {
    playerId: p.playerId,
    nickname: plainText(p.nickname),
    status,
    roomId: inRoom && typeof p.roomId === 'string' ? p.roomId : null,
    roomName: inRoom && typeof p.roomName === 'string' ? p.roomName : null,
  };
}

/** The state after a full `presence` push {players, total}. */
export function presenceFromList({ players = [], total } = {}) {
  const map = new Map();
  for (const p of Array.isArray(players) ? players : []) {
    const e = entry(p);
    if (e) map.set(e.playerId, e);
  }
  return { players: map, total: Number.isInteger(total) && total >= map.size ? total : map.size };
}

/**
 * The state after a `presenceChanged` push {updated, left, total}. The server lists at most 500 players by name and
 * sends the total with each push; a push without a valid total is counted along: a player not known yet comes, a
 * player leaves (also one we never saw while the list was cut short).
 */
export function applyPresenceChanged(state, { updated = [], left = [], total: sent } = {}) {
  const map = new Map(state.players);
  let total = state.total;
  const capped = state.total > state.players.size;
  for (const id of Array.isArray(left) ? left : []) {
    if (map.delete(id) || capped) total--;
  }
  for (const p of Array.isArray(updated) ? updated : []) {
    const e = entry(p);
    if (!e) continue;
    if (!map.has(e.playerId)) total++;
    map.set(e.playerId, e);
  }
  if (Number.isInteger(sent) && sent >= 0) total = sent;
  return { players: map, total: Math.max(map.size, total) };
}

/** Display order: yourself first, then players in a match, in a room, in the lobby; by nickname within. */
export function sortPresence(state, selfId = null) {
  const rank = { playing: 0, room: 1, lobby: 2 };
  return [...state.players.values()].sort((a, b) => Number(b.playerId === selfId) - Number(a.playerId === selfId)
    || rank[a.status] - rank[b.status]
    || a.nickname.localeCompare(b.nickname)
    || (a.playerId < b.playerId ? -1 : a.playerId > b.playerId ? 1 : 0));
}

/** 'in lobby', 'in room Arena 1', 'playing in Arena 1'; private rooms have no name on the wire. */
export function statusText(e) {
  if (e.status === 'playing') return e.roomName !== null ? `playing in ${e.roomName}` : 'playing (private room)';
  if (e.status === 'room') return e.roomName !== null ? `in room ${e.roomName}` : 'in a private room';
  return 'in lobby';
}
