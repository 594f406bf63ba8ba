// Feed lines about players joining, leaving, dropping and coming back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rosterNotices, connectionNotice } from '../js/games/arena/notices.js';

test('roster changes say who joined and who left, never the own player, nothing for the first roster', () => {
  const before = new Map([[1, 'Ann'], [2, 'Bo'], [3, 'Cy']]);
  const after = new Map([[1, 'Ann'], [3, 'Cy'], [4, 'Di'], [5, 'Me']]);
  assert.deepEqual(rosterNotices(before, after, 5), ['Di joined', 'Bo left']);
  assert.deepEqual(rosterNotices(null, after, 5), []);
  assert.deepEqual(rosterNotices(after, after, 5), []);
});

test('connection events read as lost and back', () => {
  assert.equal(connectionNotice('Ann', false), 'Ann lost connection');
  assert.equal(connectionNotice('Ann', true), 'Ann reconnected');
});
