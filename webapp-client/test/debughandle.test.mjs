// The page's debug handle: a frozen plain copy of the page's state, never the session token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageState, installDebugHandle } from '../js/debughandle.js';

const app = {
  screen: 'lobby', game: null, playerId: 'p1', reconnecting: false, reconnects: 0, clusterState: null,
  chat: { lobby: [{ from: { nickname: 'Ann' }, text: 'hi', id: 1 }], room: [] }, token: 'secret-token',
};

test('the lobby side: defaults while not in a game, chat as from/text, no token', () => {
  const s = pageState({ app, playerId: null, netsim: { client: null, server: null },
    presence: [{ playerId: 'p1', nickname: 'Ann', status: 'lobby', roomId: null, since: 5 }] });
  assert.equal(s.screen, 'lobby');
  assert.equal(s.playerId, 'p1');
  assert.equal(s.selfId, null);
  assert.deepEqual(s.entities, []);
  assert.deepEqual(s.chat.lobby, [{ from: 'Ann', text: 'hi' }]);
  assert.deepEqual(s.presence, [{ playerId: 'p1', nickname: 'Ann', status: 'lobby', roomId: null }]);
  assert.equal(Object.isFrozen(s), true);
  assert.equal(JSON.stringify(s).includes('secret-token'), false, 'never the token');
});

test('the game side comes from the session, and window.skirmish reads it afresh each time', () => {
  let n = 0;
  const inGame = { ...app, screen: 'game', game: { code: 'ABC123', session: { debugState: () => ({ selfId: 7, snapshotsReceived: ++n, netsim: 'both:50~10' }) } } };
  const win = {};
  installDebugHandle(win, () => pageState({ app: inGame, playerId: 'p1', netsim: { client: null, server: null }, presence: [] }));
  assert.equal(win.skirmish.state.selfId, 7);
  assert.equal(win.skirmish.state.snapshotsReceived, 2, 'read afresh');
  assert.equal(win.skirmish.state.roomCode, 'ABC123');
  assert.equal(win.skirmish.state.netsim, 'both:50~10');
  assert.throws(() => { win.skirmish = null; }, TypeError);
});
