import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaysFromList, replayPlayers, formatDuration, endingLabel, agoLabel } from '../js/replays.js';
import { ReplayState, formatTicks, SPEEDS } from '../js/engine/replaybar.js';
import { decodeClientFrame, REPLAY } from '../js/games/arena/protocol.js';
import { killReplayPath } from '../js/gameflow.js';

const entry = {
  id: 'r1', game: 'arena', room: 'Arena night', map: 'arena', ending: 'results', startedAt: 1, endedAt: 2,
  seconds: 312.5, bytes: 40000, watchPath: 'ws/replay/r1', downloadPath: 'replays/r1',
  players: [{ name: 'bo', scores: [13, 14] }, { name: 'ana', scores: [14, 13] }, { name: 'cy', scores: [2, 9] }],
};

test('the lobby keeps the replays that have what a row needs, in the order sent', () => {
  const list = replaysFromList([entry, { id: 'x' }, null, { ...entry, id: 'r0', players: 'no' }]);
  assert.deepEqual(list.map((r) => r.id), ['r1', 'r0']);
  assert.deepEqual(list[1].players, []);
  assert.deepEqual(replaysFromList('nope'), []);
});

test('a replay row names the players best first, its length and how it ended', () => {
  const [r] = replaysFromList([entry]);
  assert.equal(replayPlayers(r), 'ana 14 · bo 13 · cy 2');
  const many = { ...r, players: 'abcdef'.split('').map((n, i) => ({ name: n, scores: [i] })) };
  assert.equal(replayPlayers(many), 'f 5 · e 4 · d 3 · c 2 · +2');
  assert.equal(formatDuration(312.5), '5:12');
  assert.equal(endingLabel('abandoned'), 'stopped early');
  assert.equal(agoLabel(0, 30_000), 'just now');
  assert.equal(agoLabel(0, 5 * 60_000), '5 min ago');
  assert.equal(agoLabel(0, 125 * 60_000), '2 h ago');
});

test('the replay controls send what the server reads: pause, speed, seek, and play again from the end', () => {
  const s = new ReplayState();
  s.update({ flags: 0, speedQuarters: 4, tickRateHz: 60, position: 600, length: 18000 });
  assert.equal(s.timeText(), '0:10 / 5:00');
  assert.deepEqual(decodeClientFrame(s.togglePause()), { op: 'REPLAY_CONTROL', paused: true, speedQuarters: 4, seek: REPLAY.NO_SEEK });
  assert.deepEqual(decodeClientFrame(s.stepSpeed(1)), { op: 'REPLAY_CONTROL', paused: true, speedQuarters: 8, seek: REPLAY.NO_SEEK });
  assert.equal(decodeClientFrame(s.setSpeed(99)).speedQuarters, 16, 'at most 4x');
  assert.equal(decodeClientFrame(s.stepSpeed(1)).speedQuarters, 16);
  assert.equal(decodeClientFrame(s.setSpeed(0)).speedQuarters, 2, 'at least 0.5x');
  assert.equal(decodeClientFrame(s.seekBy(-20)).seek, 0, 'not before the start');
  assert.equal(decodeClientFrame(s.seekBy(5)).seek, 300);
  assert.equal(decodeClientFrame(s.seekTo(1e9)).seek, 18000, 'not past the end');
  s.update({ flags: REPLAY.AT_END, speedQuarters: 4, tickRateHz: 60, position: 18000, length: 18000 });
  assert.deepEqual(decodeClientFrame(s.togglePause()), { op: 'REPLAY_CONTROL', paused: false, speedQuarters: 4, seek: 0 });
  s.update({ flags: 0, speedQuarters: 4, tickRateHz: 60, position: 600, length: 18000 });
  assert.deepEqual(decodeClientFrame(s.stepTick(1)), { op: 'REPLAY_CONTROL', paused: true, speedQuarters: 4, seek: 601 },
    'one tick on, paused');
  assert.equal(decodeClientFrame(s.stepTick(-1)).seek, 600);
  assert.deepEqual(SPEEDS, [2, 4, 8, 16]);
  assert.equal(formatTicks(3599, 60), '0:59');
});

test('a kill replay opens on the node of the game stream, following the killer', () => {
  assert.equal(killReplayPath('n/b/ws/game/abcd2345?ticket=t1.x', 'abcd2345', 7),
    'n/b/ws/replay/abcd2345?last=6&follow=7');
  assert.equal(killReplayPath('ws/game/abcd2345?ticket=t', 'abcd2345', 3), 'ws/replay/abcd2345?last=6&follow=3');
});
