// Lobby state reducers: the room list (rooms / roomsChanged) and who is online (presence / presenceChanged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roomsFromList, applyRoomsChanged, sortRooms, phaseLabel, watchPathOf, canWatch } from '../js/rooms.js';
import { presenceFromList, applyPresenceChanged, sortPresence, statusText } from '../js/presence.js';

const room = (id, players, capacity = 8, extra = {}) => ({
  id, name: `Room ${id}`, players, capacity, map: 'Arena', phase: 'waiting', private: false, ...extra,
});
const ids = (state) => sortRooms(state).map((r) => r.id);

test('rooms: a full list replaces the state; private and malformed rooms are left out', () => {
  let s = roomsFromList([room('a', 1), room('b', 3), room('p', 2, 8, { private: true }), { id: 7 }, null]);
  assert.deepEqual([...s.keys()].sort(), ['a', 'b']);
  s = roomsFromList([room('c', 1)]);
  assert.deepEqual([...s.keys()], ['c']);
  assert.equal(roomsFromList(undefined).size, 0);
});

test('rooms: roomsChanged updates, adds and closes without touching the old state', () => {
  const s0 = roomsFromList([room('a', 1), room('b', 3)]);
  const s1 = applyRoomsChanged(s0, { updated: [room('a', 5, 8, { phase: 'countdown' }), room('c', 2)], closed: ['b'] });
  assert.deepEqual([...s0.keys()].sort(), ['a', 'b'], 'the old state is not modified');
  assert.deepEqual(ids(s1), ['a', 'c']);
  assert.equal(s1.get('a').players, 5);
  assert.equal(s1.get('a').phase, 'countdown');
  // a room that turns private drops out; closing an unknown id is harmless; missing fields mean no change
  const s2 = applyRoomsChanged(s1, { updated: [room('c', 2, 8, { private: true })], closed: ['zz'] });
  assert.deepEqual(ids(s2), ['a']);
  assert.deepEqual(ids(applyRoomsChanged(s2, {})), ['a']);
});

test('rooms: open rooms first, fuller first, then phase, name and id', () => {
  const s = roomsFromList([
    room('full', 4, 4, { phase: 'playing' }), room('one', 1), room('three', 3, 8, { phase: 'results' }),
    room('three-b', 3, 8, { phase: 'playing' }), room('z', 1, 8, { name: 'Alpha' }), room('y', 1, 8, { name: 'Alpha' }),
  ]);
  assert.deepEqual(ids(s), ['three-b', 'three', 'y', 'z', 'one', 'full']);
});

test('rooms: every phase has a label', () => {
  assert.deepEqual(['waiting', 'countdown', 'playing', 'results'].map(phaseLabel),
    ['Waiting', 'Starting', 'In match', 'Results']);
  assert.equal(phaseLabel('something-new'), 'something-new');
});

const ann = { playerId: 'p1', nickname: 'Ann', status: 'lobby' };
const bob = { playerId: 'p2', nickname: 'Bob', status: 'playing', roomId: 'r1', roomName: 'Arena 1' };
const cid = { playerId: 'p3', nickname: 'Cid', status: 'room' };

test('presence: full list, changes, leaves and the running total', () => {
  const s0 = presenceFromList({ players: [ann, bob, { nickname: 'no id' }], total: 2 });
  assert.equal(s0.players.size, 2);
  assert.equal(s0.total, 2);
  const s1 = applyPresenceChanged(s0, { updated: [{ ...ann, status: 'room', roomId: 'r1', roomName: 'Arena 1' }, cid], left: ['p2'] });
  assert.equal(s0.players.get('p1').status, 'lobby', 'the old state is not modified');
  assert.deepEqual([...s1.players.keys()].sort(), ['p1', 'p3']);
  assert.equal(s1.players.get('p1').status, 'room');
  assert.equal(s1.players.get('p1').roomId, 'r1');
  assert.equal(s1.total, 2);
  // leaving twice does not count twice
  assert.equal(applyPresenceChanged(s1, { left: ['p2'] }).total, 2);
});

test('presence: a list cut short keeps the server total and counts unknown leavers', () => {
  const s0 = presenceFromList({ players: [ann], total: 800 });
  assert.equal(s0.total, 800);
  const s1 = applyPresenceChanged(s0, { left: ['someone-not-listed'], updated: [bob] });
  assert.equal(s1.total, 800);
  assert.equal(presenceFromList({ players: [ann, bob], total: 1 }).total, 2, 'never fewer than listed');
  // the server's total wins over the running count: players beyond the listed ones change the total only
  const s2 = applyPresenceChanged(s1, { updated: [], left: [], total: 950 });
  assert.equal(s2.total, 950);
  assert.equal(s2.players.size, 2);
  assert.equal(applyPresenceChanged(s2, { updated: [cid], left: [], total: 1 }).total, 3, 'never fewer than listed');
  assert.equal(applyPresenceChanged(s2, { left: ['p1'], total: 'x' }).total, 949, 'a bad total is counted along');
});

test('presence: yourself first, then playing, in a room, in the lobby; status texts', () => {
  const s = presenceFromList({ players: [ann, bob, cid, { playerId: 'p0', nickname: 'Zed', status: 'lobby' }], total: 4 });
  assert.deepEqual(sortPresence(s, 'p0').map((e) => e.playerId), ['p0', 'p2', 'p3', 'p1']);
  assert.deepEqual(sortPresence(s).map((e) => e.playerId), ['p2', 'p3', 'p1', 'p0']);
  assert.equal(statusText(s.players.get('p1')), 'in lobby');
  assert.equal(statusText(s.players.get('p2')), 'playing in Arena 1');
  assert.equal(statusText(s.players.get('p3')), 'in a private room');
  assert.equal(statusText({ status: 'room', roomName: 'X' }), 'in room X');
  assert.equal(s.players.get('p1').roomId, null, 'no room in the lobby');
  // an unknown status is shown as the lobby rather than breaking the list
  assert.equal(presenceFromList({ players: [{ playerId: 'q', nickname: 'Q', status: 'afk' }] }).players.get('q').status, 'lobby');
});

test('a room can be watched when its summary has a watch path and somebody is in it', () => {
  const room = { id: 'k3x9p2qa', players: 2, capacity: 4, watchPath: 'ws/game/k3x9p2qa?watch' };
  assert.equal(watchPathOf(room), 'ws/game/k3x9p2qa?watch');
  assert.equal(canWatch(room), true);
  assert.equal(watchPathOf({ ...room, watchPath: 'n/b/ws/game/k3x9p2qa?watch' }), 'n/b/ws/game/k3x9p2qa?watch', 'a node path');
  assert.equal(canWatch({ ...room, players: 0 }), false, 'nobody to watch');
  assert.equal(canWatch({ ...room, watchPath: undefined }), false, 'an older server or a private room');
  for (const bad of ['https://evil.example/ws/game/x?watch', '//evil/ws/game/x?watch', 'ws/game/x?ticket=1', 'ws/game/../x?watch', 7]) {
    assert.equal(watchPathOf({ ...room, watchPath: bad }), null, String(bad));
  }
});
